"""RFC 822 / MIME email to an email Document: headers, subject, and the readable body.

Parsed with :mod:`email`'s lenient ``compat32`` policy (the modern policy's header objects cost
about ten times as much and add nothing here); header values are unfolded and their RFC 2047
encoded words decoded. Damaged messages are read as far as they go, with notes saying what was
wrong. PDF attachments (where fake invoices usually are) and attached web pages (sign-in forms, fake CAPTCHAs)
are read and their text follows the body.
A message that is all picture (a scanned invoice, a pop-up pasted in: a way past text filters) has its
largest images read by OCR when the OCR extra is installed. Other attachments are listed, not read.
"""

from __future__ import annotations

import binascii
import logging
import re
from email import policy
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses

from hangup.documents.decode import decode_charset
from hangup.documents.disguise import DISGUISE_NOTES, reveal
from hangup.documents.htmltext import html_to_text, links
from hangup.documents.model import Document
from hangup.documents.ocr import is_image, ocr_available, read_image
from hangup.documents.pdf import MAX_PDF_BYTES, PdfError, is_pdf, pdf_text
from hangup.errors import InputError

logger = logging.getLogger(__name__)

_DEFECT_WORDS = {
    "StartBoundaryNotFoundDefect": "a MIME boundary was not found (the message may be truncated)",
    "CloseBoundaryNotFoundDefect": "the closing MIME boundary is missing (the message may be truncated)",
    "MultipartInvariantViolationDefect": "the multipart structure is broken",
    "MissingHeaderBodySeparatorDefect": "there is no blank line between headers and body",
    "InvalidBase64PaddingDefect": "a base64 part is damaged or cut short",
    "InvalidBase64CharactersDefect": "a base64 part contains invalid characters",
    "InvalidBase64LengthDefect": "a base64 part is damaged or cut short",
    "NoBoundaryInMultipartDefect": "a multipart part has no boundary",
}
_MAX_HEADER_CHARS = 10_000
_MAX_PARTS = 500
# A message with fewer words than this of its own, and images, is read from its images (OCR).
IMAGE_ONLY_WORDS = 30
MIN_IMAGE_BYTES = 8_000  # smaller images are logos, icons and tracking pixels
MAX_OCR_IMAGES = 2  # the largest ones; OCR takes about a second an image
MAX_PDFS = 3  # PDF attachments read per message; more are listed as not read
MAX_PAGES = 3  # attached web pages read per message (an invoice.html that is a sign-in form or a fake CAPTCHA)
MAX_TEXT_FILES = 3  # attached text files read per message (a receipt.txt that carries the whole lure)
MAX_PAGE_BYTES = 2_000_000
_PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".svg")
_PAGE_TYPES = frozenset({"text/html", "image/svg+xml", "application/xhtml+xml"})
_SVG_TAG = re.compile(r"<(/?)svg\b", re.IGNORECASE)
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/]+=*")
_XLINK = re.compile(r"\bxlink:href\s*=", re.IGNORECASE)
_BASE64_DEFECTS = ("InvalidBase64LengthDefect", "InvalidBase64PaddingDefect", "InvalidBase64CharactersDefect")


def _decode_words(raw: str) -> str:
    """Decode RFC 2047 encoded words leniently."""
    try:
        return str(make_header(decode_header(raw)))
    except (ValueError, LookupError, UnicodeError, TypeError, AssertionError):
        return raw


_ADDRESS_HEADERS = frozenset({"from", "to", "cc", "bcc", "reply-to", "sender", "return-path", "delivered-to"})
_NAME_SPECIALS = frozenset('()<>@,;:\\".[]')


def _address(name: str, addr: str) -> str:
    if not name:
        return addr
    if any(ch in _NAME_SPECIALS for ch in name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{addr}>" if addr else name


def _raw_8bit(text: str) -> str:
    """Undo the parser's surrogate escapes of 8-bit header bytes: UTF-8 if they are, else guessed."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_charset(raw, None)[0]


def _header_value(name: str, raw: object) -> str:
    """The header unfolded, encoded words decoded, addresses written ``Name <addr>``."""
    text = raw if isinstance(raw, str) else str(raw)
    text = " ".join(text[:_MAX_HEADER_CHARS].replace("\r", "").replace("\n", "").split())  # unfolded
    if not text.isascii():
        text = _raw_8bit(text)
    if "=?" in text:
        text = " ".join(_decode_words(text).split())
    if name.lower() in _ADDRESS_HEADERS and '"' in text:
        pairs = getaddresses([text])
        if pairs and all(addr for _, addr in pairs):
            return ", ".join(_address(n, a) for n, a in pairs)
    return text


def _headers(msg: Message) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, raw in msg.raw_items():
        headers.setdefault(name.strip().lower(), []).append(_header_value(name, raw))
    return headers


def _defect_notes(msg: Message) -> list[str]:
    seen: dict[str, None] = {}
    for part in _parts(msg):
        for defect in getattr(part, "defects", []):
            kind = type(defect).__name__
            seen.setdefault(_DEFECT_WORDS.get(kind, f"malformed MIME ({kind})"), None)
    return list(seen)


def _parts(msg: Message) -> list[Message]:
    parts: list[Message] = []
    for part in msg.walk():
        parts.append(part)
        if len(parts) >= _MAX_PARTS:
            break
    return parts


def _is_attachment(part: Message) -> str | None:
    """The part's filename (or a description) if it is an attachment, else None."""
    try:
        disposition = part.get_content_disposition()
        filename = part.get_filename()
    except Exception:  # malformed parameters
        disposition, filename = None, None
    ctype = part.get_content_type()
    if filename or disposition == "attachment":
        # an inline text part, or a named plain-text part with no disposition (how some programs send
        # the body itself, "message.txt"), is the message's own text
        if (ctype.startswith("text/") and disposition == "inline") or (ctype == "text/plain" and disposition is None):
            return None
        return _decode_words(filename) if filename else f"unnamed {ctype}"
    if not ctype.startswith("text/"):
        return f"unnamed {ctype}"
    return None


def _attachment_names(msg: Message) -> list[str]:
    """The file names of the message's parts that have one (attachments, and inline parts with names)."""
    names: list[str] = []
    for part in _parts(msg):
        try:
            filename = None if part.is_multipart() else part.get_filename()
        except Exception:  # malformed parameters
            filename = None
        if filename:
            names.append(_decode_words(filename))
    return names


def _payload(part: Message) -> bytes | None:
    """The part's decoded content. Base64 that is cut short or has stray characters is decoded as far
    as it goes, as mail programs do (the standard library hands back the raw base64 instead)."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return None
    damaged = any(type(d).__name__ in _BASE64_DEFECTS for d in getattr(part, "defects", []))
    if damaged and str(part.get("content-transfer-encoding", "")).strip().lower() == "base64":
        raw = part.get_payload(decode=False)
        return _lenient_base64(raw) if isinstance(raw, str) else payload
    return payload


def _lenient_base64(raw: str) -> bytes:
    """Base64 decoded as far as it goes: stray characters dropped, each padded run decoded on its own
    (some senders pad every line), a final run cut short completed or dropped."""
    decoded: list[bytes] = []
    for run in _BASE64_RUN.findall(_NOT_BASE64.sub("", raw)):
        body = run.rstrip("=")
        if len(body) % 4 == 1:  # one character left over cannot be decoded
            body = body[:-1]
        try:
            decoded.append(binascii.a2b_base64(body + "=" * (-len(body) % 4)))
        except binascii.Error:
            break
    return b"".join(decoded)


def _part_text(part: Message, notes: list[str]) -> str:
    try:
        payload = _payload(part)
    except Exception as exc:  # damaged transfer encoding
        logger.debug("part payload not decoded: %s", exc)
        notes.append("a part could not be decoded")
        return ""
    if not isinstance(payload, bytes):
        return ""
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    text, part_notes = decode_charset(payload, charset)
    notes.extend(part_notes)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _pdf_payload(part: Message, name: str) -> bytes | None:
    """The PDF a part holds, or None."""
    if part.get_content_type() != "application/pdf" and not name.lower().endswith(".pdf"):
        return None
    try:
        payload = _payload(part)
    except Exception:  # damaged transfer encoding
        return None
    return payload if payload is not None and is_pdf(payload[:1024], declared=True) else None


def _page_attachment(part: Message, name: str, notes: list[str]) -> str | None:
    """The text of an attached web page or text file (a receipt.txt can carry the whole lure), or None
    when the part is not one (or too large: noted)."""
    plain = is_text_file(part, name)
    if not plain and part.get_content_type() not in _PAGE_TYPES and not name.lower().endswith(_PAGE_SUFFIXES):
        return None
    text = _part_text(part, notes)
    if len(text) > MAX_PAGE_BYTES:
        notes.append(f"the attached page {name} is larger than {MAX_PAGE_BYTES:,} characters and was not read")
        return None
    if plain:
        return text.strip()
    if part.get_content_type() == "image/svg+xml" or name.lower().endswith(".svg"):
        text = _XLINK.sub("href=", _SVG_TAG.sub(r"<\1div", text))  # its text and links are the page
    return html_to_text(text).strip()


def is_text_file(part: Message, name: str) -> bool:
    """Whether an attachment is a plain text file (read like a page, under its own budget)."""
    return part.get_content_type() == "text/plain" or name.lower().endswith(".txt")


def _pdf_attachment(payload: bytes, name: str, notes: list[str]) -> str | None:
    """The text of a PDF attachment, or None when it could not be read (noted)."""
    if len(payload) > MAX_PDF_BYTES:
        notes.append(f"the attached PDF {name} is larger than {MAX_PDF_BYTES:,} bytes and was not read")
        return None
    try:
        text, pdf_notes = pdf_text(payload)
    except PdfError as exc:
        notes.append(f"the attached PDF {name} was not read: {exc}")
        return None
    notes.extend(f"{note} ({name})" for note in pdf_notes)
    return text


def _image(part: Message) -> bytes | None:
    """The image a part holds, when it is large enough to be more than a logo."""
    if not part.get_content_type().startswith("image/"):
        return None
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # damaged transfer encoding
        return None
    if not isinstance(payload, bytes) or len(payload) < MIN_IMAGE_BYTES or not is_image(payload[:64]):
        return None
    return payload


def _image_texts(images: list[tuple[int, str, bytes]], notes: list[str]) -> tuple[list[str], set[int]]:
    """OCR of the largest images of a message that is all picture: texts, and the indexes (into the
    message's attachments) of the images read."""
    if not ocr_available():
        notes.append("the message is mostly images and their text was not read (OCR is not installed)")
        return [], set()
    texts: list[str] = []
    done: set[int] = set()
    for index, name, data in sorted(images, key=lambda item: -len(item[2]))[:MAX_OCR_IMAGES]:
        try:
            doc = read_image(data, source=name, kind="text")
        except InputError as exc:
            notes.append(f"an image ({name}) was not read: {exc}")
            continue
        notes.extend(note for note in doc.notes if note in DISGUISE_NOTES and note not in notes)
        label = "An image in the message" if name.startswith("unnamed ") else f"Image {name}"
        texts.append(f"{label}:\n{doc.text}")
        done.add(index)
        notes.append(f"the text of an image ({name}) was read by OCR and follows the message; "
                     "it may contain recognition errors")
    return texts, done


def _body(msg: Message, notes: list[str], images_ok: bool) -> tuple[str, list[str]]:
    """The message's own text, and the text of each attachment read (under its name)."""
    plain: list[str] = []
    html: list[str] = []
    attachments: list[str] = []
    attached: list[str] = []  # the text of readable attachments, each under its name
    images: list[tuple[int, str, bytes]] = []  # (index in attachments, name, data)
    pdfs = pages = text_files = 0
    documents_read = 0  # PDFs and pages read: a message with one is not read from its images
    forwarded = 0
    for part in _parts(msg):
        if part.is_multipart():
            forwarded += part.get_content_type() == "message/rfc822"
            continue
        attachment = _is_attachment(part)
        if attachment is not None:
            image = _image(part)
            if image is not None:
                images.append((len(attachments), attachment, image))
            pdf = _pdf_payload(part, attachment) if pdfs < MAX_PDFS else None
            pdfs += pdf is not None  # every PDF tried counts, read or not: each costs time
            text = _pdf_attachment(pdf, attachment, notes) if pdf is not None else None
            what = "PDF"
            text_file = is_text_file(part, attachment)
            if text is None and pdf is None and (text_files < MAX_TEXT_FILES if text_file else pages < MAX_PAGES):
                text = _page_attachment(part, attachment, notes)
                # a page with no text (all script) is listed, and leaves room for others
                text_files += text_file and bool(text)
                pages += not text_file and bool(text)
                what = "text file" if text_file else "page"
            documents_read += bool(text) and not text_file
            if not text:  # not read, or nothing to read in it: listed
                attachments.append(attachment)
                continue
            attached.append(f"Attached {attachment}:\n{text}")
            notes.append(f"the attached {what} {attachment} was read; its text follows the message")
            continue
        ctype = part.get_content_type()
        text = _part_text(part, notes)
        if not text.strip():
            continue
        (html if ctype == "text/html" else plain).append(text)
    own = _message_text(plain, html, notes)
    if images_ok and images and not documents_read and len(own.split()) < IMAGE_ONLY_WORDS:
        texts, done = _image_texts(images, notes)
        attached.extend(texts)
        attachments = [name for i, name in enumerate(attachments) if i not in done]
    if attachments:
        notes.append("attachments not read: " + ", ".join(attachments))
    if forwarded:
        notes.append("contains an attached email; its text is included, its headers are not")
    return own.strip(), attached


def _message_text(plain: list[str], html: list[str], notes: list[str]) -> str:
    """The message's own text: the plain-text parts (with any links only the HTML shows), else the HTML."""
    if plain:
        body = "\n\n".join(part.strip() for part in plain)
        extra = [f"{text} ({href})" if text and text != href else href
                 for markup in html for text, href in links(markup)
                 if href.lower().startswith(("http:", "https:")) and href not in body]
        if extra:
            body += "\n\nLinks in the HTML version:\n" + "\n".join(dict.fromkeys(extra))
            notes.append("the HTML version has links the plain-text version does not show; they are listed")
        return body
    if html:
        return "\n\n".join(html_to_text(markup) for markup in html)
    return ""


def _parse(data: bytes) -> Message:
    return BytesParser(policy=policy.compat32).parsebytes(data)


def read_email(
    data: bytes, *, source: str | None = None, notes: list[str] | None = None, images: bool = True
) -> Document:
    """Read one RFC 822 message; never raises on malformed MIME, notes what went wrong instead.

    ``images``: read a message that is all picture from its largest images (OCR, when installed).
    """
    msg = _parse(data)
    all_notes = list(notes or [])
    headers = _headers(msg)
    own, attached = _body(msg, all_notes, images)
    all_notes.extend(_defect_notes(msg))
    subject = headers.get("subject", [None])[0] or None
    text, revealed = reveal(f"{subject}\n\n{own}" if subject and own else (subject or own))
    attached_at = None
    if attached:  # kept apart: attached text may hold findings, but does not make the message a warning
        extra, more = reveal("\n\n".join(attached).strip())
        attached_at = len(text) + 2 if text else 0
        text = f"{text}\n\n{extra}" if text else extra
        revealed += more
    all_notes.extend(revealed)
    if not own and not attached:
        all_notes.append("the message has no readable text body")
    return Document(
        kind="email", text=text, headers=headers, subject=subject, source=source,
        notes=list(dict.fromkeys(all_notes)), attachments=_attachment_names(msg), attached_at=attached_at,
    )


def strip_envelope(raw: bytes) -> bytes:
    """The message without a leading mbox envelope line ("From sender date"), if it has one."""
    if raw.startswith(b"From "):
        end = raw.find(b"\n")
        return raw[end + 1 :] if end >= 0 else b""
    return raw


def looks_like_email(text: str) -> bool:
    """True when ``text`` starts with an RFC 822 header block holding at least 2 mail headers.

    A leading mbox envelope line ("From sender date", as saved single messages often have) is skipped.
    """
    if text.startswith("From "):
        text = text.partition("\n")[2]
    known = {"from", "to", "subject", "date", "received", "return-path", "message-id", "mime-version",
             "delivered-to", "reply-to", "cc", "content-type", "x-mailer", "authentication-results",
             "dkim-signature", "sender", "x-original-to", "arc-seal", "thread-topic"}
    found: set[str] = set()
    lines = text.lstrip("\ufeff\r\n").split("\n", 80)[:80]
    for line in lines:
        if not line.strip():
            break
        if line[0] in " \t":
            continue
        name, colon, _ = line[:80].partition(":")
        if not colon or not name or any(ch.isspace() for ch in name) or not name.isascii():
            return False
        if name.lower() in known:
            found.add(name.lower())
    return len(found) >= 2
