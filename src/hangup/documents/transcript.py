"""Speaker-labelled transcripts (``Caller: ...``, ``[00:01:02] Agent: ...``) to a call Document."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from hangup.documents.labels import ROLES, Label, label_head, parse_label
from hangup.documents.model import Document, Kind, Turn

logger = logging.getLogger(__name__)

_SNIFF_LINES = 400


@dataclass(slots=True)
class _Open:
    speaker: str | None
    start: float | None
    parts: list[str]


def _labels(lines: list[str]) -> list[Label | None]:
    return [parse_label(line) if line.strip() else None for line in lines]


def _accepted(labels: list[Label | None]) -> set[str]:
    """Speaker names to believe: colon labels, role words, and dash labels used at least twice."""
    return _accepted_names([(label.speaker, label.dash) for label in labels if label is not None])


def _accepted_names(pairs: list[tuple[str | None, bool]]) -> set[str]:
    counts: Counter[str] = Counter()
    names: set[str] = set()
    for speaker, dash in pairs:
        if speaker is None:
            continue
        lowered = speaker.lower()
        counts[lowered] += 1
        if not dash or lowered in ROLES:
            names.add(lowered)
    names.update(name for name, count in counts.items() if count >= 2)
    return names


def looks_like_transcript(text: str) -> bool:
    """True when most non-empty lines carry a speaker label and at least 2 speakers occur."""
    lines = [line for line in text.split("\n", _SNIFF_LINES)[:_SNIFF_LINES] if line.strip()]
    if len(lines) < 2:
        return False
    pairs: list[tuple[str | None, bool]] = []
    unlabelled = 0
    for line in lines:
        head = label_head(line)
        if head is None or head[0] is None:
            unlabelled += 1
            if unlabelled * 2 >= len(lines):
                return False  # at most half the lines can carry a speaker: not a transcript
        else:
            pairs.append((head[0], head[3]))
    accepted = _accepted_names(pairs)
    speakers = [speaker.lower() for speaker, _ in pairs if speaker is not None and speaker.lower() in accepted]
    distinct = len(set(speakers))
    # "Error code: 1 / Licence: expired / Support: 0800..." is a form, not a conversation.
    form_like = distinct == len(speakers) > 2
    return len(speakers) * 2 > len(lines) and distinct >= 2 and not form_like


def read_transcript(
    text: str, *, source: str | None = None, kind: Kind = "call", notes: list[str] | None = None
) -> Document:
    """Parse labelled lines into turns; unlabelled lines continue the previous turn."""
    lines = text.split("\n")
    labels = _labels(lines)
    accepted = _accepted(labels)
    turns: list[Turn] = []
    current: _Open | None = None

    def close() -> None:
        if current is not None and current.parts:
            turns.append(Turn(current.speaker, " ".join(current.parts), current.start))

    for line, label in zip(lines, labels, strict=True):
        stripped = line.strip()
        if not stripped:
            continue
        speaker_ok = label is not None and label.speaker is not None and label.speaker.lower() in accepted
        if label is not None and (speaker_ok or label.start is not None):
            close()
            if speaker_ok:
                current = _Open(label.speaker, label.start, [label.text] if label.text else [])
            else:
                # A timestamp without a believable speaker: the words after it are all text.
                body = label.after_stamp
                current = _Open(None, label.start, [body] if body else [])
        elif current is None:
            current = _Open(None, None, [stripped])
        else:
            current.parts.append(stripped)
    close()
    logger.debug("transcript %s: %d turns", source, len(turns))
    return Document.from_turns(kind, turns, source=source, notes=notes)
