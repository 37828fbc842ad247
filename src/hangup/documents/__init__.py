"""Readers: turn files, bytes and pasted text into :class:`Document` objects."""

from hangup.documents.load import READ_KINDS, iter_path, read_bytes, read_path, read_text
from hangup.documents.model import KINDS, Document, Kind, Turn
from hangup.documents.ocr import ocr_available

__all__ = [
    "KINDS",
    "READ_KINDS",
    "Document",
    "Kind",
    "Turn",
    "iter_path",
    "ocr_available",
    "read_bytes",
    "read_path",
    "read_text",
]
