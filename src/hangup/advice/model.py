"""The typed shapes of advice: a jurisdiction's :class:`AdvicePack` and the :class:`Advice` built from it.

Packs are data (``packs/*.yaml``) read by :mod:`hangup.advice.loader`; these classes are what the
rest of hangup sees, so nothing outside this package depends on the YAML layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

Verdict = Literal["scam", "suspicious", "not_scam"]
VERDICTS: tuple[str, ...] = get_args(Verdict)
ReportWhen = Literal["scam", "suspicious"]
REQUIRED_SITUATIONS: tuple[str, ...] = ("gave_access", "paid", "gave_details")


@dataclass(frozen=True, slots=True)
class Source:
    """A page the advice in a pack is taken from."""

    name: str
    url: str


@dataclass(frozen=True, slots=True)
class ReportTo:
    """Where to report, as shown to the reader: who, and how to reach them."""

    name: str
    how: str


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """A reporting service in a pack, with the message kinds and verdicts it applies to.

    ``tactics`` narrows the entry to messages showing one of those tactics (empty: any message).
    """

    name: str
    how: str
    channels: tuple[str, ...]
    when: tuple[str, ...]
    tactics: tuple[str, ...] = ()

    def applies(self, *, verdict: str, kind: str, tactic_ids: frozenset[str]) -> bool:
        """Whether the entry should be shown for this verdict, message kind and set of tactics."""
        if verdict not in self.when or kind not in self.channels:
            return False
        return not self.tactics or not tactic_ids.isdisjoint(self.tactics)

    def to_report_to(self) -> ReportTo:
        """The reader-facing part of the entry."""
        return ReportTo(name=self.name, how=self.how)


@dataclass(frozen=True, slots=True)
class AdvicePack:
    """Everything hangup tells people in one jurisdiction.

    ``tactics`` maps tactic ids to advice; ``if_already`` maps situations (``gave_access``,
    ``paid``, ``gave_details``...) to steps, titled by ``if_already_titles``. ``notes`` holds
    warning-level remarks found while loading (unknown tactic ids, advice filled in from the
    tactic catalogue).
    """

    jurisdiction: str
    name: str
    region: str
    language: str
    general: tuple[str, ...]
    not_scam: tuple[str, ...]
    tactics: dict[str, str]
    if_already: dict[str, tuple[str, ...]]
    if_already_titles: dict[str, str]
    report_to: tuple[ReportEntry, ...]
    sources: tuple[Source, ...]
    source: Path | str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IfAlready:
    """What to do if the reader has already done something the scammer asked."""

    situation: str
    title: str
    steps: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Advice:
    """Advice for one verdict: what to do, what to do if it is too late, and where to report."""

    advice: list[str] = field(default_factory=list)
    if_already: list[IfAlready] = field(default_factory=list)
    report_to: list[ReportTo] = field(default_factory=list)
