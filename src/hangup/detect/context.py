"""Context: who is talking to whom, and is this a scam or a warning about one?

A police warning uses every word a scammer uses. What differs is the framing: a scammer talks to
you ("install AnyDesk"), a warning talks about them ("scammers may ask you to install AnyDesk").
A genuine helpdesk call that the person started may ask to connect remotely, but never for gift
cards or secrecy. This stage lowers the weight of findings (and, for calls the person started,
of whole tactics) accordingly; it never adds any.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import yaml

from hangup.detect.findings import Finding
from hangup.detect.regex import PatternSet, compile_pattern, union
from hangup.documents.model import Document
from hangup.errors import RuleError
from hangup.indicators.patterns import Scanner

# fixed and free of nested repeats, so Python's engine is linear on it, and faster than RE2 here
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n")
_SCOPE = 150  # a warning word frames findings at most this many characters away, in its sentence
OTHER_SPEAKER_FACTOR = 0.5


@dataclass(frozen=True, slots=True)
class ContextReport:
    """What the context stage concluded about the document."""

    warning: bool  # the document reads as a warning or article about scams
    warning_sentences: int
    user_initiated: bool  # the person contacted the company themselves
    suspect: str | None  # in a conversation, the speaker the evidence points at
    tactic_factors: dict[str, float]  # multipliers for whole tactics (calls the user started)


def _load(data: dict[str, Any] | None) -> dict[str, Any]:
    if data is not None:
        return data
    text = (resources.files("hangup.detect") / "context.yaml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict):
        raise RuleError("context.yaml: expected a mapping")
    return loaded


class ContextAnalyzer:
    """Adjusts findings for warning framing, user-started conversations and speakers."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        cfg = _load(data)
        try:
            warn = cfg["warning"]
            self._warning = compile_pattern(union(warn["patterns"]))
            self._sentence_factor = float(warn["sentence_factor"])
            self._document_factor = float(warn["document_factor"])
            self._document_share = float(warn["document_share"])
            self._min_sentences = int(warn["min_sentences"])
            user = cfg["user_initiated"]
            self._user = compile_pattern(union(user["patterns"]))
            self._user_min = int(user["min_matches"])
            self._user_factors: dict[str, float] = {k: float(v) for k, v in user["factors"].items()}
            # one pass says which of the three can match at all; most texts match none
            self._any = PatternSet(
                [union(warn["patterns"]), union(user["patterns"]), union(cfg["callback_from_alert"]["patterns"])]
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"context.yaml: missing or invalid entry {exc}") from exc

    def apply(self, doc: Document, findings: list[Finding]) -> tuple[list[Finding], ContextReport]:
        """The findings with context factors applied, and what was concluded."""
        text = doc.text
        present = set(self._any.matching(text)) if findings else set()
        scanner = Scanner(text)
        warned: dict[int, list[int]] = defaultdict(list)  # sentence index -> warning positions
        ends: list[int] = []
        if 0 in present:
            ends = [m.end() for m in _SENTENCE_END.finditer(text)]
            for spans in scanner.finditer(self._warning):
                start = spans[0][0]
                warned[bisect.bisect_right(ends, start)].append(start)

        def in_warning(f: Finding) -> bool:
            if not warned:
                return False
            positions = warned.get(bisect.bisect_right(ends, f.start), [])
            return any(abs(p - f.start) <= _SCOPE for p in positions)

        framed = [in_warning(f) for f in findings]
        share = sum(framed) / len(findings) if findings else 0.0
        is_warning = len(warned) >= self._min_sentences and share >= self._document_share
        user_hits = sum(1 for _ in scanner.finditer(self._user)) if 1 in present else 0
        user_initiated = user_hits >= self._user_min and 2 not in present
        suspect = self._suspect(doc, findings)

        adjusted: list[Finding] = []
        for finding, in_frame in zip(findings, framed, strict=True):
            factor = 1.0
            if in_frame:
                factor *= self._sentence_factor
            elif is_warning:
                factor *= self._document_factor
            turn = doc.turn_at(finding.start) if doc.turns else None
            speaker = turn.speaker if turn is not None else None
            if suspect is not None and speaker is not None and speaker != suspect:
                factor *= OTHER_SPEAKER_FACTOR
            adjusted.append(replace(finding, factor=factor, speaker=speaker))
        factors = dict(self._user_factors) if user_initiated else {}
        report = ContextReport(is_warning, len(warned), user_initiated, suspect, factors)
        return adjusted, report

    @staticmethod
    def _suspect(doc: Document, findings: list[Finding]) -> str | None:
        if len(doc.speakers) < 2:
            return None
        totals: dict[str, float] = defaultdict(float)
        for f in findings:
            turn = doc.turn_at(f.start)
            if turn is not None and turn.speaker:
                totals[turn.speaker] += f.weight
        if not totals:
            return None
        return max(totals, key=lambda s: totals[s])
