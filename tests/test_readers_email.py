"""Email (.eml) and mbox readers."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from hangup.documents import iter_path, read_bytes, read_path, read_text
from hangup.documents.mail import _lenient_base64

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


def test_multipart_email_headers_and_body() -> None:
    (doc,) = read_path(FIXTURES / "multipart.eml")
    assert doc.kind == "email"
    assert doc.subject == "Your licence has expired — action required"
    assert doc.header("From") == "Microsoft Support <support@micros0ft-support.example>"
    assert doc.headers["reply-to"] == ["renewals@freemail.example"]
    assert doc.header("return-path") == "<bounce@micros0ft-support.example>"
    assert doc.header("received") is not None and "203.0.113.9" in doc.header("received")  # type: ignore[operator]
    assert "spf=fail" in (doc.header("Authentication-Results") or "")
    assert doc.header("message-id") == "<123@micros0ft-support.example>"
    assert doc.text.startswith(doc.subject + "\n\n")
    # quoted-printable plain part preferred over HTML; the em dash survived
    assert "Call our support team on 0800 123 4567 to renew it — today only." in doc.text
    assert "<p>" not in doc.text and "alert('x')" not in doc.text
    # the windows-1252 part
    assert "Facture n° 42 : montant dû 299,99 € — réglez-le vite." in doc.text
    # a link only the HTML shows is listed with its URL
    assert "Renew now (https://micros0ft-support.example/renew)" in doc.text
    assert "attachments not read: invoice.pdf" in doc.notes
    assert "JVBERi" not in doc.text


def test_base64_html_only_email() -> None:
    (doc,) = read_path(FIXTURES / "base64_html.eml")
    assert doc.subject == "Account locked"
    assert "www.paypal.com (http://paypal.account-verify.example/login?id=7)" in doc.text
    assert "Security alert: your PayPaI account is locked." in doc.text
    assert "do not show" not in doc.text
    assert doc.text.startswith("Account locked\n\n")


def test_truncated_email_is_read_with_notes() -> None:
    (doc,) = read_path(FIXTURES / "truncated.eml")
    assert doc.subject == "Virus detected"
    assert "Call 1-800-555-0100" in doc.text
    assert any("truncated" in note for note in doc.notes)


def test_truncated_in_headers_does_not_raise() -> None:
    data = (FIXTURES / "multipart.eml").read_bytes()
    for cut in (40, 300, 700, 900, 1200, len(data) - 10):
        (doc,) = read_bytes(data[:cut], name="cut.eml")
        assert doc.kind == "email"


def test_unknown_charset_decoded_with_note() -> None:
    (doc,) = read_path(FIXTURES / "unknown_charset.eml")
    assert "Café naïve résumé" in doc.text
    assert any("x-klingon" in note for note in doc.notes)


def test_email_detected_from_pasted_text() -> None:
    doc = read_text("From: a@b.example\nSubject: Hello\nTo: c@d.example\n\nCall 0800 999.\n")
    assert doc.kind == "email"
    assert doc.subject == "Hello"
    assert doc.text == "Hello\n\nCall 0800 999."


def test_kind_email_without_headers_is_plain() -> None:
    doc = read_text("Dear user, call us.", kind="email")
    assert doc.kind == "email"
    assert doc.text == "Dear user, call us."
    assert doc.headers == {}


def test_encoded_word_subject() -> None:
    data = b"From: x@y.example\nTo: z@y.example\nSubject: =?iso-8859-1?q?Rembourser_=E0_vous?=\n\nbody\n"
    (doc,) = read_bytes(data)
    assert doc.subject == "Rembourser à vous"


def test_mbox_three_messages() -> None:
    docs = read_path(FIXTURES / "three.mbox")
    assert [d.subject for d in docs] == ["Refund pending", "Statement ready", "Remote session"]
    assert [d.source for d in docs] == [f"{FIXTURES / 'three.mbox'}#{i}" for i in (1, 2, 3)]
    assert all(d.kind == "email" for d in docs)
    assert "From now on use our portal." in docs[0].text  # mboxrd ">From " unescaped
    assert docs[2].header("from") == "noreply@tech-help.example"


def test_mbox_streams_lazily() -> None:
    iterator = iter_path(FIXTURES / "three.mbox")
    first = next(iterator)
    assert first.subject == "Refund pending"
    assert len(list(iterator)) == 2


def test_mbox_detected_by_content_from_bytes() -> None:
    docs = read_bytes((FIXTURES / "three.mbox").read_bytes(), name="mail")
    assert len(docs) == 3


def test_mbox_pasted_as_text_gives_first_with_note() -> None:
    doc = read_text((FIXTURES / "three.mbox").read_text())
    assert doc.subject == "Refund pending"
    assert any("2 more message" in note for note in doc.notes)


@pytest.mark.parametrize("kind", ["eml", "email"])
def test_explicit_email_kind(kind: str) -> None:
    (doc,) = read_bytes((FIXTURES / "base64_html.eml").read_bytes(), kind=kind)
    assert doc.subject == "Account locked"


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("Received", "from mx.example (mx.example [203.0.113.9])\r\n\tby mail.example; Mon, 1 Jan 2024"),
        ("X-Mailer", "  Odd\tspacing (comment) \"quoted\" <angle> ;;  "),
        ("Thread-Topic", "=?utf-8?q?Caf=C3=A9?= encoded words take the parser"),
        ("X-Note", "Caf\u00e9 non-ASCII takes the parser"),
        ("From", "\"Support, Microsoft\" <support@example.test>"),
        ("Subject", "Re: your  licence"),
        ("X-Odd", "a\rb\nc \x1c d"),
    ],
)
def test_header_values_match_the_modern_policy(name: str, raw: str) -> None:
    """Headers are read without the (slow) modern policy; the values must be what it would give."""
    from email import policy  # noqa: PLC0415

    from hangup.documents.mail import _header_value  # noqa: PLC0415

    expected = " ".join(str(policy.default.header_fetch_parse(name, raw)).split())
    assert _header_value(name, raw) == expected


def test_single_message_with_mbox_envelope_line_is_read_as_email() -> None:
    raw = (
        b"From someone@example.com  Thu Aug 22 12:36:23 2002\n"
        b"From: Alice <alice@example.com>\nTo: bob@example.com\nSubject: Lunch\n"
        b"X-Spam-Status: No, hits=-5.0\n\nSee you at one.\n"
    )
    docs = read_bytes(raw, name="msg.eml", kind="email")
    assert docs[0].kind == "email"
    assert docs[0].subject == "Lunch"
    assert "X-Spam" not in docs[0].text
    assert docs[0].header("x-spam-status") == "No, hits=-5.0"


def test_raw_8bit_headers_are_decoded() -> None:
    """Headers with raw UTF-8 or Latin-1 bytes (no encoded words) come out as text, not escapes."""
    data = ("From: Caf\u00e9 <a@b.example>\nSubject: Ihr Konto ist gesperrt \u2013 jetzt anrufen\n\nbody\n").encode()
    (doc,) = read_bytes(data)
    assert doc.subject == "Ihr Konto ist gesperrt \u2013 jetzt anrufen"
    assert doc.header("From") == "Caf\u00e9 <a@b.example>"
    latin = "Subject: Votre ordinateur est bloqu\u00e9\nFrom: x@y.example\n\nbody\n".encode("latin-1")
    (doc,) = read_bytes(latin)
    assert doc.subject == "Votre ordinateur est bloqu\u00e9"


def _with_attachment(name: str, ctype: str, body: str) -> bytes:
    return (
        "From: Accounts <ar@freight.example.net>\nTo: ap@example.com\nSubject: Overdue invoice\n"
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n"
        "--B\nContent-Type: text/plain\n\nPlease see the attached invoice.\n"
        f"--B\nContent-Type: {ctype}\nContent-Disposition: attachment; filename=\"{name}\"\n\n{body}\n--B--\n"
    ).encode()


def test_an_attached_web_page_is_read_after_the_message() -> None:
    page = "<html><body><h1>Verify you are human</h1><p>Press Windows + R, then Ctrl + V.</p></body></html>"
    (doc,) = read_bytes(_with_attachment("INV-30418.html", "text/html", page))
    assert "Attached INV-30418.html:\nVerify you are human" in doc.text
    assert "Press Windows + R, then Ctrl + V." in doc.text and "<p>" not in doc.text
    assert "the attached page INV-30418.html was read; its text follows the message" in doc.notes
    assert doc.attachments == ["INV-30418.html"]


def test_an_attached_svg_page_is_read() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>Verify you are human. Press Windows + R</text></svg>'
    (doc,) = read_bytes(_with_attachment("invoice.svg", "image/svg+xml", svg))
    assert "Attached invoice.svg:\nVerify you are human. Press Windows + R" in doc.text


def _with_attachments(attachments: list[tuple[str, str, str]]) -> bytes:
    """A message with a short body and the given (name, content type, body) attachments, in order."""
    parts = "".join(f"--B\nContent-Type: {ctype}\nContent-Disposition: attachment; filename=\"{name}\"\n\n{body}\n"
                    for name, ctype, body in attachments)
    return ("From: a@x.example\nTo: b@example.com\nSubject: Invoice\nMIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nSee attached.\n"
            f"{parts}--B--\n").encode()


def test_a_page_with_no_text_is_listed_and_leaves_room_for_the_next() -> None:
    script = "<html><head><script>location='https://x.example/'+atob('aGk=')</script></head><body></body></html>"
    decoys = [(f"decoy{i}.html", "text/html", script) for i in range(4)]
    (doc,) = read_bytes(_with_attachments([*decoys, ("real.html", "text/html", "<p>Press Windows + R and paste</p>")]))
    assert "Attached real.html:\nPress Windows + R and paste" in doc.text
    assert "attachments not read: decoy0.html, decoy1.html, decoy2.html, decoy3.html" in doc.notes


def test_base64_cut_short_is_decoded_as_far_as_it_goes() -> None:
    page = "<html><body><h1>Verify you are human</h1><p>Press Windows + R, then Ctrl + V.</p></body></html>"
    encoded = base64.b64encode(page.encode()).decode()[:-3]  # the last characters lost
    raw = _with_attachment("p.html", "text/html\nContent-Transfer-Encoding: base64", encoded)
    (doc,) = read_bytes(raw)
    assert "Verify you are human" in doc.text and encoded[:20] not in doc.text


def test_an_attached_text_file_is_read() -> None:
    receipt = "Norton 360 renewed: $249.99. To cancel call 1-888-555-0147 within 24 hours."
    (doc,) = read_bytes(_with_attachment("Receipt_4418027.txt", "text/plain", receipt))
    assert f"Attached Receipt_4418027.txt:\n{receipt}" in doc.text
    assert doc.attached_at is not None and doc.text.index("Attached Receipt") == doc.attached_at


def test_text_files_do_not_use_up_the_pages_budget() -> None:
    footers = [(f"ATT0000{i}.txt", "text/plain", f"This email is confidential. {i}") for i in range(1, 5)]
    page = ("Invoice.html", "text/html", "<p>Sign in with your email password to view the invoice</p>")
    (doc,) = read_bytes(_with_attachments([*footers, page]))
    assert "Attached Invoice.html:\nSign in with your email password" in doc.text
    assert "attachments not read: ATT00004.txt" in doc.notes


@pytest.mark.parametrize(("encoded", "expected"), [
    ("SGVsb!G8gd29ybGQ=", b"Hello world"),  # a stray character in padded base64
    ("SGVsbG8=\nIHdvcmxk\n.", b"Hello world"),  # every line padded, and a leftover dot
    ("SGVsbG8gd29ybGQ", b"Hello world"),  # the padding lost
])
def test_damaged_base64_is_decoded_as_far_as_it_goes(encoded: str, expected: bytes) -> None:

    assert _lenient_base64(encoded) == expected


def test_an_svg_pages_xlink_links_are_kept() -> None:
    svg = ('<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="https://docusign-review.example/x">'
           '<text>Review document</text></a></svg>')
    (doc,) = read_bytes(_with_attachment("doc.svg", "image/svg+xml", svg))
    assert "https://docusign-review.example/x" in doc.text


def test_a_named_plain_text_part_without_disposition_is_the_body() -> None:
    raw = (b"From: alerts@bank.example\nTo: b@example.com\nSubject: Security\nMIME-Version: 1.0\n"
           b"Content-Type: text/plain; name=\"message.txt\"\n\nWe will never ask you to move money.\n")
    (doc,) = read_bytes(raw)
    assert doc.attached_at is None and "We will never ask you to move money." in doc.text


def test_other_attachments_are_listed_not_read() -> None:
    (doc,) = read_bytes(_with_attachment("notes.csv", "text/csv", "a,b\n1,2"))
    assert "1,2" not in doc.text
    assert "attachments not read: notes.csv" in doc.notes
