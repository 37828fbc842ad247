"""The guard's catalogue of remote-access tools: the LOLRMM-derived catalogue plus ``data/guard.yaml``.

``rmm_tools.json`` (shared with indicator extraction) gives each tool's names, Windows executable
names and ports; ``guard.yaml`` adds macOS/Linux process names, install paths, distinctive ports,
the tools that are logged but never alerted (``quiet``), the generic names that never match on
their own (``never_alone``) and the ports that say nothing (``generic_ports``). A local YAML file
with the same layout (setting ``guard_catalog``) adds to both.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hangup.errors import ConfigError
from hangup.indicators.datafiles import load_json
from hangup.yamldata import load_yaml

Port = int
_INSTALLERS = (".dmg", ".msi", ".pkg")
_STRIP = (".exe", ".app")
_FIELDS = ("names", "processes", "paths", "ports", "guard_ports")


class ToolData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    new: bool = False
    names: list[str] = Field(default_factory=list)
    processes: list[str] = Field(default_factory=list)
    paths: list[str] = Field(default_factory=list)
    ports: list[int] = Field(default_factory=list)


class GuardData(BaseModel):
    """The layout of ``guard.yaml`` and of a local catalogue file."""

    model_config = ConfigDict(extra="forbid")
    tools: dict[str, ToolData] = Field(default_factory=dict)
    quiet: list[str] = Field(default_factory=list)
    never_alone: list[str] = Field(default_factory=list)
    generic_ports: list[int] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Tool:
    """One remote-access tool. ``alerts`` is False for quiet tools (logged, never alerted)."""

    name: str
    names: tuple[str, ...]
    processes: tuple[str, ...]
    paths: tuple[str, ...]
    ports: tuple[Port, ...]
    alerts: bool = True


def process_key(name: str) -> str:
    """How a process or file name is compared: base name, lower case, without ``.exe``/``.app``."""
    base = re.split(r"[\\/]", name.strip().rstrip("\\/"))[-1].lower()
    for suffix in _STRIP:
        if base.endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)]
    return base


def path_key(path: str) -> str:
    """How a path is compared with the catalogue's globs: ``/`` separators, lower case."""
    return path.replace("\\", "/").lower()


class Catalog:
    """Every tool by name, the port map and the generic names."""

    def __init__(self, tools: dict[str, Tool], never_alone: list[str], ports: dict[Port, str]) -> None:
        self.tools = tools
        self.ports = ports
        self._generic = {process_key(n) for n in never_alone if not any(c in n for c in "*?[")}
        globs = [fnmatch.translate(n.lower()) for n in never_alone if any(c in n for c in "*?[")]
        self._generic_globs = re.compile("|".join(globs)) if globs else None
        self._lookup: dict[str, Tool] = {}
        for tool in tools.values():
            for value in (tool.name, *tool.names, *tool.processes):
                self._lookup.setdefault(process_key(value), tool)

    def is_generic(self, key: str) -> bool:
        """True for a name that must never match a tool on its own (``rundll32``, ``python3.11``...)."""
        return key in self._generic or bool(self._generic_globs and self._generic_globs.fullmatch(key))

    def resolve(self, text: str) -> Tool | None:
        """The tool a user means by ``text``: its name, another of its names, or a process name."""
        return self._lookup.get(process_key(text))

    def search(self, text: str = "") -> list[Tool]:
        """Tools whose name, other names, process names or ports contain ``text`` (all when empty)."""
        needle = text.strip().lower()
        found = []
        for tool in sorted(self.tools.values(), key=lambda t: t.name.lower()):
            hay = [tool.name, *tool.names, *tool.processes, *(str(p) for p in tool.ports)]
            if not needle or any(needle in value.lower() for value in hay):
                found.append(tool)
        return found


def _read_guard_yaml(text: str, where: str) -> GuardData:
    try:
        raw = load_yaml(text)
        return GuardData.model_validate(raw or {})
    except yaml.YAMLError as exc:
        raise ConfigError(f"guard catalogue {where} is not valid YAML: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"guard catalogue {where}: {loc}: {first['msg']}") from exc


def _int_ports(values: list[Any]) -> list[Port]:
    """Integer ports only: LOLRMM also lists ranges such as ``1000-65535``, which say nothing."""
    ports = []
    for value in values:
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            ports.append(int(value))
    return ports


def _distinct(names: list[str]) -> tuple[str, ...]:
    """Names in order, each once whatever its case (the first spelling wins)."""
    kept: dict[str, str] = {}
    for name in names:
        kept.setdefault(name.lower(), name)
    return tuple(kept.values())


def build_catalog(rmm: dict[str, Any], layers: list[tuple[str, GuardData]]) -> Catalog:
    """Merge the LOLRMM-derived catalogue with guard layers (shipped first, then local)."""
    entries: dict[str, dict[str, list[Any]]] = {}
    for tool in rmm.get("tools", []):
        exes = [str(e) for e in tool.get("executables", []) if not str(e).lower().endswith(_INSTALLERS)]
        entries[str(tool["name"])] = {
            "names": [str(n) for n in tool.get("names", [])],
            "processes": exes,
            "paths": [],
            "ports": _int_ports(tool.get("ports", [])),
            "guard_ports": [],
        }
    quiet: set[str] = set()
    never_alone: list[str] = []
    generic_ports: set[Port] = set()
    for where, layer in layers:
        for name, data in layer.tools.items():
            if name not in entries and not data.new:
                raise ConfigError(f"guard catalogue {where}: tool {name!r} is not in the catalogue (add new: true)")
            entry = entries.setdefault(name, {key: [] for key in _FIELDS})
            entry["names"] += data.names
            entry["processes"] += data.processes
            entry["paths"] += data.paths
            entry["guard_ports"] += data.ports
        for name in layer.quiet:
            if name not in entries:
                raise ConfigError(f"guard catalogue {where}: quiet tool {name!r} is not in the catalogue")
            quiet.add(name)
        never_alone += layer.never_alone
        generic_ports.update(layer.generic_ports)
    ports: dict[Port, str] = {}
    for name, entry in entries.items():  # the guard's own port choices first, then LOLRMM's
        for port in entry["guard_ports"]:
            ports.setdefault(port, name)
    for name, entry in entries.items():
        for port in entry["ports"]:
            if port not in generic_ports:
                ports.setdefault(port, name)
    tools = {}
    for name, entry in entries.items():
        own_ports = sorted({p for p, owner in ports.items() if owner == name})
        tools[name] = Tool(
            name=name,
            names=tuple(dict.fromkeys(n for n in entry["names"] if n != name)),
            processes=_distinct(entry["processes"]),
            paths=tuple(dict.fromkeys(entry["paths"])),
            ports=tuple(own_ports),
            alerts=name not in quiet,
        )
    return Catalog(tools, never_alone, ports)


def load_catalog(local: Path | None = None) -> Catalog:
    """The shipped catalogue, plus the local file ``local`` (setting ``guard_catalog``) when given."""
    try:
        shipped = resources.files("hangup.guard").joinpath("data", "guard.yaml").read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"guard catalogue data/guard.yaml cannot be read: {exc}") from exc
    layers = [("data/guard.yaml", _read_guard_yaml(shipped, "data/guard.yaml"))]
    if local is not None:
        try:
            text = local.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"guard catalogue {local} cannot be read: {exc}") from exc
        layers.append((str(local), _read_guard_yaml(text, str(local))))
    return build_catalog(load_json("rmm_tools.json"), layers)
