"""JSON transcripts: a list of ``{speaker, text, start, end}``, or Whisper-style ``{"segments": [...]}``."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

from hangup.documents.disguise import reveal
from hangup.documents.labels import parse_time
from hangup.documents.model import Document, Turn
from hangup.errors import InputError

_LIST_KEYS = ("segments", "turns", "utterances", "results", "messages", "transcript", "entries", "items")
_TEXT_KEYS = ("text", "transcript", "content", "message", "body", "utterance", "words")
_SPEAKER_KEYS = ("speaker", "speaker_label", "speakerLabel", "name", "role", "from", "author", "channel")
_START_KEYS = ("start", "start_time", "startTime", "begin", "from_time", "timestamp")
_END_KEYS = ("end", "end_time", "endTime", "stop", "to_time")


def parse_json(text: str, name: str) -> Any:
    """``json.loads`` with errors turned into :class:`InputError`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{name} is not valid JSON: {exc}") from exc


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and len(value) < 40:
        stripped = value.strip().rstrip("s")
        try:
            seconds = float(stripped)
        except ValueError:
            parsed = parse_time(stripped)
            if parsed is None:
                return None
            seconds = parsed
    else:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in item and item[key] is not None:
            return item[key]
    return None


def _speaker(value: Any) -> str | None:
    if isinstance(value, dict):
        value = _first(value, ("name", "label", "id"))
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        name = " ".join(str(value).split())[:80]
        return name or None
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # a list of words: [{"word": "hi"}, ...] or ["hi", ...]
        words = [w if isinstance(w, str) else w.get("word") or w.get("text") for w in value
                 if isinstance(w, str | dict)]
        return " ".join(w for w in words if isinstance(w, str)) or None
    return None


def _items(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in _LIST_KEYS:
            if isinstance(data.get(key), list):
                return list(data[key])
        if isinstance(data.get("text"), str):
            return [data]
    return None


def _turn(item: Any) -> Turn | None:
    if isinstance(item, str):
        return Turn(None, item)
    if not isinstance(item, dict):
        return None
    text = _text(_first(item, _TEXT_KEYS))
    if text is None or not text.strip():
        return None
    return Turn(
        _speaker(_first(item, _SPEAKER_KEYS)),
        " ".join(text.split()),
        _seconds(_first(item, _START_KEYS)),
        _seconds(_first(item, _END_KEYS)),
    )


def read_json_transcript(text: str, *, source: str | None = None, notes: list[str] | None = None) -> Document:
    """Parse a JSON transcript into a call document; :class:`InputError` if it is not one."""
    name = source or "input"
    items = _items(parse_json(text, name))
    if items is None:
        raise InputError(
            f"{name} is JSON but not a transcript: expected a list of turns "
            '({"speaker", "text", "start", "end"}) or an object with "segments", "turns" or "utterances"'
        )
    turns = [turn for turn in map(_turn, items) if turn is not None]
    if not turns:
        raise InputError(f"{name} is a JSON transcript without any text")
    all_notes = list(notes or [])
    for i, turn in enumerate(turns):  # the JSON's own escapes ("\\u200b") are decoded only now
        plain, found = reveal(turn.text)
        speaker, found_in_name = reveal(turn.speaker) if turn.speaker else (turn.speaker, [])
        if plain != turn.text or speaker != turn.speaker:
            turns[i] = dataclasses.replace(turn, text=plain, speaker=speaker)
        all_notes.extend(note for note in [*found, *found_in_name] if note not in all_notes)
    return Document.from_turns("call", turns, source=source, notes=all_notes)
