"""Remote-access tools named in a text (AnyDesk, TeamViewer, "any desk", "anydesk.exe" ...).

Names come from the LOLRMM catalogue (``data/rmm_tools.json``, derived by ``build_rmm.py``) plus the
hand-curated spellings in ``data/remote_tools.yaml``. Names that are ordinary English words
("rescue", "level", "putty") count only near a remote-access context word; excluded names never
count. ``normalized`` is the tool's canonical name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hangup.indicators.datafiles import load_json, load_yaml
from hangup.indicators.model import Indicator
from hangup.indicators.patterns import Scanner, spaced_form
from hangup.indicators.phrases import Phrase, PhraseMatcher


class ToolFinder:
    """Finds remote-access tool names; also maps a host name to the tool that owns it."""

    def __init__(
        self, catalogue: dict[str, Any] | None = None, curated: dict[str, Any] | None = None
    ) -> None:
        catalogue = catalogue if catalogue is not None else load_json("rmm_tools.json")
        curated = curated if curated is not None else load_yaml("remote_tools.yaml")
        ambiguous = {spaced_form(str(n)) for n in curated.get("ambiguous") or []}
        excluded = {spaced_form(str(n)) for n in curated.get("exclude") or []}
        phrases: list[Phrase] = []

        def add(text: str, canonical: str) -> None:
            form = spaced_form(text)
            if form in excluded or len(form) < 3:
                return
            phrases.append(Phrase(text, canonical, needs_context=form in ambiguous))

        for canonical, spellings in (curated.get("spellings") or {}).items():
            for spelling in [canonical, *(spellings or [])]:
                add(str(spelling), str(canonical))
        self._exact_hosts: dict[str, str] = {}
        self._suffix_hosts: dict[str, str] = {}
        self.names: list[str] = []
        for tool in catalogue.get("tools", []):
            name = str(tool["name"])
            self.names.append(name)
            for alias in tool.get("names", []):
                add(str(alias), name)
            for exe in tool.get("executables", []):
                add(str(exe), name)
            for raw in tool.get("domains", []):
                domain = str(raw).lower()
                if domain.startswith("*."):
                    self._suffix_hosts.setdefault(domain[2:], name)
                elif "*" not in domain:
                    self._exact_hosts.setdefault(domain, name)
        words = [str(w) for w in curated.get("context") or []]
        self._matcher = PhraseMatcher(phrases, context_words=words, window=60)

    def find(self, scanner: Scanner) -> Iterator[Indicator]:
        """Every tool name in the text."""
        for hit in self._matcher.finditer(scanner):
            yield Indicator("remote_access_tool", hit.value, hit.canonical, hit.start, hit.end)

    def tool_for_host(self, host: str) -> str | None:
        """The tool whose catalogue lists ``host`` (exactly or under a ``*.`` wildcard)."""
        host = host.lower().rstrip(".")
        found = self._exact_hosts.get(host)
        if found is not None:
            return found
        labels = host.split(".")
        for i in range(len(labels) - 1):
            found = self._suffix_hosts.get(".".join(labels[i:]))
            if found is not None:
                return found
        return None
