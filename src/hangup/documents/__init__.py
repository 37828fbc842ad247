"""Readers: turn files, bytes and pasted text into :class:`Document` objects."""

from hangup.documents.model import KINDS, Document, Kind, Turn

__all__ = ["KINDS", "Document", "Kind", "Turn"]
