"""Disguised words (zero-width characters, odd spaces, full-width and look-alike letters) are read as plain words."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents import read_bytes, read_text
from hangup.documents.disguise import NOTE_FOLDED, NOTE_HIDDEN, NOTE_LOOKALIKE, reveal

NOTICE = ("Your Norton 360 subscription has been renewed for $399.99. If you did not authorise this, "
          "call our billing team at +1 (888) 555-0199.")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(Settings())


def _rules(engine: Engine, text: str) -> list[str]:
    findings, _, _ = engine.findings(read_text(text))
    return sorted({f.rule_id for f in findings})


def _hide(text: str, rng: random.Random) -> str:
    """A zero-width space or a soft hyphen inside every other word of four letters or more."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) >= 4 and word.isalpha() and i % 2 == 0:
            cut = rng.randrange(1, len(word))
            words[i] = word[:cut] + rng.choice("\u200b\u00ad\u2060") + word[cut:]
    return " ".join(words)


@pytest.mark.parametrize(
    ("disguised", "note"),
    [
        (_hide(NOTICE, random.Random(1)), NOTE_HIDDEN),
        (NOTICE.replace(" ", "\u00a0"), None),  # every &nbsp; of an HTML email
        (NOTICE.replace("o", "\u043e").replace("a", "\u0430"), NOTE_LOOKALIKE),  # Cyrillic о and а
        (NOTICE.replace("Norton", "Ｎｏｒｔｏｎ").replace("888", "８８８"), NOTE_FOLDED),
        (NOTICE.replace("Norton", "\U0001d40d\U0001d428\U0001d42b\U0001d42d\U0001d428\U0001d427"), NOTE_FOLDED),
    ],
)
def test_disguised_notice_reads_as_the_plain_one(engine: Engine, disguised: str, note: str | None) -> None:
    plain = _rules(engine, NOTICE)
    assert plain, "the plain notice must match rules for this test to mean anything"
    doc = read_text(disguised)
    assert doc.text == NOTICE
    assert _rules(engine, disguised) == plain
    if note is not None:
        assert note in doc.notes


@pytest.mark.parametrize(
    "text",
    [
        "Привет, как дела? Позвони мне завтра.",  # a word wholly in Cyrillic stays Cyrillic
        "Norton™ 360 and Microsoft® 365",  # NFKC would make "NortonTM"
        "café, naïve, Ångström",
        "ok",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert reveal(text) == (text, [])


def test_joiners_of_other_scripts_and_cjk_punctuation_are_no_disguise() -> None:
    persian = "می\u200cخواهم"  # the zero-width non-joiner is part of Persian spelling
    assert reveal(persian)[1] == []
    assert reveal("お電話ください！（無料）") == ("お電話ください!(無料)", [])


ALPHABET = [*"abc XYZ\n.", "\u200b", "\u00a0", "\u043e", "ｂ", "\u00ad"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=60))
def test_reveal_leaves_nothing_to_reveal(text: str) -> None:
    once, _ = reveal(text)
    assert reveal(once) == (once, [])
    assert not any(ch in once for ch in "\u200b\u00a0\u00ad")


def test_html_email_with_hidden_characters(engine: Engine) -> None:
    html = _hide(NOTICE, random.Random(7)).replace(" ", "&nbsp;")
    raw = ("From: Billing <b@example.net>\nTo: u@example.com\nSubject: Renewal\nMIME-Version: 1.0\n"
           f"Content-Type: text/html; charset=utf-8\n\n<html><body><p>{html}</p></body></html>\n").encode()
    [doc] = read_bytes(raw)
    assert NOTICE in doc.text
    assert NOTE_HIDDEN in doc.notes
    assert engine.analyse(doc).verdict == "scam"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<p>Your No&#8203;rton 360 M&#1110;crosoft</p>", "html"),  # entities decode to disguises
        ('[{"speaker": "Caller", "text": "Your No\\u200brton 360 M\\u0456crosoft"}]', "json"),  # JSON escapes
        ("Your No\u202ert\u2066on 360 Mi\U000e0041crosoft", "text"),  # bidi controls and tag characters
    ],
)
def test_disguises_revealed_whatever_the_format(text: str, kind: str) -> None:
    doc = read_text(text, kind=kind)
    assert "Your Norton 360 Microsoft" in doc.text
    assert NOTE_HIDDEN in doc.notes


def test_pasted_email_without_headers_is_revealed() -> None:
    doc = read_text("Your Pay\u200bPal account is lo\u200bcked", kind="email")
    assert doc.text == "Your PayPal account is locked"
    assert NOTE_HIDDEN in doc.notes


def test_format_is_recognised_through_disguises() -> None:
    doc = read_text("Call\u200ber: This is Microsoft.\nVictim: Oh?\nCall\u200ber: Install AnyDesk.")
    assert doc.kind == "call" and [t.speaker for t in doc.turns] == ["Caller", "Victim", "Caller"]
    vtt = read_text("\u200bWEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Caller>Install AnyDesk now\n")
    assert vtt.kind == "call" and vtt.turns and vtt.turns[0].text == "Install AnyDesk now"


def test_json_call_notes_are_not_repeated() -> None:
    doc = read_text('[{"speaker": "agent", "text": "Pay\u200bPal and No\\u200brton"}]', kind="call")
    assert doc.text == "PayPal and Norton"
    assert doc.notes.count(NOTE_HIDDEN) == 1
