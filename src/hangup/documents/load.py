"""The one entry point for reading input: paths, bytes and pasted text to Documents.

``kind`` is ``"auto"``, a Document kind (text, call, email, sms, chat, popup) or a format name
(srt, vtt, json, eml, mbox, image, html, pdf). Everything a user can get wrong raises
:class:`~hangup.errors.InputError` (or its subclasses :class:`~hangup.errors.InputTooLarge` and
:class:`~hangup.errors.OcrUnavailable`).
"""

from __future__ import annotations

import functools
import io
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

from hangup.config import Settings
from hangup.documents.audio import looks_like_audio, read_audio
from hangup.documents.decode import (
    binary_error,
    decode_bytes,
    empty_error,
    ensure_not_empty,
    normalise_newlines,
)
from hangup.documents.disguise import reveal
from hangup.documents.htmltext import html_to_text
from hangup.documents.jsontranscript import read_json_transcript
from hangup.documents.limits import cap_document, check_size, too_large
from hangup.documents.mail import looks_like_email, read_email, strip_envelope
from hangup.documents.mbox import iter_mbox, looks_like_mbox
from hangup.documents.model import KINDS, Document, Kind
from hangup.documents.ocr import is_image, read_image
from hangup.documents.pdf import is_pdf, read_pdf
from hangup.documents.sniff import FORMATS, format_from_bytes, format_from_name, format_from_text
from hangup.documents.subtitles import looks_like_srt, looks_like_vtt, read_subtitles, unstamp
from hangup.documents.text import read_lines, read_plain, unquote
from hangup.documents.transcript import join_header_turns, looks_like_transcript, read_transcript, split_inline_labels
from hangup.errors import AudioError, InputError

logger = logging.getLogger(__name__)

#: Every accepted value of ``kind``.
READ_KINDS: tuple[str, ...] = ("auto", *KINDS, *FORMATS)
_ALIASES = {"email": "eml", "webvtt": "vtt", "screenshot": "image", "png": "image", "jpg": "image",
            "jpeg": "image", "transcript": "call", "plain": "text", "txt": "text"}
_KIND_OF: dict[str, Kind] = {"call": "call", "email": "email", "sms": "sms", "chat": "chat",
                             "text": "text", "popup": "popup"}
_HEAD_BYTES = 8192
# formats read from the text as it is (where quote marks of a pasted reply are taken off)
_PLAIN_FORMATS = frozenset({"auto", "text", "plain", "txt", "call", "transcript", "sms", "chat", "popup"})


def _normalise_kind(kind: str) -> str:
    key = kind.strip().lower()
    if key in READ_KINDS or key in _ALIASES:
        return key
    raise InputError(f"unknown kind {kind!r}; use one of: {', '.join(READ_KINDS)}")


@functools.cache
def _default_settings() -> Settings:
    return Settings.model_validate({})


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else _default_settings()


def _finish(docs: list[Document], settings: Settings, notes: list[str]) -> list[Document]:
    for doc in docs:
        doc.notes[:0] = [note for note in notes if note not in doc.notes]
        cap_document(doc, settings.max_text_chars)
    return docs


def _call_from_text(text: str, source: str | None, notes: list[str]) -> Document:
    """A call transcript in whatever shape it comes: captions, JSON, labelled or bare lines."""
    if looks_like_vtt(text) or looks_like_srt(text):
        return read_subtitles(text, source=source, notes=notes)
    if text.lstrip().startswith(("{", "[")) and format_from_text(text) == "json":
        return read_json_transcript(text, source=source, notes=notes)
    if looks_like_transcript(text):
        return read_transcript(text, source=source, notes=notes)
    if (split := split_inline_labels(text)) is not None:
        return read_transcript(split, source=source, notes=notes)
    return read_transcript(text, source=source, notes=[*notes, "no speaker labels were recognised"])


def _from_text(text: str, fmt: str, source: str | None, notes: list[str], images: bool = True) -> list[Document]:
    """Read decoded text in format ``fmt`` (already normalised, not ``image``)."""
    name = source or "input"
    text = normalise_newlines(text)
    shown, revealed = reveal(text)  # what a reader sees (disguise.py)
    labelled = False  # speaker labels already recognised by the format sniffing
    if fmt in _PLAIN_FORMATS:
        shown = unquote(shown) or shown  # a forwarded or replied-to message pasted in
        if fmt in ("auto", "text", "plain", "txt", "call", "transcript") and not looks_like_srt(shown):
            shown = unstamp(shown) or shown  # a video site's transcript: times on their own lines
            if (joined := join_header_turns(shown)) is not None:  # a note-taking app's "Name  0:02" turns
                shown, fmt, labelled = joined, "call", True
    if fmt == "auto":
        fmt = format_from_text(shown)
        logger.debug("%s: detected format %s", name, fmt)
        labelled = fmt == "call"
        if fmt == "text" and (split := split_inline_labels(shown)) is not None:
            fmt, labelled, shown = "call", True, split  # a conversation pasted on one line
    fmt = _ALIASES.get(fmt, fmt)
    if fmt not in ("eml", "mbox", "json", "html"):  # those reveal what they decode
        text, notes = shown, [*notes, *revealed]
    if labelled:
        return [read_transcript(text, source=source, notes=notes)]
    if fmt == "eml":
        if not looks_like_email(text):
            return [read_plain(shown, kind="email", source=source,
                               notes=[*notes, *revealed, "no email headers were found; read as plain text"])]
        return [read_email(strip_envelope(text.encode("utf-8")), source=source, notes=notes, images=images)]
    if fmt == "mbox":
        docs = list(iter_mbox(io.BytesIO(text.encode("utf-8")), source=source, images=images))
        if not docs:
            raise InputError(f"{name}: no messages found in the mailbox")
        return docs
    if fmt in ("srt", "vtt"):
        return [read_subtitles(text, source=source, notes=notes, what="SRT" if fmt == "srt" else "WebVTT")]
    if fmt == "json":
        return [read_json_transcript(text, source=source, notes=notes)]
    if fmt == "html":
        plain, revealed = reveal(html_to_text(text))
        return [read_plain(plain, source=source, notes=[*notes, *revealed])]
    if fmt == "call":
        return [_call_from_text(text, source, notes)]
    if fmt in ("sms", "chat"):
        return [read_lines(text, kind=_KIND_OF[fmt], source=source, notes=notes)]
    if fmt in ("text", "popup"):
        return [read_plain(text, kind=_KIND_OF[fmt], source=source, notes=notes)]
    raise InputError(f"{name}: cannot read kind {fmt!r} from text")


def _from_bytes(data: bytes, fmt: str, name: str | None, settings: Settings) -> list[Document]:
    label = name or "input"
    check_size(label, len(data), settings.max_input_bytes)
    if not data.strip():
        raise empty_error(label)
    fmt = _ALIASES.get(fmt, fmt)
    if is_image(data[:64]) and fmt in ("auto", "image", *KINDS):
        kind = _KIND_OF.get(fmt)
        return _finish([read_image(data, source=name, kind=kind)], settings, [])
    if fmt == "image":
        raise InputError(f"{label} is not a supported image (PNG, JPEG, GIF, WebP, TIFF, BMP)")
    if is_pdf(data[:1024], declared=fmt == "pdf" or format_from_name(name) == "pdf") and fmt in (
        "auto", "pdf", "eml", *KINDS
    ):
        kind = "email" if fmt == "eml" else _KIND_OF.get(fmt, "text")
        return _finish([read_pdf(data, source=name, kind=kind)], settings, [])
    if fmt == "pdf":
        raise InputError(f"{label} is not a PDF file")
    if fmt in ("auto", "audio", "call") and looks_like_audio(data[:64]):
        return _finish([read_audio(data, source=name, settings=settings)], settings, [])
    if fmt == "audio" or (fmt == "auto" and format_from_name(name) == "audio"):
        raise AudioError(f"{label} is not a recording hangup can read (WAV, FLAC, Ogg, MP3, M4A or WebM)")
    if fmt == "auto":
        by_name = format_from_name(name)
        fmt = by_name if by_name not in (None, "image") else (format_from_bytes(data[:_HEAD_BYTES]) or "auto")
    decoded = decode_bytes(data, label)
    ensure_not_empty(decoded.text, label)
    notes = list(decoded.notes)
    raw = decoded.text.encode("utf-8") if decoded.bom else data
    if fmt == "auto":
        fmt = format_from_text(reveal(normalise_newlines(decoded.text))[0])
    if fmt == "eml" and looks_like_email(decoded.text[:65536]):
        return _finish([read_email(strip_envelope(raw), source=name, images=settings.read_email_images)], settings, [])
    if fmt == "mbox":
        docs = list(iter_mbox(io.BytesIO(raw), source=name, images=settings.read_email_images))
        if not docs:
            raise InputError(f"{label}: no messages found in the mailbox")
        return _finish(docs, settings, [])
    return _finish(_from_text(decoded.text, fmt, name, notes, settings.read_email_images), settings, [])


def read_bytes(
    data: bytes, *, name: str | None = None, kind: str = "auto", settings: Settings | None = None
) -> list[Document]:
    """Read ``data`` (a file's content; ``name`` helps detection and appears in messages)."""
    return _from_bytes(data, _normalise_kind(kind), name, _settings(settings))


def read_text(
    text: str, kind: str = "auto", source: str | None = None, settings: Settings | None = None
) -> Document:
    """Read pasted text. An mbox gives its first message, with a note if there were more."""
    settings = _settings(settings)
    label = source or "input"
    fmt = _normalise_kind(kind)
    if len(text) > settings.max_input_bytes:
        raise too_large(label, len(text), settings.max_input_bytes)
    check_size(label, len(text.encode("utf-8", errors="replace")), settings.max_input_bytes)
    if fmt in ("image", "pdf"):
        raise InputError(f"{'an image' if fmt == 'image' else 'a PDF'} cannot be given as text; pass its bytes or path")
    ensure_not_empty(text, label)
    if "\x00" in text[:65536]:
        raise binary_error(label)
    docs = _from_text(text.lstrip("\ufeff"), fmt, source, [], settings.read_email_images)
    first = docs[0]
    if len(docs) > 1:
        first.notes.append(f"{len(docs) - 1} more message(s) were not read; read the mailbox as a file")
    return _finish([first], settings, [])[0]


def _read_file(path: Path, limit: int) -> bytes:
    """Read at most ``limit`` + 1 bytes, so a pipe or device larger than the limit is refused."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise too_large(str(path), len(data), limit)
    return data


def _stream_mbox(path: Path, settings: Settings) -> Iterator[Document]:
    found = False
    with path.open("rb") as handle:
        for doc in iter_mbox(handle, source=str(path), images=settings.read_email_images):
            found = True
            yield _finish([doc], settings, [])[0]
    if not found:
        raise InputError(f"{path}: no messages found in the mailbox")


def iter_path(path: Path, kind: str = "auto", settings: Settings | None = None) -> Iterator[Document]:
    """Documents in the file at ``path``; mailboxes are streamed one message at a time.

    Size, existence and kind are checked before this returns; parse errors of a mailbox's later
    messages cannot happen (damaged messages are read with notes).
    """
    settings = _settings(settings)
    fmt = _normalise_kind(kind)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path} is a folder, not a file")
    regular = stat.S_ISREG(info.st_mode)
    if regular:
        check_size(str(path), info.st_size, settings.max_input_bytes)
    try:
        if regular and fmt in ("auto", "mbox"):
            with path.open("rb") as handle:
                head = handle.read(_HEAD_BYTES)
            by_name = format_from_name(path.name)
            if fmt == "mbox" or by_name == "mbox" or (by_name is None and looks_like_mbox(head)):
                if not head.strip() and info.st_size <= len(head):
                    raise empty_error(str(path))
                if b"\x00" in head and not is_image(head):
                    raise binary_error(str(path))
                return _stream_mbox(path, settings)
        data = _read_file(path, settings.max_input_bytes)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return iter(_from_bytes(data, fmt, str(path), settings))


def read_path(path: Path, kind: str = "auto", settings: Settings | None = None) -> list[Document]:
    """All Documents in the file at ``path`` (several for a mailbox)."""
    return list(iter_path(Path(path), kind, settings))
