"""Is this process a remote-access tool? Matching on what the system says about it.

Each of these can name the tool: the process name, the executable's file name, the name it was
started as (``argv[0]``), the Windows version info's original file name, the executable's path,
and for interpreters and launchers (``python``, ``java``, ``wine``, ``sh``...) the program they run.
Generic names never match on their own. When the names disagree (a file called ``anydesk`` run as
``notes``, or ``AnyDesk.exe`` renamed to ``invoice.exe``) the reasons say so.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from hangup.guard.catalog import Catalog, Tool, path_key, process_key
from hangup.guard.model import ProcessFacts

_COMM_LEN = 15  # Linux keeps only the first 15 characters of a process name
_PRIORITY = ("original file name", "file", "path", "process name", "started as", "runs")


@dataclass(frozen=True, slots=True)
class Match:
    tool: Tool
    reasons: tuple[str, ...]


def _basename(path: str) -> str:
    return re.split(r"[\\/]", path.rstrip("\\/"))[-1]


def _program_arguments(args: tuple[str, ...]) -> list[str]:
    """The first two arguments that are not options: what an interpreter or launcher runs
    (the second because an option may take a value: ``java -cp lib Main``)."""
    found = []
    for arg in args[:12]:
        if arg.startswith("-") or (len(arg) == 2 and arg.startswith("/")):
            continue
        found.append(arg)
        if len(found) == 2:
            break
    return found


class Matcher:
    """Matches :class:`ProcessFacts` against the catalogue."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._by_key: dict[str, Tool] = {}
        for tool in catalog.tools.values():
            for name in tool.processes:
                key = process_key(name)
                if len(key) >= 3 and not catalog.is_generic(key):
                    self._by_key.setdefault(key, tool)
        self._paths = [
            (re.compile(fnmatch.translate(path_key(glob))), tool)
            for tool in catalog.tools.values()
            for glob in tool.paths
        ]

    def tool_for_name(self, name: str, *, truncated: bool = False) -> Tool | None:
        """The tool a process or file name belongs to; ``truncated`` allows a cut Linux name."""
        key = process_key(name)
        if not key or self.catalog.is_generic(key):
            return None
        tool = self._by_key.get(key)
        if tool is None and truncated and len(name) == _COMM_LEN:
            owners = {t.name: t for k, t in self._by_key.items() if k.startswith(key)}
            tool = next(iter(owners.values())) if len(owners) == 1 else None
        return tool

    def tool_for_path(self, path: str) -> Tool | None:
        normal = path_key(path)
        for pattern, tool in self._paths:
            if pattern.match(normal):
                return tool
        return None

    def match(self, facts: ProcessFacts) -> Match | None:
        """The tool this process is, with the reasons, or None."""
        exe_name = _basename(facts.exe) if facts.exe else ""
        argv0 = _basename(facts.cmdline[0]) if facts.cmdline else ""
        hits: dict[str, tuple[Tool, str]] = {}

        def note(label: str, tool: Tool | None, value: str) -> None:
            if tool is not None:
                hits.setdefault(label, (tool, value))

        note("process name", self.tool_for_name(facts.name, truncated=True), facts.name)
        note("file", self.tool_for_name(exe_name), exe_name)
        note("started as", self.tool_for_name(argv0), argv0)
        if facts.original_name:
            note("original file name", self.tool_for_name(facts.original_name), facts.original_name)
        if facts.exe:
            note("path", self.tool_for_path(facts.exe), facts.exe)
        own = [process_key(n) for n in (facts.name, exe_name, argv0) if n]
        if any(self.catalog.is_generic(k) for k in own):
            for program in _program_arguments(facts.cmdline[1:]):
                note("runs", self.tool_for_name(_basename(program)) or self.tool_for_path(program), program)
        if not hits:
            return None
        tool = next(hits[label][0] for label in _PRIORITY if label in hits)
        reasons = [f"{label} {value!r}" for label, (t, value) in hits.items() if t is tool]
        reasons += self._disguise(facts, exe_name)
        return Match(tool, tuple(reasons))

    @staticmethod
    def _disguise(facts: ProcessFacts, exe_name: str) -> list[str]:
        """Say when the names a process goes by disagree: a renamed copy or a borrowed name."""
        notes = []
        shown = process_key(facts.name)
        if exe_name and shown and shown != process_key(exe_name) and not exe_name.startswith(facts.name):
            notes.append(f"renamed: runs as {facts.name!r} but the file is {exe_name!r}")
        if facts.original_name and exe_name and process_key(facts.original_name) != process_key(exe_name):
            notes.append(f"renamed copy: the file {exe_name!r} was built as {facts.original_name!r}")
        return notes
