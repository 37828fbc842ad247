"""The Document: what every reader produces and every recognizer reads.

A document's ``text`` is the analysable text with speaker labels stripped, one turn a line, so
offsets in findings point into it and a model cannot key on how a transcript labels its speakers.
Each :class:`Turn` remembers where its text sits in ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

Kind = Literal["call", "email", "sms", "chat", "text", "popup"]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True, slots=True)
class Turn:
    """One utterance or line: who said it, what, and when (seconds, if known)."""

    speaker: str | None
    text: str
    start: float | None = None
    end: float | None = None
    offset: int = 0  # where ``text`` starts inside Document.text


@dataclass(slots=True)
class Document:
    """A message or conversation ready for analysis."""

    kind: Kind
    text: str
    turns: list[Turn] = field(default_factory=list)
    headers: dict[str, list[str]] = field(default_factory=dict)
    subject: str | None = None
    source: str | None = None
    notes: list[str] = field(default_factory=list)  # what a reader could not read, in plain words
    attachments: list[str] = field(default_factory=list)  # an email's attachments' file names, read or not
    attached_at: int | None = None  # where the text read from attachments starts in ``text`` (it follows the message)

    @classmethod
    def from_turns(
        cls,
        kind: Kind,
        turns: list[Turn],
        *,
        source: str | None = None,
        notes: list[str] | None = None,
    ) -> Document:
        """Build a document whose text is the turns' text, one a line, with offsets filled in."""
        placed: list[Turn] = []
        parts: list[str] = []
        pos = 0
        for turn in turns:
            text = turn.text.strip()
            if not text:
                continue
            placed.append(Turn(turn.speaker, text, turn.start, turn.end, pos))
            parts.append(text)
            pos += len(text) + 1
        return cls(kind=kind, text="\n".join(parts), turns=placed, source=source, notes=notes or [])

    @property
    def own_end(self) -> int:
        """Where the message's own text ends: the start of the text read from attachments, or the end."""
        return len(self.text) if self.attached_at is None else self.attached_at

    def header(self, name: str) -> str | None:
        """The first value of an email header, matched without regard to case."""
        values = self.headers.get(name.lower())
        return values[0] if values else None

    def turn_at(self, offset: int) -> Turn | None:
        """The turn that contains ``offset`` in ``text``, if the document has turns."""
        lo, hi = 0, len(self.turns) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            turn = self.turns[mid]
            if offset < turn.offset:
                hi = mid - 1
            elif offset > turn.offset + len(turn.text):
                lo = mid + 1
            else:
                return turn
        return None

    @property
    def speakers(self) -> list[str]:
        """Distinct speaker names in order of first appearance."""
        seen: dict[str, None] = {}
        for turn in self.turns:
            if turn.speaker:
                seen.setdefault(turn.speaker, None)
        return list(seen)
