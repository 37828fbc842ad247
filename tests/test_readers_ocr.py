"""Screenshots through OCR (Tesseract)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents import mail, ocr_available, read_bytes, read_path
from hangup.documents import ocr as ocr_module
from hangup.errors import InputError, OcrUnavailable

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
needs_tesseract = pytest.mark.skipif(not ocr_available(), reason="tesseract (or pytesseract) not installed")


@pytest.mark.ocr
@needs_tesseract
def test_popup_screenshot() -> None:
    (doc,) = read_path(FIXTURES / "popup.png")
    assert doc.kind == "popup"
    assert "Windows Defender" in doc.text
    assert "555-0199" in doc.text
    assert any("OCR" in note for note in doc.notes)


@pytest.mark.ocr
@needs_tesseract
def test_forced_kind_on_image() -> None:
    (doc,) = read_bytes((FIXTURES / "popup.png").read_bytes(), kind="sms")
    assert doc.kind == "sms"


@pytest.mark.ocr
@needs_tesseract
def test_damaged_png_is_input_error() -> None:
    data = (FIXTURES / "popup.png").read_bytes()[:200]
    with pytest.raises(InputError, match="not a readable image"):
        read_bytes(data, name="bad.png")


def test_missing_tesseract_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pytesseract")
    monkeypatch.setattr(ocr_module.shutil, "which", lambda _cmd: None)
    with pytest.raises(OcrUnavailable, match=r"pip install 'hangup\[ocr\]'.*apt install tesseract-ocr"):
        read_path(FIXTURES / "popup.png")


def test_missing_pytesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins  # noqa: PLC0415

    real_import = builtins.__import__

    def fake_import(name: str, *args: object, **kwargs: object) -> object:
        if name == "pytesseract":
            raise ImportError("no pytesseract")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(OcrUnavailable, match="hangup\\[ocr\\]"):
        read_bytes((FIXTURES / "popup.png").read_bytes())


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Windows Defender\nYour computer is infected with a virus\nCall 0800", "popup"),
        ("From: a@b.com\nTo: me\nSubject: hello\nbody", "email"),
        ("Text Message\nToday 10:32\nYour parcel is held. Reply STOP\nDelivered", "sms"),
        ("Shopping list: eggs, milk", "text"),
    ],
)
def test_guess_kind(text: str, kind: str) -> None:
    assert ocr_module.guess_kind(text) == kind


def _image_email(body_html: str) -> bytes:
    """An HTML email showing the pop-up screenshot as an inline image."""
    png = base64.encodebytes((FIXTURES / "popup.png").read_bytes()).decode("ascii")
    return (
        "From: Security <alerts@example.net>\nTo: user@example.com\nSubject: Important notice\nMIME-Version: 1.0\n"
        'Content-Type: multipart/related; boundary="b"\n\n'
        f"--b\nContent-Type: text/html; charset=utf-8\n\n<html><body>{body_html}<img src=\"cid:i1\"></body></html>\n"
        f"--b\nContent-Type: image/png\nContent-ID: <i1>\nContent-Transfer-Encoding: base64\n\n{png}--b--\n"
    ).encode("ascii")


@pytest.mark.ocr
@needs_tesseract
def test_email_that_is_all_picture_is_read_by_ocr() -> None:
    (doc,) = read_bytes(_image_email("<p>View this email in your browser</p>"))
    assert doc.kind == "email"
    assert "An image in the message:" in doc.text and "555-0199" in doc.text
    assert any(note.startswith("the text of an image") for note in doc.notes)
    verdict = Engine().analyse(doc)
    assert verdict.verdict == "scam" and verdict.category == "tech_support"


@pytest.mark.ocr
@needs_tesseract
def test_images_of_a_wordy_email_are_not_read() -> None:
    words = " ".join(["Our spring newsletter has garden tips, recipes and club news for members."] * 4)
    (doc,) = read_bytes(_image_email(f"<p>{words}</p>"))
    assert "555-0199" not in doc.text
    assert "attachments not read: unnamed image/png" in doc.notes


def test_picture_email_without_ocr_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail, "ocr_available", lambda: False)
    (doc,) = read_bytes(_image_email(""))
    assert "the message is mostly images and their text was not read (OCR is not installed)" in doc.notes
    assert "attachments not read: unnamed image/png" in doc.notes


def test_picture_email_reading_can_be_turned_off() -> None:
    settings = Settings(read_email_images=False)
    (doc,) = read_bytes(_image_email(""), settings=settings)
    assert "555-0199" not in doc.text
    assert not any("OCR" in note for note in doc.notes)
