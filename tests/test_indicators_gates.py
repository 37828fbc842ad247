"""The shortcuts in indicator extraction never change its result.

The extractor skips a finder when its gate pattern (one RE2 set pass) does not occur in the text,
and skips the phone matcher for a digits-only run touching a letter. Both are compared here with
extraction that takes no shortcut.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hangup.indicators import IndicatorExtractor, extract, phones
from hangup.indicators.extract import _GATES
from hangup.indicators.patterns import Gate, Scanner

TOKENS = [
    "call",
    "0800 123 4567",
    "1-888-555-0199",
    "+44 20 7946 0000",
    "C1814981",
    "953782679s",
    "x07700900123",
    "07700900123y",
    "www.anydesk.com",
    "https://evil.example.co.uk/pay?x=1",
    "anydesk.com",
    "Mr.Smith",
    "£199.99",
    "$ 1,200",
    "USD 500",
    "499.99 usd",
    "500 dollars",
    "99p",
    "two hundred pounds",
    "Rs. 500",
    "€5",
    "¥",
    "id",
    "ID:",
    "code",
    "address",
    "session",
    "pin",
    "nine digit number",
    "123 456 789",
    "482913776",
    "john@ad",
    "a@b.com",
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "1BoatSLRHtKNngkdXEeobR76b53LbqGVC",
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "GB82 WEST 1234 5698 7654 32",
    "sort code 12-34-56",
    "account number 12345678",
    "routing 021000021",
    "AnyDesk",
    "TeamViewer",
    "gift card",
    "Google Play",
    "Microsoft",
    "bitcoin",
    "wire",
    "é",
    "ſort code",
    "\n",
    " ",
    ".",
    "-",
    "(",
    ")",
    "/",
    "2023-01-05",
    "12:30",
    "one eight eight eight five five five zero one four two",
    "oh double seven",
    "hundred",
]


def _ungated() -> IndicatorExtractor:
    extractor = IndicatorExtractor()
    extractor._load()
    everything = frozenset(range(len(_GATES)))
    object.__setattr__(extractor._finders, "gate", _AllGates(everything))
    return extractor


class _AllGates:
    def __init__(self, indexes: frozenset[int]) -> None:
        self._indexes = indexes

    def matching(self, scanner: Scanner) -> frozenset[int]:
        return self._indexes


_REFERENCE: IndicatorExtractor | None = None


def _reference() -> IndicatorExtractor:
    global _REFERENCE  # noqa: PLW0603 - built once, on first use
    _REFERENCE = _ungated()
    return _REFERENCE


@pytest.fixture(scope="module")
def ungated() -> IndicatorExtractor:
    return _REFERENCE or _reference()


def test_gate_reports_the_patterns_present() -> None:
    gate = Gate([("abc", True), ("xyz", False), (r"\d{3}", True)])
    assert gate.matching(Scanner("ABC xyz")) == {1}
    assert gate.matching(Scanner("abc XYZ 123")) == {0, 1, 2}
    assert gate.matching(Scanner("nothing")) == frozenset()


@pytest.mark.parametrize("text", [*TOKENS, " ".join(TOKENS), "\n".join(reversed(TOKENS))])
def test_same_result_as_without_gates(ungated: IndicatorExtractor, text: str) -> None:
    for region in ("GB", "US"):
        assert extract(text, region=region) == ungated.extract(text, region=region)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=25), st.sampled_from([" ", "", "\n", ", "]))
def test_random_texts_same_result_as_without_gates(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    reference = _REFERENCE or _reference()
    for region in ("GB", "US"):
        assert extract(text, region=region) == reference.extract(text, region=region)


@pytest.mark.parametrize(
    "chunk", ["C1814981.", "s953782679.", " 07700900123x", "x07700900123 ", "A8005551234B", "Z442079460000"]
)
@pytest.mark.parametrize("region", ["GB", "US", "DE"])
def test_matcher_finds_nothing_in_digits_touching_a_letter(chunk: str, region: str) -> None:
    assert phones._match_run.__wrapped__(chunk, region) == ()
