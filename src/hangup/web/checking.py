"""Checking a message from the web: pasted text or an uploaded file through the same engine as the CLI.

Reading (OCR included) and analysis are CPU work, so they run in a worker thread and the server
keeps answering other requests meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from starlette.concurrency import run_in_threadpool

from hangup.calls.timeline import CallTimeline, call_timeline
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.detect.verdict import Verdict
from hangup.documents import Document, read_bytes, read_text
from hangup.documents.audio import is_transcribed
from hangup.documents.load import READ_KINDS
from hangup.documents.sniff import AUDIO_EXTENSIONS
from hangup.web.errors import FieldError, HttpError, unsupported_media

#: What the check form offers, in plain words (value -> label). The API accepts every READ_KINDS value.
FORM_KINDS: dict[str, str] = {
    "auto": "Let hangup work it out",
    "call": "A phone call (what was said)",
    "email": "An email",
    "sms": "A text message",
    "chat": "A chat or social media message",
    "popup": "A pop-up or warning on a screen",
    "text": "Something else",
}
#: File types the check accepts, by name ending. Files without an ending are judged by their content.
UPLOAD_EXTENSIONS: tuple[str, ...] = (
    ".txt", ".eml", ".mbox", ".srt", ".vtt", ".json", ".html", ".htm", ".pdf",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff",
    *AUDIO_EXTENSIONS,  # a recording of a call: transcribed by speech to text (the audio extra)
)
ACCEPT_ATTRIBUTE = ",".join(UPLOAD_EXTENSIONS)


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """A verdict with the document it is about (evidence offsets point into ``document.text``)."""

    document: Document
    verdict: Verdict
    timeline: CallTimeline | None = None  # a recording: when each warning would have come during the call


def validate_kind(kind: str | None, field: str = "kind") -> str:
    """The kind, lower-cased; a 422 naming ``field`` when hangup does not know it."""
    value = (kind or "auto").strip().lower()
    if value not in READ_KINDS:
        raise HttpError(422, "invalid_input", f"Unknown kind {kind!r}.", [
            FieldError(field, f"use one of: {', '.join(READ_KINDS)}"),
        ])
    return value


def check_extension(filename: str | None) -> None:
    """A 415 for a file whose name ends in a type the check cannot read."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix and suffix not in UPLOAD_EXTENSIONS:
        raise unsupported_media(
            f"Files ending in {suffix} cannot be checked. Accepted: {', '.join(UPLOAD_EXTENSIONS)}."
        )


class Checker:
    """Runs the app's one :class:`Engine` on text or files, off the event loop."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    def _analyse(self, doc: Document) -> CheckOutcome:
        return CheckOutcome(doc, self.engine.analyse(doc))

    def _check_text(self, text: str, kind: str) -> CheckOutcome:
        return self._analyse(read_text(text, kind=kind, source=None, settings=self.settings))

    def _check_bytes(self, data: bytes, filename: str | None, kind: str) -> CheckOutcome:
        docs = read_bytes(data, name=filename, kind=kind, settings=self.settings)
        first = docs[0]
        if len(docs) > 1:
            first.notes.append(f"only the first of {len(docs)} messages in the file was checked")
        timeline = call_timeline(self.engine, first, self.settings) if is_transcribed(first) else None
        return CheckOutcome(first, self.engine.analyse(first), timeline)

    async def text(self, text: str, kind: str = "auto") -> CheckOutcome:
        """Check pasted text. Raises :class:`~hangup.errors.InputError` for empty or unreadable text."""
        return await run_in_threadpool(self._check_text, text, validate_kind(kind))

    async def file(self, data: bytes, filename: str | None, kind: str = "auto") -> CheckOutcome:
        """Check an uploaded file's bytes (``filename`` helps tell its format)."""
        check_extension(filename)
        return await run_in_threadpool(self._check_bytes, data, filename, validate_kind(kind))
