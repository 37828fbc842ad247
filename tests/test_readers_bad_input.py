"""Bad input: binary, empty, too large, too long, unknown kinds, and fuzzing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hangup.config import Settings
from hangup.documents import Document, read_bytes, read_path, read_text
from hangup.errors import InputError, InputTooLarge

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
SMALL = Settings.model_validate({"max_input_bytes": 1000, "max_text_chars": 50})


def test_binary_bytes_refused() -> None:
    with pytest.raises(InputError, match="looks like a binary file"):
        read_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00" + os.urandom(200), name="prog")


def test_random_bytes_without_nul_refused_or_read() -> None:
    data = bytes(range(1, 32)) * 20
    with pytest.raises(InputError, match="binary"):
        read_bytes(data)


def test_binary_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello\x00world")
    with pytest.raises(InputError, match=r"a\.txt looks like a binary file"):
        read_path(path)


def test_binary_mbox_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.mbox"
    path.write_bytes(b"From a\n\x00\x01\x02")
    with pytest.raises(InputError, match="binary"):
        read_path(path)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\ufeff  ".encode()])
def test_empty_bytes(data: bytes) -> None:
    with pytest.raises(InputError, match="is empty"):
        read_bytes(data, name="blank.txt")


def test_empty_text() -> None:
    with pytest.raises(InputError, match="is empty"):
        read_text(" \n ")


@pytest.mark.parametrize("suffix", [".txt", ".mbox", ".eml"])
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"\n")
    with pytest.raises(InputError, match="is empty"):
        read_path(path)


def test_too_large_file_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 1001)

    def no_read(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    monkeypatch.setattr(Path, "open", no_read)
    with pytest.raises(InputTooLarge, match="1,000 bytes"):
        read_path(path, settings=SMALL)


def test_too_large_bytes_and_text() -> None:
    with pytest.raises(InputTooLarge, match="limit is 1,000"):
        read_bytes(b"x" * 1001, settings=SMALL)
    with pytest.raises(InputTooLarge, match="limit is 1,000"):
        read_text("é" * 600, settings=SMALL)  # 1200 bytes in UTF-8


def test_long_text_is_cut_with_note() -> None:
    doc = read_text("word " * 100, settings=SMALL)
    assert len(doc.text) == 50
    assert any("cut" in note and "50" in note for note in doc.notes)


def test_long_transcript_turns_are_cut() -> None:
    text = "\n".join(f"{'Caller' if i % 2 else 'Agent'}: line number {i}" for i in range(20))
    doc = read_text(text, settings=SMALL)
    assert doc.kind == "call"
    assert len(doc.text) == 50
    last = doc.turns[-1]
    assert last.offset + len(last.text) <= 50
    assert doc.text.endswith(last.text)


def test_unknown_kind() -> None:
    with pytest.raises(InputError, match="unknown kind 'video'"):
        read_text("hi", kind="video")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        read_path(tmp_path)


def test_image_kind_on_text_bytes() -> None:
    with pytest.raises(InputError, match="not a supported image"):
        read_bytes(b"just text", kind="image")


def test_non_utf8_text_decoded() -> None:
    text = "Votre ordinateur est bloqué. Appelez le 01 23 45 67 89 immédiatement, s'il vous plaît."
    data = text.encode("cp1252")
    (doc,) = read_bytes(data)
    assert "bloqué" in doc.text and "immédiatement" in doc.text
    assert any("decoded as" in note for note in doc.notes)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-32"])
def test_boms_and_utf16(encoding: str) -> None:
    (doc,) = read_bytes("Caller: héllo\nAgent: hi".encode(encoding))
    assert doc.kind == "call"
    assert doc.turns[0].text == "héllo"


def test_pathological_lines_are_fast() -> None:
    nasty = "A" * 200_000 + ":" + " -" * 50_000 + "\n" + "[" * 100_000 + "\n" + "<v " * 30_000
    doc = read_text(nasty + "\nCaller: x\nAgent: y", kind="call")
    assert doc.kind == "call"
    doc = read_text("WEBVTT\n\n00:01.000 --> 00:02.000\n" + "<" * 100_000 + "\n")
    assert doc.kind == "call"


def test_deeply_nested_json_is_an_input_error() -> None:
    with pytest.raises(InputError):
        read_text("[" * 100_000 + "]" * 100_000, kind="json")


def test_deep_html_email_does_not_crash() -> None:
    data = b"From: a@b.example\nSubject: s\nContent-Type: text/html\n\n" + b"<div>" * 20_000 + b"hi"
    (doc,) = read_bytes(data)
    assert "hi" in doc.text


@pytest.mark.parametrize(
    "markup",
    [
        "<div>" * 200_000 + "hi" + "</div>" * 200_000,  # the HTML5 parser's time grows with depth squared
        '<a href="x">' * 50_000 + "hi",
        "<b><i>" * 20_000 + "hi",
        "<div/>" * 20_000 + "hi",  # HTML5 opens a div at <div/>
        "</div>" * 20_000 + "<div>" * 20_000 + "hi",  # closing tags with nothing open close nothing
    ],
)
def test_html_nested_too_deeply_is_read_without_the_parser(markup: str) -> None:
    from hangup.documents.htmltext import html_to_text, links, too_deep  # noqa: PLC0415

    assert too_deep(markup)
    text = html_to_text(markup)
    assert text == "hi" or ("<a" in markup and text.endswith("hi") and "<" not in text)
    assert links(markup) == [("", "x")] * markup.count("<a ")


def test_html_read_without_the_parser_keeps_its_link_targets() -> None:
    from hangup.documents.htmltext import html_to_text, links  # noqa: PLC0415

    markup = "<div>" * 2_000 + '<a href="https://paypa1-secure-login.example/verify">Click here</a>' + "<i>" * 5_000
    assert "(https://paypa1-secure-login.example/verify)" in html_to_text(markup)
    assert links(markup) == [("", "https://paypa1-secure-login.example/verify")]


def test_large_shallow_html_is_parsed() -> None:
    from hangup.documents.htmltext import html_to_text, too_deep  # noqa: PLC0415

    rows = "".join(f'<tr><td>Item {i}<td><a href="https://shop.example/{i}">view</a></tr>' for i in range(3_000))
    markup = f"<html><body><table>{rows}</table><br><img src=x.png alt=logo></body></html>"
    assert not too_deep(markup)
    text = html_to_text(markup)
    assert "Item 2999 view (https://shop.example/2999)" in text
    assert "logo" in text


_FUZZ_PREFIXES = st.sampled_from(
    [
        b"", b"WEBVTT\n\n", b"1\n00:00:01,000 --> 00:00:02,000\n", b"From: a@b\nSubject: x\n\n",
        b"From x\nA: b\n", b"[", b"{", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"Caller: ", b"\xef\xbb\xbf",
        b"\xff\xfe", b"Content-Type: multipart/mixed; boundary=b\nFrom: a\nTo: b\n\n--b\n",
    ]
)


_NAMES = st.sampled_from([None, "x.srt", "x.eml", "x.json", "x.vtt", "x.mbox", "x.txt"])
_TEXT_KINDS = st.sampled_from(["auto", "call", "sms", "chat", "email", "json", "vtt"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=_FUZZ_PREFIXES, body=st.binary(max_size=400), name=_NAMES)
def test_fuzz_read_bytes_only_raises_input_error(prefix: bytes, body: bytes, name: str | None) -> None:
    try:
        docs = read_bytes(prefix + body, name=name)
    except InputError:
        return
    assert docs
    assert all(isinstance(doc, Document) for doc in docs)


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300), kind=_TEXT_KINDS)
def test_fuzz_read_text_only_raises_input_error(text: str, kind: str) -> None:
    try:
        doc = read_text(text, kind=kind)
    except InputError:
        return
    assert isinstance(doc, Document)
    for turn in doc.turns:
        assert doc.text[turn.offset:turn.offset + len(turn.text)] == turn.text
