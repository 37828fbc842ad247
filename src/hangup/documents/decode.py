"""Bytes to text: byte-order marks, UTF-8, then a guess. Binary input is refused, never mis-read."""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hangup.errors import InputError

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatches

logger = logging.getLogger(__name__)

# UTF-32 first: its little-endian mark starts with the UTF-16 one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 65_536
# Control characters other than \t \n \v \f \r and ESC (\x1b), which text may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, the encoding used, and whether a byte-order mark was removed."""

    text: str
    encoding: str
    bom: bool = False
    notes: list[str] = field(default_factory=list)


def binary_error(name: str) -> InputError:
    """The error for input that is not text."""
    return InputError(f"{name} looks like a binary file, not text or a supported document")


def empty_error(name: str) -> InputError:
    """The error for input with nothing to read."""
    return InputError(f"{name} is empty")


def ensure_not_empty(text: str, name: str) -> None:
    """Raise :class:`InputError` when ``text`` is empty or only whitespace."""
    if not text.strip():
        raise empty_error(name)


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(text: str) -> bool:
    """True when a decoded sample holds NULs or many control characters."""
    sample = text[:_SAMPLE]
    if "\x00" in sample:
        return True
    controls = len(_CONTROL.findall(sample))
    return controls > max(2, len(sample) // 20)


def from_bytes(data: bytes) -> CharsetMatches:
    """charset-normalizer's guesses for ``data`` (imported on first use: most input is UTF-8)."""
    from charset_normalizer import from_bytes as guess  # noqa: PLC0415 - slow import, rarely needed

    return guess(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a mark shows NULs in every other byte; decode it if so."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= half * 0.9 and other == 0:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode_bytes(data: bytes, name: str = "input") -> Decoded:
    """Decode ``data`` to text; raise :class:`InputError` if it looks binary. Never raises decode errors."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(encoding, errors="replace")
            return _checked(Decoded(text, encoding, bom=True), name)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(Decoded(utf16, "utf-16", bom=True, notes=["decoded as UTF-16 (guessed)"]), name)
    if b"\x00" in data:
        raise binary_error(name)
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), name)
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise binary_error(name)
    encoding = best.encoding
    logger.debug("%s: not UTF-8, guessed %s", name, encoding)
    return _checked(Decoded(str(best), encoding, notes=[f"decoded as {encoding} (guessed)"]), name)


def _checked(decoded: Decoded, name: str) -> Decoded:
    if looks_binary(decoded.text):
        raise binary_error(name)
    return decoded


def decode_charset(payload: bytes, charset: str | None) -> tuple[str, list[str]]:
    """Decode an email part's bytes in its declared charset, falling back without raising.

    Returns the text and notes saying what was wrong (unknown or wrong charset, and what was used).
    """
    declared = (charset or "").strip().lower()
    problem: str | None = None
    if declared and declared not in {"unknown-8bit", "x-unknown", "unknown"}:
        try:
            codecs.lookup(declared)
        except LookupError:
            problem = f"unknown charset {charset!r}"
        else:
            try:
                return payload.decode(declared), []
            except (UnicodeDecodeError, LookupError):
                problem = f"text was not valid {declared}"
    elif declared:
        problem = f"charset {charset!r}"
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return text, [f"{problem}; decoded as UTF-8"] if problem else []
    best = from_bytes(payload).best() if payload else None
    if best is not None:
        guessed = f"decoded as {best.encoding} (guessed)"
        return str(best), [f"{problem}; {guessed}" if problem else guessed]
    return payload.decode("utf-8", errors="replace"), [
        f"{problem or 'unknown charset'}; some characters could not be decoded and were replaced"
    ]
