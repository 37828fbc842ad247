"""The guard's catalogue: LOLRMM data plus guard.yaml, local additions, search, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hangup.cli import app
from hangup.errors import ConfigError
from hangup.guard.catalog import Catalog, GuardData, build_catalog, load_catalog
from hangup.indicators.datafiles import load_json


def test_shipped_catalogue_adds_linux_and_macos_names(catalog: Catalog) -> None:
    anydesk = catalog.tools["AnyDesk"]
    assert {"anydesk.exe", "anydesk"} <= {p.lower() for p in anydesk.processes}
    assert 7070 in anydesk.ports
    assert "teamviewerd" in catalog.tools["TeamViewer"].processes
    assert "rustdesk" in catalog.tools["RustDesk"].processes
    assert any("AnyDesk.app" in p for p in anydesk.paths)
    assert len(catalog.tools) > 250  # the whole LOLRMM catalogue is there


def test_resolve_by_name_alias_or_process(catalog: Catalog) -> None:
    assert catalog.resolve("anydesk").name == "AnyDesk"  # type: ignore[union-attr]
    assert catalog.resolve("AnyDesk.exe").name == "AnyDesk"  # type: ignore[union-attr]
    assert catalog.resolve("teamviewerd").name == "TeamViewer"  # type: ignore[union-attr]
    assert catalog.resolve("quick assist").name == "Quick Assist"  # type: ignore[union-attr]
    assert catalog.resolve("notepad") is None


def test_generic_ports_and_ranges_are_not_tool_ports(catalog: Catalog) -> None:
    for port in (22, 80, 443, 3478, 8080):
        assert port not in catalog.ports
    assert catalog.ports[5938] == "TeamViewer"
    assert catalog.ports[3389] == "Remote Desktop (RDP)"


def test_generic_names_and_globs(catalog: Catalog) -> None:
    for name in ("rundll32", "svchost", "dwm", "explorer", "java", "python3.11", "javaw", "wine64-preloader"):
        assert catalog.is_generic(name), name
    assert not catalog.is_generic("anydesk")


def test_quiet_tools_never_alert(catalog: Catalog) -> None:
    assert not catalog.tools["PuTTY"].alerts
    assert not catalog.tools["NVDA"].alerts  # a screen reader
    assert catalog.tools["AnyDesk"].alerts


def test_search(catalog: Catalog) -> None:
    names = [t.name for t in catalog.search("teamview")]
    assert names == ["TeamViewer"]
    assert [t.name for t in catalog.search("5938")] == ["TeamViewer"]
    assert len(catalog.search("")) == len(catalog.tools)


def test_local_file_adds_a_tool(tmp_path: Path) -> None:
    local = tmp_path / "mine.yaml"
    local.write_text("tools:\n  HelpMe:\n    new: true\n    processes: [helpme-agent]\n    ports: [47001]\n"
                     "  AnyDesk:\n    processes: [anydesk-custom]\n", encoding="utf-8")
    catalog = load_catalog(local)
    assert catalog.resolve("helpme-agent").name == "HelpMe"  # type: ignore[union-attr]
    assert catalog.ports[47001] == "HelpMe"
    assert "anydesk-custom" in catalog.tools["AnyDesk"].processes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tools:\n  NoSuchTool:\n    processes: [x]\n", "not in the catalogue"),
        ("tools:\n  AnyDesk:\n    prosesses: [x]\n", "prosesses"),
        ("tools: [", "not valid YAML"),
        ("quiet: [Nobody]\n", "quiet tool"),
        ("generic_ports: [http]\n", "generic_ports"),
    ],
)
def test_bad_local_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    local = tmp_path / "bad.yaml"
    local.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_catalog(local)


def test_missing_local_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        load_catalog(tmp_path / "absent.yaml")


def test_port_ranges_in_lolrmm_are_ignored() -> None:
    rmm = {"tools": [{"name": "X", "names": ["X"], "ports": ["1000-65535", 443, "7777"]}]}
    catalog = build_catalog(rmm, [("t", GuardData(generic_ports=[443]))])
    assert catalog.ports == {7777: "X"}


def test_guard_yaml_names_every_tool_it_extends() -> None:
    rmm_names = {t["name"] for t in load_json("rmm_tools.json")["tools"]}
    assert {"AnyDesk", "TeamViewer", "RustDesk", "Quick Assist"} <= rmm_names


def test_catalog_command_lists_and_searches() -> None:
    runner = CliRunner()
    found = runner.invoke(app, ["guard", "catalog", "rustdesk"])
    assert found.exit_code == 0
    assert "RustDesk" in found.output and "21115" in found.output
    none = runner.invoke(app, ["guard", "catalog", "zzzz-nothing"])
    assert none.exit_code == 0 and "No tool matches" in none.output
