"""PDF text: a fake invoice often comes as a PDF, attached to a short email or saved on its own.

Read with ``pypdf`` (pure Python), imported on first use. Only the text layer is read, from at most
:data:`MAX_PAGES` pages and :data:`MAX_CHARS` characters; a PDF that is a scanned image has no text
layer and reads as empty. A damaged or hostile file never raises anything but :class:`PdfError`.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from hangup.documents.model import Document, Kind
from hangup.documents.text import clean_text
from hangup.errors import InputError

logger = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damaged files are ours to word

MAX_PAGES = 20  # an invoice or a letter is a page or two; a long PDF is read from its start
MAX_CHARS = 100_000
MAX_PDF_BYTES = 10_000_000  # larger attachments are listed, not read


class PdfError(InputError):
    """A PDF whose text could not be read (damaged, encrypted, or the reader is not installed)."""


def is_pdf(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) is a PDF: ``%PDF-`` within its first 1 KB."""
    return b"%PDF-" in head[:1024]


def _reader(data: bytes) -> Any:
    try:
        from pypdf import PdfReader  # noqa: PLC0415 - read only when a PDF turns up
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise PdfError("reading PDF files needs pypdf: pip install pypdf") from exc
    return PdfReader(io.BytesIO(data), strict=False)


def pdf_text(data: bytes, *, max_pages: int = MAX_PAGES, max_chars: int = MAX_CHARS) -> tuple[str, list[str]]:
    """The text of the PDF ``data``, page after page, and notes on what was left out.

    Raises :class:`PdfError` when the file cannot be read at all (damaged, password-protected).
    """
    notes: list[str] = []
    try:
        reader = _reader(data)
        if reader.is_encrypted:
            raise PdfError("the PDF is password-protected")
        pages = reader.pages
        count = len(pages)
        parts: list[str] = []
        length = 0
        for index in range(min(count, max_pages)):
            text = pages[index].extract_text() or ""
            parts.append(text)
            length += len(text)
            if length >= max_chars:
                notes.append(f"only the first {max_chars:,} characters of the PDF were read")
                break
        else:
            if count > max_pages:
                notes.append(f"only the first {max_pages} of the PDF's {count} pages were read")
    except PdfError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on damaged files
        logger.debug("PDF not read: %r", exc)
        raise PdfError("the PDF is damaged and its text could not be read") from exc
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
    return Document(kind=kind, text=text, source=source, notes=["read from a PDF", *notes])
