"""Size limits: refuse input that is too large, cut text that is too long."""

from __future__ import annotations

import dataclasses

from hangup.documents.model import Document, Turn
from hangup.errors import InputTooLarge


def too_large(name: str, size: int, limit: int) -> InputTooLarge:
    """The error for input larger than ``limit`` bytes."""
    return InputTooLarge(
        f"{name} is too large: {size:,} bytes, the limit is {limit:,} bytes (setting max_input_bytes)"
    )


def check_size(name: str, size: int, limit: int) -> None:
    """Raise :class:`InputTooLarge` when ``size`` exceeds ``limit``."""
    if size > limit:
        raise too_large(name, size, limit)


def cap_document(doc: Document, max_chars: int) -> Document:
    """Cut ``doc.text`` (and its turns) to ``max_chars`` characters, with a note. Changes ``doc``."""
    length = len(doc.text)
    if length <= max_chars:
        return doc
    turns: list[Turn] = []
    for turn in doc.turns:
        if turn.offset >= max_chars:
            break
        room = max_chars - turn.offset
        kept = dataclasses.replace(turn, text=turn.text[:room]) if len(turn.text) > room else turn
        if kept.text:
            turns.append(kept)
    doc.text = doc.text[:max_chars]
    doc.turns = turns
    doc.notes.append(
        f"the text was cut to its first {max_chars:,} of {length:,} characters (setting max_text_chars)"
    )
    return doc
