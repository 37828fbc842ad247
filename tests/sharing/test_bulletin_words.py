"""Numbers, money, dates, lists, Markdown escaping and phrase packs of bulletins."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hangup.cases.bulletinphrases import load_phrases, parse_phrases
from hangup.cases.bulletinrender import md_escape
from hangup.cases.bulletinwords import counted, day, listed, money, number, percent_text
from hangup.detect.catalogue import load_catalogue
from hangup.errors import ConfigError


@pytest.mark.parametrize(("n", "text"), [(0, "no"), (1, "one"), (9, "nine"), (10, "10"), (1204, "1,204")])
def test_numbers(n: int, text: str) -> None:
    assert number(n) == text


def test_counted_and_lists() -> None:
    assert counted(1, "person", "people") == "one person"
    assert counted(3, "person", "people") == "three people"
    assert counted(14, "report", "reports") == "14 reports"
    assert listed(["a"], oxford_comma=False) == "a"
    assert listed(["a", "b"], oxford_comma=True) == "a and b"
    assert listed(["a", "b", "c"], oxford_comma=False) == "a, b and c"
    assert listed(["a", "b", "c"], oxford_comma=True) == "a, b, and c"


@pytest.mark.parametrize(("minor", "currency", "text"), [
    (19999, "GBP", "£199.99"), (45000, "GBP", "£450"), (123456789, "USD", "$1.2 million"),
    (100000000, "EUR", "€1 million"), (12345, "CAD", "123.45 CAD"), (0, "GBP", "£0"), (150000, "USD", "$1,500"),
])
def test_money(minor: int, currency: str, text: str) -> None:
    assert money(minor, currency) == text


def test_percent_and_dates() -> None:
    assert percent_text(12, 100, "{n} per cent") == "12 per cent"
    assert percent_text(1, 300, "{n} percent") == "less than 1 percent"
    assert percent_text(1, 8, "{n} per cent") == "13 per cent"  # half up
    assert day(date(2026, 5, 1), load_phrases("uk").date) == "1 May 2026"
    assert day(date(2026, 5, 1), load_phrases("us").date) == "May 1, 2026"


def test_markdown_escaping() -> None:
    assert md_escape("*bold* _it_ [link](x) <b>&amp;") == "\\*bold\\* \\_it\\_ \\[link\\](x) \\<b\\>\\&amp;"
    assert md_escape("# not a heading") == "\\# not a heading"
    assert md_escape("1. not a list") == "1\\. not a list"
    assert md_escape("- not a list") == "\\- not a list"
    assert md_escape("Call 0300 123 2040 (free).") == "Call 0300 123 2040 (free)."


@pytest.mark.parametrize("jurisdiction", ["uk", "us"])
def test_every_tactic_has_plain_words(jurisdiction: str) -> None:
    phrases = load_phrases(jurisdiction)
    assert set(phrases.tactics) == set(load_catalogue().tactics)
    assert set(phrases.channel_names) == {"call", "email", "text", "popup"}


def test_bad_phrase_packs_are_refused() -> None:
    data: dict[str, Any] = load_phrases("uk").model_dump()
    parse_phrases(data, "ok.yaml")
    with pytest.raises(ConfigError, match=r"bad.yaml: headline: unknown placeholder \{areaa\}"):
        parse_phrases({**data, "headline": "Warning in {areaa}"}, "bad.yaml")
    with pytest.raises(ConfigError, match=r"bad\.yaml: few_below"):
        parse_phrases({**data, "few_below": 0}, "bad.yaml")
    with pytest.raises(ConfigError, match=r"bad\.yaml: extra"):
        parse_phrases({**data, "extra": "x"}, "bad.yaml")
    with pytest.raises(ConfigError, match="no bulletin phrases for jurisdiction 'fr'"):
        load_phrases("fr")
