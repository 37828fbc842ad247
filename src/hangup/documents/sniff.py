"""Guess an input's format from its name, magic bytes and content."""

from __future__ import annotations

from pathlib import PurePath

from hangup.documents.jsontranscript import parse_json
from hangup.documents.mail import looks_like_email
from hangup.documents.mbox import looks_like_mbox
from hangup.documents.ocr import is_image
from hangup.documents.subtitles import looks_like_srt, looks_like_vtt
from hangup.documents.text import looks_like_chat_export
from hangup.documents.transcript import looks_like_transcript
from hangup.errors import InputError

#: Format names a reader understands, besides the Document kinds.
FORMATS: tuple[str, ...] = ("srt", "vtt", "json", "eml", "mbox", "image", "html", "audio", "pdf")

_EXTENSIONS: dict[str, str] = {
    ".srt": "srt", ".vtt": "vtt", ".webvtt": "vtt", ".json": "json", ".eml": "eml", ".email": "eml",
    ".mbox": "mbox", ".mbx": "mbox", ".png": "image", ".jpg": "image", ".jpeg": "image",
    ".gif": "image", ".webp": "image", ".bmp": "image", ".tif": "image", ".tiff": "image",
    ".html": "html", ".htm": "html", ".pdf": "pdf",
    ".wav": "audio", ".flac": "audio", ".ogg": "audio", ".oga": "audio", ".opus": "audio", ".mp3": "audio",
    ".m4a": "audio", ".webm": "audio",
}
#: Name endings of the recordings hangup reads (through speech to text, the audio extra).
AUDIO_EXTENSIONS: tuple[str, ...] = tuple(e for e, f in _EXTENSIONS.items() if f == "audio")
_JSON_SNIFF_CHARS = 5_000_000


def format_from_name(name: str | None) -> str | None:
    """The format a file extension names, or None (``.txt`` and unknown extensions sniff content)."""
    if not name:
        return None
    return _EXTENSIONS.get(PurePath(name).suffix.lower())


def format_from_bytes(head: bytes) -> str | None:
    """``image`` or ``mbox`` from the first bytes, else None."""
    if is_image(head):
        return "image"
    if looks_like_mbox(head):
        return "mbox"
    return None


def _is_json(text: str) -> bool:
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")) or len(stripped) > _JSON_SNIFF_CHARS:
        return False
    try:
        parse_json(stripped, "input")
    except InputError:
        return False
    return True


def format_from_text(text: str) -> str:
    """Guess the format of decoded text: vtt, srt, mbox, eml, json, html, call, chat or text."""
    if looks_like_vtt(text):
        return "vtt"
    if looks_like_srt(text):
        return "srt"
    head = text[:4096].lstrip("\ufeff")
    if looks_like_mbox(head.encode("utf-8", errors="replace")):
        return "mbox"
    if looks_like_email(head):
        return "eml"
    if _is_json(text):
        return "json"
    if head.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return "html"
    if looks_like_transcript(text):
        return "call"
    if looks_like_chat_export(text):
        return "chat"
    return "text"
