"""PDF files and PDF attachments: the text layer is read; damaged, locked or empty files give notes or a clear error."""

from __future__ import annotations

import base64
import io
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from pypdf import PdfWriter

from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents import read_bytes, read_path, read_text
from hangup.documents.pdf import PdfError, pdf_text
from hangup.errors import InputError
from pdfs import make_pdf

INVOICE = [
    "GEEK SQUAD - INVOICE 80211",
    "Your Total Tech Support membership has been renewed for $399.99 and will be charged today.",
    "If you did not authorise this renewal, call our billing department on 1-888-555-0147 within 24 hours.",
]


def _email(pdf: bytes, *, ctype: str = "application/pdf", name: str = "Invoice_80211.pdf") -> bytes:
    """A short email whose invoice is only in the attached file."""
    encoded = base64.encodebytes(pdf).decode("ascii")
    return (
        "From: Billing <billing.dept4471@example.net>\r\n"
        "To: user@example.com\r\n"
        "Subject: Order confirmation\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Dear customer, please find your invoice attached.\r\n"
        f"--b1\r\nContent-Type: {ctype}\r\nContent-Transfer-Encoding: base64\r\n"
        f'Content-Disposition: attachment; filename="{name}"\r\n\r\n{encoded}\r\n--b1--\r\n'
    ).encode("ascii")


def _locked_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _owner_locked_pdf() -> bytes:
    """Locked against editing only (an empty password opens it), as invoicing software does."""
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf([INVOICE])))
    writer.encrypt(user_password="", owner_password="owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_text_of_every_page_in_order() -> None:
    text, notes = pdf_text(make_pdf([["first page line"], ["second page (with brackets)"]]))
    assert text == "first page line\n\nsecond page (with brackets)"
    assert notes == []


def test_page_limit_is_noted() -> None:
    text, notes = pdf_text(make_pdf([[f"page {i}"] for i in range(5)]), max_pages=2)
    assert text == "page 0\n\npage 1"
    assert notes == ["only the first 2 of the PDF's 5 pages were read"]


def test_pdf_file_is_read_as_text() -> None:
    [doc] = read_bytes(make_pdf([INVOICE]), name="invoice.pdf")
    assert doc.kind == "text"
    assert "1-888-555-0147" in doc.text
    assert "read from a PDF" in doc.notes


def test_pdf_recognised_by_content_and_kind_forced() -> None:
    [doc] = read_bytes(make_pdf([INVOICE]), name="download", kind="email")
    assert doc.kind == "email" and doc.text.startswith("GEEK SQUAD")
    with pytest.raises(InputError, match="not a PDF"):
        read_bytes(b"plain words", kind="pdf")
    with pytest.raises(InputError, match="PDF cannot be given as text"):
        read_text("%PDF-1.4", kind="pdf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\n" + b"\x00garbage\xff" * 200, "damaged"),
        (_locked_pdf(), "password-protected"),
        (_blank_pdf(), "no text"),
    ],
)
def test_unreadable_pdf_file_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(PdfError, match=message):
        read_bytes(data, name="x.pdf")


def test_attached_pdf_is_read_after_the_body() -> None:
    [doc] = read_bytes(_email(make_pdf([INVOICE])))
    assert doc.text.index("please find your invoice attached") < doc.text.index("Attached Invoice_80211.pdf:")
    assert "call our billing department on 1-888-555-0147" in doc.text
    assert "the attached PDF Invoice_80211.pdf was read; its text follows the message" in doc.notes
    assert not any(note.startswith("attachments not read") for note in doc.notes)


def test_scam_only_in_the_attachment_is_found() -> None:
    engine = Engine(Settings())
    with_pdf = engine.analyse(read_bytes(_email(make_pdf([INVOICE])))[0])
    assert with_pdf.verdict == "scam" and with_pdf.category == "tech_support"
    assert any(e.text in INVOICE[2] for t in with_pdf.tactics for e in t.evidence)
    # the same email with the invoice in a file hangup does not read: only the short body is judged
    unread = engine.analyse(read_bytes(_email(b"PK\x03\x04zipped", ctype="application/zip", name="Invoice.zip"))[0])
    assert unread.verdict == "not_scam"
    assert "attachments not read: Invoice.zip" in unread.notes


@pytest.mark.parametrize(
    ("pdf", "note"),
    [
        (b"%PDF-1.4 \x00\x01\x02 broken", "the attached PDF Invoice_80211.pdf was not read: the PDF is damaged"),
        (_locked_pdf(), "the attached PDF Invoice_80211.pdf was not read: the PDF is password-protected"),
    ],
)
def test_unreadable_attachment_is_noted_and_the_email_still_read(pdf: bytes, note: str) -> None:
    [doc] = read_bytes(_email(pdf))
    assert doc.text.endswith("please find your invoice attached.")
    assert any(n.startswith(note) for n in doc.notes)


def test_check_command_reads_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(make_pdf([INVOICE]))
    assert read_path(path)[0].text.startswith("GEEK SQUAD")
    hangup = str(Path(sys.executable).with_name("hangup"))
    flagged = subprocess.run([hangup, "check", "--no-color", str(path)], capture_output=True, text=True, check=False)
    assert flagged.returncode == 1, flagged.stderr
    assert "SCAM" in flagged.stdout and "read from a PDF" in flagged.stdout
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 \x00\x01 not really")
    failed = subprocess.run([hangup, "check", str(broken)], capture_output=True, text=True, check=False)
    assert failed.returncode == 2
    assert "damaged" in failed.stderr and "Traceback" not in failed.stderr


def test_pdf_locked_for_editing_only_is_read() -> None:
    text, _ = pdf_text(_owner_locked_pdf())
    assert "1-888-555-0147" in text


def _flate_page(operators: int) -> bytes:
    """A one-page PDF whose compressed content draws "A" ``operators`` times."""
    stream = zlib.compress(b"BT /F1 11 Tf 50 780 Td " + b"(A) Tj " * operators + b"ET", 9)
    head, _, rest = make_pdf([["x"]]).partition(b"5 0 obj\n")
    tail = rest[rest.index(b"endobj\n") + len(b"endobj\n"):]
    body = f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream\nendobj\n"
    return head + b"5 0 obj\n" + body + tail


def test_page_too_complex_to_read_is_refused_not_ground_through() -> None:
    assert pdf_text(_flate_page(100))[0].startswith("AAAA")  # the same file, drawn briefly, reads
    # a few kilobytes that decompress to a page of 150,000 drawing operators
    with pytest.raises(PdfError, match="too complex"):
        pdf_text(_flate_page(150_000))


def test_text_that_mentions_the_pdf_header_is_text() -> None:
    [doc] = read_bytes(b"Hi, the file header is %PDF-1.7 so it is a PDF. Call me on 0800 123 4567.")
    assert doc.text.startswith("Hi, the file header")
    raw = b"From: a@example.com\nTo: c@example.com\nSubject: x\n\nThe file starts with %PDF-1.4, see?"
    assert read_bytes(raw, kind="eml")[0].text.endswith("see?")


def _email_with_pdfs(pdf: bytes, names: list[str]) -> bytes:
    """A short email with ``pdf`` attached once under each name."""
    encoded = base64.encodebytes(pdf).decode("ascii")
    parts = "".join(
        f"--b1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        f'Content-Disposition: attachment; filename="{name}"\r\n\r\n{encoded}\r\n'
        for name in names
    )
    return ("From: a@example.net\r\nTo: u@example.com\r\nSubject: files\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
            f"--b1\r\nContent-Type: text/plain\r\n\r\nFiles.\r\n{parts}--b1--\r\n").encode("ascii")


def test_at_most_three_pdfs_of_a_message_are_read() -> None:
    [doc] = read_bytes(_email_with_pdfs(make_pdf([INVOICE]), [f"inv{i}.pdf" for i in range(5)]))
    assert doc.text.count("Attached inv") == 3
    assert "attachments not read: inv3.pdf, inv4.pdf" in doc.notes


def test_broken_pdfs_count_towards_the_limit_of_three() -> None:
    [doc] = read_bytes(_email_with_pdfs(b"%PDF-1.4 \x00\x01 not really", [f"bad{i}.pdf" for i in range(5)]))
    assert sum("was not read" in note for note in doc.notes) == 3  # the other two are not even tried
    assert "attachments not read: bad0.pdf, bad1.pdf, bad2.pdf, bad3.pdf, bad4.pdf" in doc.notes


def test_pdf_after_a_preamble_is_read_when_named_a_pdf() -> None:
    data = b"@PJL JOB NAME=invoice\r\n" * 5 + make_pdf([INVOICE])
    assert read_bytes(data, name="invoice.pdf")[0].text.startswith("GEEK SQUAD")
    assert read_bytes(data, kind="pdf")[0].text.startswith("GEEK SQUAD")
