"""Speaker-labelled transcripts (``Caller: ...``, ``[00:01:02] Agent: ...``) to a call Document."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from hangup.documents.labels import ROLES, Label, is_speaker_name, label_head, parse_label
from hangup.documents.model import Document, Kind, Turn

logger = logging.getLogger(__name__)

_SNIFF_LINES = 400
# A speaker label inside a line, as transcripts pasted from a web page or caption tool come:
# "Scammer: Your computer has a virus. Me: Which one? Scammer: ...". A capitalised name counts
# after the start of the text or a sentence's end; a role word ("scammer", "caller") anywhere.
_INLINE_LABEL = re.compile(
    r"(?:^|(?<=[.!?…\"”’)\]])[ \t]+)"
    r"([^\W\d_][\w'’]{0,24}(?: [^\W\d_][\w'’]{0,24}){0,2}(?: \([^\W\d_][\w'’ -]{0,20}\))?):[ \t]+(?=\S)"
    r"|(?<=\w)[ \t]+([^\W\d_][\w'’]{0,24}):[ \t]+(?=\S)"
)
_MIN_WRAPPED_TURNS = 4  # labelled lines a hard-wrapped transcript needs
_INLINE_MIN_LABELS = 3  # labels in all, of two names or more: each used twice, or a role word


# A speaker and a time on a line of their own, the turn's words on the lines below, as note-taking
# and meeting apps export a call ("Speaker 1  0:02", "Marcus Bell  1:03:15").
_HEADER = re.compile(r"[ \t]{0,8}(?P<name>[^\W\d_][^\n:]{0,40}?)[ \t]{1,8}(?P<t>(?:\d{1,2}:)?\d{1,2}:\d{2})[ \t]{0,8}")
_HEADER_CHARS = 80  # longer lines are words, not a header (and are not tried: no backtracking on them)
_MIN_HEADERS = 3


def join_header_turns(text: str) -> str | None:
    """A transcript whose turns each start with a "Name  0:02" line, as "[0:02] Name: words" lines;
    None when the text is not one (fewer than three such headers, or under a quarter of its lines)."""
    if text.count(":") < _MIN_HEADERS:  # most pasted text: no times at all
        return None
    lines = [line for line in text.split("\n") if line.strip()]
    heads = [_HEADER.fullmatch(line) if len(line) <= _HEADER_CHARS else None for line in lines]
    heads = [m if m is not None and is_speaker_name(m.group("name").strip()) else None for m in heads]
    count = sum(1 for m in heads if m is not None)
    if count < _MIN_HEADERS or count * 4 < len(lines):
        return None
    out: list[list[str]] = []  # each output line as its parts (joined once: no quadratic appends)
    in_turn = False
    for line, head in zip(lines, heads, strict=True):
        if head is not None:
            out.append([f"[{head.group('t')}] {' '.join(head.group('name').split())}:"])
            in_turn = True
        elif in_turn:
            out[-1].append(line.strip())
        else:
            out.append([line.strip()])  # a title before the first turn
    return "\n".join(" ".join(parts) for parts in out)


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
    raw = text.split("\n", _SNIFF_LINES)[:_SNIFF_LINES]
    lines = [line for line in raw if line.strip()]
    if len(lines) < 2:
        return False
    pairs: list[tuple[str | None, bool]] = []
    unlabelled = continued = 0
    in_turn = False  # inside a labelled turn that runs over several lines (hard-wrapped text)
    for line in raw:
        if not line.strip():
            in_turn = False
            continue
        head = label_head(line)
        if head is not None and head[0] is not None:
            pairs.append((head[0], head[3]))
            in_turn = True
        elif in_turn:
            continued += 1
        else:
            unlabelled += 1
            if unlabelled * 2 >= len(lines) - continued:
                return False  # at most half the lines can carry a speaker: not a transcript
    lines = lines[: len(lines) - continued]
    accepted = _accepted_names(pairs)
    speakers = [speaker.lower() for speaker, _ in pairs if speaker is not None and speaker.lower() in accepted]
    distinct = len(set(speakers))
    # "Error code: 1 / Licence: expired / Support: 0800..." is a form, not a conversation.
    form_like = distinct == len(speakers) > 2
    # continuation lines count only in a conversation of several turns: two "Label:" lines in a
    # pop-up ("Windows Defender: ... Technician: ...") are not one
    enough = len(speakers) >= _MIN_WRAPPED_TURNS if continued else True
    return len(speakers) * 2 > len(lines) and distinct >= 2 and not form_like and enough


def split_inline_labels(text: str) -> str | None:
    """``text`` with each inline speaker label moved to the start of a line, when the text reads as
    a conversation written on few lines (see :data:`_INLINE_LABEL`); None when it does not."""
    if text.count(":") < _INLINE_MIN_LABELS or text.count("\n") * 2 >= text.count(":"):
        return None  # few labels, or already one a line (looks_like_transcript's case)
    found: list[tuple[int, str]] = []
    # a role word in the middle of a sentence ("...hello sir victim: hello...") only in text without
    # punctuation, as speech-to-text writes it ("call Microsoft support: 0800..." is not a turn)
    unpunctuated = sum(text.count(mark) for mark in ".?!") < _INLINE_MIN_LABELS
    for match in _INLINE_LABEL.finditer(text):
        if match.group(2) and not unpunctuated:
            continue
        name = match.group(1) or match.group(2)
        lowered = name.lower()
        if is_speaker_name(name) and (lowered in ROLES or (match.group(1) and name[0].isupper())):
            found.append((match.start(1) if match.group(1) else match.start(2), lowered))
    counts = Counter(name for _, name in found)
    accepted = {name for name, n in counts.items() if n >= 2}
    if accepted:  # a role word once ("Victim:") beside a name used twice
        accepted |= {name for name in counts if name in ROLES}
    labels = [pos for pos, name in found if name in accepted]
    if len(accepted) < 2 or len(labels) < _INLINE_MIN_LABELS:
        return None
    pieces = [text[a:b].strip() for a, b in zip([0, *labels], [*labels, len(text)], strict=True)]
    return "\n".join(piece for piece in pieces if piece)


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
