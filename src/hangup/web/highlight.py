"""Evidence for people: the sentences a tactic was found in, with the words that gave it away marked.

Templates print each :class:`Part` as text, inside ``<mark>`` when ``marked``; Jinja escapes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from hangup.detect.verdict import Evidence, Verdict
from hangup.documents import Document

AROUND = 80  # characters of context shown each side of the evidence on its line
MAX_LINES = 3  # lines of evidence shown per tactic
MAX_MESSAGE_CHARS = 50_000  # longest message shown in full, marked


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    marked: bool = False


@dataclass(slots=True)
class Snippet:
    """One line of the message (or one email header) with evidence marked."""

    parts: list[Part] = field(default_factory=list)
    speaker: str | None = None
    header: bool = False


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with touching or overlapping ones joined."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _parts(text: str, left: int, right: int, spans: list[tuple[int, int]]) -> list[Part]:
    parts: list[Part] = []
    pos = left
    for span_start, span_end in spans:
        start, end = max(span_start, left), min(span_end, right)
        if start >= end:
            continue
        if start > pos:
            parts.append(Part(text[pos:start]))
        parts.append(Part(text[start:end], marked=True))
        pos = end
    if pos < right:
        parts.append(Part(text[pos:right]))
    return parts


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def evidence_snippets(text: str, evidence: list[Evidence], max_lines: int = MAX_LINES) -> list[Snippet]:
    """Each line holding evidence once (at most ``max_lines``), all evidence on it marked."""
    out: list[Snippet] = []
    lines: dict[tuple[int, int], list[Evidence]] = {}
    for ev in evidence:
        if ev.start < 0 or ev.end > len(text):  # an email header, not part of the text
            out.append(Snippet([Part(ev.text, marked=True)], header=True))
            continue
        lines.setdefault(_line_bounds(text, ev.start), []).append(ev)
    for (line_start, line_end), items in list(lines.items())[:max_lines]:
        spans = _merge((ev.start, min(ev.end, line_end)) for ev in items)
        left = max(line_start, spans[0][0] - AROUND)
        right = min(line_end, spans[-1][1] + AROUND)
        parts = _parts(text, left, right, spans)
        if left > line_start:
            parts.insert(0, Part("…"))
        if right < line_end:
            parts.append(Part("…"))
        out.append(Snippet(parts, speaker=items[0].speaker))
    return out


def marked_message(doc: Document, verdict: Verdict) -> tuple[list[Snippet], bool]:
    """The whole message, a line (or turn) at a time, every piece of evidence marked; and whether it was cut."""
    text = doc.text
    shown = min(len(text), MAX_MESSAGE_CHARS)
    spans = _merge(
        (ev.start, ev.end) for t in verdict.tactics for ev in t.evidence if 0 <= ev.start < ev.end <= len(text)
    )
    out: list[Snippet] = []
    pos = 0
    while pos < shown:
        end = text.find("\n", pos)
        end = shown if end < 0 or end > shown else end
        turn = doc.turn_at(pos) if doc.turns else None
        inside = [(max(s, pos), min(e, end)) for s, e in spans if s < end and e > pos]
        out.append(Snippet(_parts(text, pos, end, inside), speaker=turn.speaker if turn else None))
        pos = end + 1
    return out, shown < len(text)
