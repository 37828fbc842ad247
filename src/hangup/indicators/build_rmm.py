"""Regenerate ``data/rmm_tools.json`` from the LOLRMM catalogue (maintainer tool, not used at run time).

Usage: ``python -m hangup.indicators.build_rmm /path/to/shared/rmm_tools.json``

Input is the converted LOLRMM catalogue (magicsword-io/LOLRMM, Apache-2.0; see NOTICE). The output
keeps, per tool: one canonical name (near-duplicate entries merged through ``canonical`` in
``remote_tools.yaml``), its names, its distinctive executable names, its domains (without the few
regular-expression entries) and its ports.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import re2
import yaml

DATA = Path(__file__).with_name("data")

# Executable names that belong to Windows itself or are too generic to name a tool.
GENERIC_EXECUTABLES = frozenset(
    {
        "regedit.exe", "cmd.exe", "powershell.exe", "rundll32.exe", "svchost.exe", "explorer.exe",
        "msiexec.exe", "osqueryi.exe", "connect.exe", "setup.exe", "install.exe", "update.exe",
        "client.exe", "agent.exe", "service.exe", "launcher.exe", "remote.exe", "host.exe",
        "server.exe", "viewer.exe", "support.exe", "helper.exe", "updater.exe", "uninstall.exe",
        "remote_host.exe", "mstsc.exe", "conhost.exe", "winvnc.exe", "vncviewer.exe", "rdpclip.exe",
        "ssh.exe", "sshd.exe", "putty.exe", "bash", "sh", "ssh", "sshd",
    }
)
_PARENS = re2.compile(r"\s*\([^)]*\)")
_EXECUTABLE = re2.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.\-]{2,60}\.(?:exe|app|dmg|msi|pkg)$")


def _names(tool: dict[str, Any]) -> list[str]:
    name = str(tool["name"])
    base = _PARENS.sub("", name).strip()
    return [base] if base else [name]


def _executables(tool: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for names in (tool.get("executables") or {}).values():
        for exe in names:
            if "*" in exe or exe.lower() in GENERIC_EXECUTABLES or not _EXECUTABLE.search(exe):
                continue
            if len(exe.rsplit(".", 1)[0]) < 5:
                continue
            found.append(exe)
    return found


def build(source: dict[str, Any], curated: dict[str, Any]) -> dict[str, Any]:
    """The compact catalogue from the converted LOLRMM catalogue and the curated YAML."""
    canonical_of: dict[str, str] = curated.get("canonical") or {}
    extra: dict[str, list[str]] = curated.get("aliases") or {}
    tools: dict[str, dict[str, Any]] = {}
    for tool in source["tools"]:
        slug = str(tool["slug"])
        canonical = canonical_of.get(slug) or _names(tool)[0]
        entry = tools.setdefault(
            canonical,
            {"name": canonical, "slugs": [], "names": [], "executables": [], "domains": [], "ports": []},
        )
        entry["slugs"].append(slug)
        for value in [canonical, *_names(tool), *extra.get(slug, [])]:
            if value.lower() not in {n.lower() for n in entry["names"]}:
                entry["names"].append(value)
        for exe in _executables(tool):
            if exe.lower() not in {e.lower() for e in entry["executables"]}:
                entry["executables"].append(exe)
        for raw in tool.get("domains") or []:
            domain = str(raw).lower()
            if any(ch in domain for ch in "[]{}()\\|+?^$") or domain in entry["domains"]:
                continue
            entry["domains"].append(domain)
        for port in tool.get("ports") or []:
            if port not in entry["ports"]:
                entry["ports"].append(port)
    # An executable shared by two different tools names neither.
    owners: dict[str, set[str]] = {}
    for entry in tools.values():
        for exe in entry["executables"]:
            owners.setdefault(exe.lower(), set()).add(entry["name"])
    for entry in tools.values():
        entry["executables"] = [e for e in entry["executables"] if len(owners[e.lower()]) == 1]
        for key in ("executables", "domains", "ports"):
            if not entry[key]:
                del entry[key]
    meta = source.get("meta", {})
    return {
        "meta": {
            "source": "https://github.com/magicsword-io/LOLRMM",
            "source_commit": meta.get("source_commit", ""),
            "license": "Apache-2.0, see LICENSE-LOLRMM.txt and the NOTICE file",
            "modified": "merged near-duplicate entries under one canonical name; kept only names, "
            "distinctive executable names, domains (no regex entries) and ports",
        },
        "tools": sorted(tools.values(), key=lambda t: str(t["name"]).lower()),
    }


def main(argv: list[str] | None = None) -> int:
    """Read the converted LOLRMM JSON given as the only argument, write ``data/rmm_tools.json``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m hangup.indicators.build_rmm RMM_TOOLS_JSON\n")
        return 2
    source = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    curated = yaml.safe_load((DATA / "remote_tools.yaml").read_text(encoding="utf-8"))
    result = build(source, curated)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    (DATA / "rmm_tools.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
