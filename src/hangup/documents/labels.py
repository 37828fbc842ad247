"""Speaker labels and timestamps at the start of a line: ``[00:01:02] Caller: ...``, ``Agent - ...``.

Regexes here run only on a short prefix of each line (see :data:`PREFIX_CHARS`), are anchored and
have bounded repetition, so no line can make them slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

PREFIX_CHARS = 160
MAX_NAME_CHARS = 40

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_STAMP = re.compile(rf"(?:[\[(](?P<a>{_TIME})[\])]|(?P<b>{_TIME})(?=\s))\s*(?:[-–—|]\s+)?")
_NAME = re.compile(
    # a role in brackets is part of the name: "IT Help Desk (External)", a chat app's mark for a stranger
    # or a phone number, as chat apps name a sender who is not in the contacts ("+44 7700 900517",
    # "0491 570 318")
    r"(?P<name>[^\W\d_][\w.'’]{0,24}(?:[ -][^\W_][\w.'’]{0,24}){0,3}(?: \([^\W\d_][\w .'’-]{0,20}\))?"
    r"|\+\d[\d ()-]{6,18}\d|\(\d{3}\) ?\d{3}-\d{4}|0\d{2,4}[ -]?\d{3}[ -]?\d{3,4})"
    rf"(?:\s*[\[(](?P<t>{_TIME})[\])])?"
    r"(?P<sep>\s*:|\s+[-–—])(?=\s|$)"
)
# WhatsApp-style exports: "[12/03/2024, 10:32:11] " or "12/03/2024, 10:32 - ".
_CHAT_PREFIX = re.compile(
    r"\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?\]?(?:\s[-–])?\s"
)

# Words that end in a colon at the start of a line in ordinary prose or emails, not speakers.
NOT_SPEAKERS = frozenset(
    {
        "note", "notes", "nb", "ps", "p.s", "p.s.", "re", "fwd", "fw", "subject", "date", "time", "from",
        "to", "cc", "bcc", "sent", "reply-to", "warning", "important", "tip", "update", "example", "http",
        "https", "www", "urgent", "alert", "attention", "reminder", "notice", "caution", "info", "error",
        "step", "answer", "question", "ref", "reference", "total", "address", "phone", "tel", "email",
        "e-mail", "call", "hours", "price", "amount", "account", "password", "code", "pin", "url", "link",
        "website", "security alert", "fraud alert", "action required", "final notice", "last warning",
        "sort code", "name", "iban", "swift", "bic", "routing", "account name", "account number",
        "acc", "a/c", "payee", "beneficiary", "sort", "account no", "routing number", "bank name",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "messages with",
        "participants", "attendees", "members", "chat",
    }
)

_ORDINALS = frozenset({"first", "second", "third", "fourth", "fifth", "sixth", "next", "last", "another", "final"})

# Role words accepted as speakers even with a dash separator on their first use.
ROLES = frozenset(
    {
        "caller", "agent", "customer", "victim", "scammer", "me", "you", "operator", "representative",
        "rep", "support", "tech", "technician", "user", "bank", "client", "advisor", "adviser",
        "interviewer", "interviewee", "host", "guest", "speaker", "q", "a",
    }
)


@dataclass(frozen=True, slots=True)
class Label:
    """What a line starts with: a timestamp and/or a speaker, and the text after them."""

    speaker: str | None
    start: float | None
    text: str
    dash: bool = False
    after_stamp: str = ""  # the line after any timestamp, speaker label included


def parse_time(value: str) -> float | None:
    """``01:02:03.5`` / ``1:02`` / ``00:00:01,000`` to seconds; None if it is not a time."""
    parts = value.strip().replace(",", ".").split(":")
    if not 1 <= len(parts) <= 3:
        return None
    try:
        seconds = float(parts[-1])
        minutes = int(parts[-2]) if len(parts) >= 2 else 0
        hours = int(parts[-3]) if len(parts) == 3 else 0
    except ValueError:
        return None
    if seconds < 0 or minutes < 0 or hours < 0:
        return None
    return hours * 3600 + minutes * 60 + seconds


def strip_chat_prefix(line: str) -> str:
    """Remove a WhatsApp-style date and time prefix, if any."""
    match = _CHAT_PREFIX.match(line[:PREFIX_CHARS])
    return line[match.end():] if match else line


def has_chat_prefix(line: str) -> bool:
    """True when the line starts with a chat export's date and time."""
    return _CHAT_PREFIX.match(line[:PREFIX_CHARS]) is not None


def parse_label(line: str, *, allow_dash: bool = True) -> Label | None:
    """The timestamp and speaker label at the start of ``line``, or None if it has neither."""
    stripped = line.lstrip()
    found = _parse_head(stripped[:PREFIX_CHARS], allow_dash)
    if found is None:
        return None
    speaker, start, end, dash, pos = found
    rest = stripped[pos:].strip()
    if speaker is None:
        return Label(None, start, rest, after_stamp=rest)
    return Label(speaker, start, stripped[end:].strip(), dash, rest)


#: What a line starts with, as :func:`label_head` finds it: (speaker, start, end of the label,
#: dash, end of the timestamp); offsets are into the line without its leading whitespace.
Head = tuple[str | None, float | None, int, bool, int]


def label_head(line: str, *, allow_dash: bool = True) -> Head | None:
    """:func:`parse_label` without building the :class:`Label` (for sniffing many lines)."""
    return _parse_head(line.lstrip()[:PREFIX_CHARS], allow_dash)


@lru_cache(maxsize=2048)
def _parse_head(head: str, allow_dash: bool) -> Head | None:
    """What :func:`parse_label` finds in a line's head; cached, as a line is often read twice
    (once to sniff the format, once to read it) and keys are at most PREFIX_CHARS long."""
    # Every label has a colon (timestamps, "Name:") or a dash ("Name - "); most prose lines have neither.
    if ":" not in head and "-" not in head and "\u2013" not in head and "\u2014" not in head:
        return None
    start: float | None = None
    pos = 0
    first = head[:1]
    stamp = _STAMP.match(head) if first in ("[", "(") or first.isdecimal() else None
    if stamp:
        start = parse_time(stamp.group("a") or stamp.group("b") or "")
        pos = stamp.end()
    match = _NAME.match(head, pos)
    if match:
        name = " ".join(match.group("name").split())
        dash = not match.group("sep").strip().startswith(":")
        if is_speaker_name(name) and (allow_dash or not dash):
            if match.group("t") and start is None:
                start = parse_time(match.group("t"))
            return name, start, match.end(), dash, pos
    if stamp:
        return None, start, pos, False, pos
    return None


def is_speaker_name(name: str) -> bool:
    """True when ``name`` could be a speaker: short, 1-4 words, not a prose word like "Note"."""
    words = name.lower().split()
    if not words or len(name) > MAX_NAME_CHARS or len(words) > 4:
        return False
    lowered = " ".join(words)
    if words[0] in _ORDINALS or (words[0] == "the" and len(words) > 1 and words[1] in _ORDINALS):
        return False  # a list in a talk or leaflet: "The first one: ...", "Next:"
    return not ({lowered, lowered.rstrip("."), words[0], words[0].rstrip(".")} & NOT_SPEAKERS)
