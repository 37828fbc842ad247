"""Screenshots (PNG, JPEG, ...) to text with Tesseract, through the optional ``pytesseract`` extra."""

from __future__ import annotations

import io
import logging
import shutil
from types import ModuleType
from typing import Any

from hangup.documents.disguise import reveal
from hangup.documents.model import Document, Kind
from hangup.documents.text import clean_text
from hangup.errors import InputError, OcrUnavailable

logger = logging.getLogger(__name__)

INSTALL_HINT = (
    "install the OCR extra with `pip install 'hangup[ocr]'` and the Tesseract program "
    "(Debian/Ubuntu: `apt install tesseract-ocr`; macOS: `brew install tesseract`)"
)
MAX_PIXELS = 40_000_000
OCR_TIMEOUT_SECONDS = 120

_MAGIC: tuple[tuple[bytes, int], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0),
    (b"\xff\xd8\xff", 0),
    (b"GIF87a", 0),
    (b"GIF89a", 0),
    (b"WEBP", 8),
    (b"II*\x00", 0),
    (b"MM\x00*", 0),
    (b"BM", 0),
)

_POPUP_WORDS = (
    "windows defender", "microsoft", "virus", "malware", "infected", "your computer", "your pc",
    "do not shut down", "do not restart", "do not close", "error code", "security alert", "firewall",
    "blocked", "toll free", "toll-free", "call support", "call microsoft", "technical support",
    "tech support", "spyware", "trojan", "access to this pc", "apple support", "system warning",
)
_SMS_WORDS = ("text message", "imessage", "sms", "delivered", "reply stop", "type a message", "send")
_EMAIL_WORDS = ("from:", "to:", "subject:", "reply", "forward", "inbox", "cc:")


def is_image(data: bytes) -> bool:
    """True when ``data`` starts with an image format's magic bytes."""
    if data.startswith(b"BM"):
        return len(data) > 26 and data[6:10] == b"\x00\x00\x00\x00"
    return any(data[offset:offset + len(magic)] == magic for magic, offset in _MAGIC)


def guess_kind(text: str) -> Kind:
    """Guess whether OCR'd text is a scam pop-up, a text message or an email; else "text"."""
    lowered = text.lower()
    popup = sum(word in lowered for word in _POPUP_WORDS)
    email = sum(word in lowered for word in _EMAIL_WORDS)
    sms = sum(word in lowered for word in _SMS_WORDS)
    if "from:" in lowered and "subject:" in lowered and email >= popup:
        return "email"
    if popup >= 2:
        return "popup"
    if sms >= 2:
        return "sms"
    if email >= 3:
        return "email"
    return "text"


def _modules() -> tuple[ModuleType, Any]:
    try:
        import pytesseract  # noqa: PLC0415 - optional extra, imported only when needed
        from PIL import Image  # noqa: PLC0415
    except ImportError as exc:
        raise OcrUnavailable(f"reading screenshots needs OCR: {INSTALL_HINT}") from exc
    command = getattr(pytesseract.pytesseract, "tesseract_cmd", "tesseract")
    if shutil.which(command) is None:
        raise OcrUnavailable(f"reading screenshots needs the Tesseract program ({command!r} not found): "
                             f"{INSTALL_HINT}")
    return pytesseract, Image


def ocr_available() -> bool:
    """True when screenshots can be read here."""
    try:
        _modules()
    except OcrUnavailable:
        return False
    return True


def read_image(
    data: bytes, *, source: str | None = None, kind: Kind | None = None, notes: list[str] | None = None
) -> Document:
    """OCR a screenshot; ``kind`` None guesses it from the text. :class:`OcrUnavailable` without Tesseract."""
    pytesseract, image_module = _modules()
    name = source or "image"
    try:
        image = image_module.open(io.BytesIO(data))
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise InputError(f"{name} is too large an image: {width}x{height} pixels")
        image.load()
        image = image.convert("L")
        factor = 3 if width < 500 else 2 if width < 1200 else 1  # Tesseract likes big text
        if factor > 1 and width * height * factor * factor <= MAX_PIXELS:
            image = image.resize((width * factor, height * factor))
    except InputError:
        raise
    except Exception as exc:  # Pillow raises many types on damaged images
        raise InputError(f"{name} is not a readable image: {exc}") from exc
    try:
        raw = pytesseract.image_to_string(image, timeout=OCR_TIMEOUT_SECONDS)
    except RuntimeError as exc:  # pytesseract's timeout
        raise InputError(f"{name}: OCR took too long ({exc})") from exc
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable(f"Tesseract is not installed: {INSTALL_HINT}") from exc
    except pytesseract.TesseractError as exc:
        raise InputError(f"{name}: OCR failed: {exc}") from exc
    text, revealed = reveal(clean_text(str(raw)))
    if not text:
        raise InputError(f"{name}: no text was found in the image")
    all_notes = [*(notes or []), "text read from an image by OCR; it may contain recognition errors", *revealed]
    chosen = kind or guess_kind(text)
    logger.debug("OCR %s: %d chars, kind %s", name, len(text), chosen)
    return Document(kind=chosen, text=text, source=source, notes=all_notes)
