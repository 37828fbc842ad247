"""Evidence limits: size, count and type, judged on the name and the bytes, with clear messages."""

from __future__ import annotations

import pytest
from casedata import PNG, SCAM_EMAIL, wav_bytes

from hangup.cases.attachments import AttachmentPolicy, known_types
from hangup.cases.schema import AttachmentIn, ReportIn
from hangup.cases.store import CaseStore
from hangup.config import Settings
from hangup.errors import AttachmentRejected, ConfigError

POLICY = AttachmentPolicy(max_bytes=100_000, max_count=3, extensions=tuple(known_types()))


def att(name: str, data: bytes) -> AttachmentIn:
    return AttachmentIn(filename=name, data=data)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("mail.EML", SCAM_EMAIL, "email"),
        ("notes.txt", "Café: call 0800 123 4567".encode(), "text"),
        ("call.srt", b"1\n00:00:01,000 --> 00:00:02,000\nHello\n", "subtitles"),
        ("call.vtt", b"WEBVTT\n\n00:01.000 --> 00:02.000\nHello\n", "subtitles"),
        ("shot.png", PNG, "image"),
        ("shot.jpeg", b"\xff\xd8\xff\xe0" + bytes(20), "image"),
        ("shot.jpg", b"\xff\xd8\xff\xe1" + bytes(20), "image"),
        ("call.wav", wav_bytes(), "audio"),
        ("call.mp3", b"ID3\x04\x00" + bytes(20), "audio"),
        ("call.ogg", b"OggS\x00\x02" + bytes(20), "audio"),
        ("call.flac", b"fLaC\x00" + bytes(20), "audio"),
    ],
)
def test_accepted_types(name: str, data: bytes, kind: str) -> None:
    checked = POLICY.check([att(name, data)])[0]
    assert checked.kind == kind and checked.size == len(data) and len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("virus.exe", b"MZ\x90\x00", ".exe files are not accepted; accepted: .eml"),
        ("README", b"hello", "no file type files are not accepted"),
        ("archive.zip", b"PK\x03\x04", ".zip files are not accepted"),
        ("shot.png", b"MZ\x90\x00 not a png", "shot.png does not contain what its name says (image, .png)"),
        ("call.wav", b"RIFF\x00\x00\x00\x00AVI LIST", "call.wav does not contain what its name says"),
        ("notes.txt", b"\x00\x01\x02binary", "notes.txt does not contain what its name says (text, .txt)"),
        ("big.txt", b"a" * 100_001, "big.txt is too large: 100,001 bytes, the limit is 100,000 bytes"),
    ],
)
def test_refused_with_a_clear_reason(name: str, data: bytes, says: str) -> None:
    with pytest.raises(AttachmentRejected) as info:
        POLICY.check([att(name, data)])
    assert says in str(info.value)


def test_too_many_files() -> None:
    with pytest.raises(AttachmentRejected, match="too many files: 4 attached, at most 3 accepted"):
        POLICY.check([att(f"{n}.txt", b"x") for n in range(4)])


def test_policy_from_settings() -> None:
    policy = AttachmentPolicy.from_settings(
        Settings(max_attachment_bytes=10, max_attachments=1, attachment_types=["txt", ".PNG"])
    )
    assert policy.extensions == (".txt", ".png") and policy.max_bytes == 10
    assert "up to 1 files of at most 10 bytes each: .txt, .png" in policy.describe()
    with pytest.raises(AttachmentRejected, match=r"\.eml files are not accepted"):
        policy.check([att("m.eml", SCAM_EMAIL)])
    with pytest.raises(AttachmentRejected, match=r"a.txt is too large: 11 bytes, the limit is 10 bytes"):
        policy.check([att("a.txt", b"x" * 11)])
    with pytest.raises(ConfigError, match=r"unknown file type\(s\) \.exe"):
        AttachmentPolicy.from_settings(Settings(attachment_types=[".txt", ".exe"]))


def test_store_refuses_before_writing(sqlite_store: CaseStore) -> None:
    with pytest.raises(AttachmentRejected):
        sqlite_store.add_report(ReportIn(channel="email"), None, [att("ok.txt", b"fine"), att("x.exe", b"MZ")])
    with pytest.raises(AttachmentRejected, match="too many"):
        sqlite_store.add_report(ReportIn(channel="email"), None, [att(f"{n}.txt", b"x") for n in range(11)])
    from sqlalchemy import func, select  # noqa: PLC0415

    from hangup.cases.models import Report  # noqa: PLC0415

    with sqlite_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 0


def test_unreadable_evidence_is_kept(sqlite_store: CaseStore) -> None:
    """A .txt the readers find empty is still stored as evidence; the report is not refused."""
    receipt = sqlite_store.add_report(ReportIn(channel="email"), None, [att("blank.txt", b"   \n  ")])
    view = sqlite_store.get_for_reporter(receipt.reference, receipt.secret)
    assert view is not None and [a.filename for a in view.attachments] == ["blank.txt"] and view.verdict is None
