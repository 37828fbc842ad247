"""SubRip (.srt) and WebVTT (.vtt) captions to a call Document with times and speakers; a video
site's transcript pasted as text (a time on each line, or on a line of its own) back to its words."""

from __future__ import annotations

import html
import re

from hangup.documents.labels import PREFIX_CHARS, parse_label, parse_time
from hangup.documents.model import Document, Turn
from hangup.documents.transcript import looks_like_transcript
from hangup.errors import InputError

_TS = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_ARROW = re.compile(rf"\s*(?P<start>{_TS})\s*-->\s*(?P<end>{_TS})")
_VOICE = re.compile(r"<v(?:\.[\w.-]{0,40})?\s+(?P<name>[^<>]{1,60})>")
_TAG = re.compile(r"<[^<>]{0,300}>")


# a time alone, or at the start of a line before its words ("00:01:23", "[1:05] so Ben...")
_STAMP_LINE = re.compile(rf"[ \t]*[\[(]?{_TS}[\])]?[ \t]*(?:$|(?=\S))")
# a sound or a bleep in brackets: [Music], [Applause], (laughs), [ __ ]
_SOUND = re.compile(r"[\[(](?:[ _]{1,6}|[A-Za-z][A-Za-z ]{0,20})[\])]")
_MIN_STAMPED = 3


def unstamp(text: str) -> str | None:
    """The words of a pasted caption transcript, when a third of its lines or more begin with a time: times
    and bracketed sounds removed, lines (cut mid-sentence by the captions) joined; else None."""
    if text.count(":") < _MIN_STAMPED or looks_like_vtt(text) or "-->" in text:
        return None  # too few times; or real captions, which read_subtitles reads with their times
    lines = [line for line in text.split("\n") if line.strip()]
    stamped = [_STAMP_LINE.match(line) for line in lines]
    count = sum(1 for m in stamped if m is not None)
    if count < _MIN_STAMPED or count * 2 < len(lines) - count:  # at least a third of the lines
        return None
    if looks_like_transcript(text):  # "[00:00:12] Rep: ...": the times belong to labelled turns
        return None
    words = [line[m.end():] if m is not None else line for line, m in zip(lines, stamped, strict=True)]
    joined = " ".join(_SOUND.sub(" ", w) for w in words)
    return " ".join(joined.split())


def is_cue_timing(line: str) -> bool:
    """True when ``line`` is a cue timing line ``00:00:01,000 --> 00:00:04,000``."""
    return _ARROW.match(line[:PREFIX_CHARS]) is not None


def looks_like_srt(text: str) -> bool:
    """True when the first block is a cue number (optional) followed by a timing line."""
    lines = [line.strip() for line in text.lstrip().split("\n", 4)[:4]]
    if lines and is_cue_timing(lines[0]):
        return True
    return len(lines) >= 2 and lines[0].isdigit() and is_cue_timing(lines[1])


def looks_like_vtt(text: str) -> bool:
    """True when the text starts with the ``WEBVTT`` signature."""
    return text.lstrip("\ufeff \t\r\n").startswith("WEBVTT")


def _cue_turns(lines: list[str], start: float | None, end: float | None) -> list[Turn]:
    """Turns of one cue: a voice tag, ``Name:`` or a ``- `` dialogue dash starts a new turn."""
    turns: list[Turn] = []
    speaker: str | None = None
    parts: list[str] = []
    for raw in lines:
        voice = _VOICE.search(raw[:PREFIX_CHARS])
        line = html.unescape(_TAG.sub("", raw)).strip()
        new_speaker: str | None = None
        new_turn = False
        if voice:
            new_speaker = " ".join(voice.group("name").split())
            new_turn = True
        else:
            label = parse_label(line, allow_dash=False)
            if label is not None and label.speaker is not None:
                new_speaker, line, new_turn = label.speaker, label.text, True
            elif line.startswith("- ") or line.startswith("-\t"):
                line, new_turn = line[2:].strip(), True
        if new_turn and parts:
            turns.append(Turn(speaker, " ".join(parts), start, end))
            parts = []
        if new_turn:
            speaker = new_speaker
        if line:
            parts.append(line)
    if parts:
        turns.append(Turn(speaker, " ".join(parts), start, end))
    return turns


def read_subtitles(
    text: str, *, source: str | None = None, notes: list[str] | None = None, what: str = "captions"
) -> Document:
    """Read SRT or WebVTT cues (both timestamp styles are accepted by either)."""
    turns: list[Turn] = []
    cue: list[str] | None = None
    start: float | None = None
    end: float | None = None
    for raw in text.split("\n"):
        line = raw.strip()
        timing = _ARROW.match(line[:PREFIX_CHARS]) if "-->" in line[:PREFIX_CHARS] else None
        if timing:
            if cue:
                turns.extend(_cue_turns(cue, start, end))
            cue = []
            start, end = parse_time(timing.group("start")), parse_time(timing.group("end"))
        elif not line:
            if cue:
                turns.extend(_cue_turns(cue, start, end))
            cue = None
        elif cue is not None:
            cue.append(line)
    if cue:
        turns.extend(_cue_turns(cue, start, end))
    if not turns:
        raise InputError(f"{source or 'input'}: no {what} cues found")
    return Document.from_turns("call", turns, source=source, notes=notes)
