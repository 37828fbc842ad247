"""PDF text: a fake invoice often comes as a PDF, attached to a short email or saved on its own.

Read with ``pypdf`` (pure Python), imported on first use. Only the text layer is read, from at most
:data:`MAX_PAGES` pages and :data:`MAX_CHARS` characters, and reading stops after
:data:`MAX_SECONDS`; pypdf's own limits on decompressed and parsed bytes are lowered so that one
hostile page cannot run for long (:data:`_LIMITS`). A PDF that is a scanned image has no text layer
and reads as empty. A damaged or hostile file never raises anything but :class:`PdfError`.
"""

from __future__ import annotations

import io
import logging
import time
from typing import Any

from hangup.documents.disguise import reveal
from hangup.documents.model import Document, Kind
from hangup.documents.text import clean_text
from hangup.errors import InputError

logger = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damaged files are ours to word

MAX_PAGES = 20  # an invoice or a letter is a page or two; a long PDF is read from its start
MAX_CHARS = 100_000
MAX_PDF_BYTES = 10_000_000  # larger attachments are listed, not read
MAX_SECONDS = 3.0  # no page is started after this much reading
_STREAM_BYTES = 4_000_000
# pypdf's limits (pypdf.Configuration), lowered from tens of megabytes: an invoice page decodes to
# a few kilobytes and a few thousand drawing operators.
_LIMITS: dict[str, int] = {
    "zlib_maximum_output_length": _STREAM_BYTES,
    "lzw_maximum_output_length": _STREAM_BYTES,
    "run_length_maximum_output_length": _STREAM_BYTES,
    "brotli_maximum_output_length": _STREAM_BYTES,
    "array_based_stream_maximum_output_length": _STREAM_BYTES,
    "stream_decoding_work_maximum_length": 4 * _STREAM_BYTES,
    "stream_parsing_work_maximum_count": 50_000,
    "xform_maximum_invocations_per_extraction": 200,
}


class PdfError(InputError):
    """A PDF whose text could not be read (damaged, encrypted, or the reader is not installed)."""


def is_pdf(head: bytes, *, declared: bool = False) -> bool:
    """True when ``head`` (a file's first bytes) is a PDF: it starts with ``%PDF-`` (after at most a
    few bytes of white space or junk, as some writers leave), or, for a file its name or type
    declares a PDF, holds it within its first 1 KB (after a printer job's preamble)."""
    return b"%PDF-" in head[: 1024 if declared else 16]


def _pypdf() -> Any:
    try:
        import pypdf  # noqa: PLC0415 - read only when a PDF turns up
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise PdfError("reading PDF files needs pypdf: pip install pypdf") from exc
    return pypdf


def _read_pages(pages: Any, parts: list[str], notes: list[str], max_pages: int, max_chars: int) -> None:
    count = len(pages)
    started = time.monotonic()
    length = 0
    for index in range(min(count, max_pages)):
        if index and time.monotonic() - started > MAX_SECONDS:
            notes.append(f"only the first {index} of the PDF's {count} pages were read (it is slow to read)")
            return
        text = pages[index].extract_text() or ""
        parts.append(text)
        length += len(text)
        if length >= max_chars:
            notes.append(f"only the first {max_chars:,} characters of the PDF were read")
            return
    if count > max_pages:
        notes.append(f"only the first {max_pages} of the PDF's {count} pages were read")


def pdf_text(data: bytes, *, max_pages: int = MAX_PAGES, max_chars: int = MAX_CHARS) -> tuple[str, list[str]]:
    """The text of the PDF ``data``, page after page, and notes on what was left out.

    Raises :class:`PdfError` when the file cannot be read at all (damaged, password-protected).
    """
    notes: list[str] = []
    pypdf = _pypdf()
    parts: list[str] = []
    try:
        with pypdf.apply_configuration(**_LIMITS):
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            # invoicing software often locks a PDF against editing only: the empty password opens it
            if reader.is_encrypted and not reader.decrypt(""):
                raise PdfError("the PDF is password-protected")
            _read_pages(reader.pages, parts, notes, max_pages, max_chars)
    except PdfError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on damaged files
        logger.debug("PDF not read: %r", exc)
        raise PdfError("the PDF is damaged, or too complex to read, and its text could not be read") from exc
    text = clean_text("\n\n".join(part.strip() for part in parts if part.strip()))[:max_chars]
    if not text:
        notes.append("the PDF has no text layer (a scanned image?); nothing was read from it")
    return text, notes


def read_pdf(data: bytes, *, source: str | None = None, kind: Kind = "text") -> Document:
    """A PDF file (a saved invoice or letter) as a Document of its text."""
    label = source or "input"
    try:
        text, notes = pdf_text(data)
    except PdfError as exc:
        raise PdfError(f"{label}: {exc}") from exc
    if not text:
        raise PdfError(f"{label}: the PDF has no text to read (a scanned image? save it as an image)")
    text, revealed = reveal(text)
    return Document(kind=kind, text=text, source=source, notes=["read from a PDF", *notes, *revealed])
