"""Telephone numbers, normalised to E.164.

``phonenumbers.PhoneNumberMatcher`` is thorough but slow (pure Python), so it never sees the whole
text: an RE2 pass finds digit runs that could be numbers (7 or more digits with the usual
separators) and the matcher only reads each run plus one character either side. Results are cached
per run, and at most :data:`MAX_CANDIDATES` matcher calls are made per text. A run the matcher
rejects as a whole is retried piece by piece ("0800 123 4567 24 hours a day"). A run that is not
valid in the default region is retried as a North American number when it is written like one
("1-888-555-0199", "(888) 555-0199") and as a UK number when it starts with 0 ("0800 123 4567").
Numbers read out in words ("one eight eight eight five five five ...", as speech-to-text writes
them) are found by :func:`find_spoken_phones`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from functools import lru_cache

from hangup.indicators.model import Indicator
from hangup.indicators.patterns import Scanner, compile_re2

MAX_CANDIDATES = 64  # matcher calls per text; beyond this the text is a number dump
_SEPARATORS = " \t().-/\u00a0"
_CANDIDATE = compile_re2(r"\+?\(?\d[\d \t().\-/\x{a0}]{5,40}\d")
_LETTERS = frozenset(string.ascii_letters)
_NANP = compile_re2(r"^(?:\+?1[ .\-]?)?\(?[2-9]\d{2}\)?[ .\-]?[2-9]\d{2}[ .\-]\d{4}$")


@lru_cache(maxsize=4096)
def _match_run(chunk: str, region: str) -> tuple[tuple[int, int, str], ...]:
    """Numbers the matcher finds in ``chunk`` read in ``region``: (start, end, E.164)."""
    # imported on first use: many texts hold no number, and the import is slow for a cold start
    from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher, format_number  # noqa: PLC0415

    found = []
    try:
        for match in PhoneNumberMatcher(chunk, region, leniency=Leniency.VALID, max_tries=8):
            e164 = format_number(match.number, PhoneNumberFormat.E164)
            found.append((match.start, match.end, e164))
    except Exception:  # phonenumbers must never break extraction on odd input
        return ()
    return tuple(found)


def _fallback_region(run: str, region: str) -> str | None:
    if region != "US" and _NANP.search(run) is not None:
        return "US"
    if region != "GB" and run.startswith("0") and not run.startswith("00"):
        return "GB"
    return None


class _Budget:
    """How many more matcher calls this text may make."""

    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left


def _ascii_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def _numbers_in(text: str, start: int, end: int, region: str, budget: _Budget) -> list[Indicator]:
    """Numbers in ``text[start:end]`` (a digit run); the matcher sees one character either side."""
    if budget.left <= 0:
        return []
    budget.left -= 1
    lo, hi = max(0, start - 1), min(len(text), end + 1)
    if (text[lo] in _LETTERS or text[hi - 1] in _LETTERS) and _ascii_digits(text[start:end]):
        # Digits only, touching a Latin letter ("C1814981", "953782679s"): the matcher takes the
        # digits as its one candidate, rejects it for the letter beside it and finds no inner
        # match (no separators), in every region; so skip both matcher calls.
        return []
    chunk = text[lo:hi]
    found = _match_run(chunk, region)
    if not found:
        other = _fallback_region(text[start:end], region)
        if other is not None:
            found = _match_run(chunk, other)
    return [Indicator("phone", text[lo + s : lo + e], e164, lo + s, lo + e) for s, e, e164 in found]


def _split_run(text: str, start: int, end: int, region: str, budget: _Budget) -> Iterator[Indicator]:
    """A run the matcher rejected as a whole ("0800 123 4567 24 hours"): try its space-separated
    pieces, longest first from each piece, left to right."""
    tokens: list[tuple[int, int]] = []
    i = start
    while i < end:
        while i < end and text[i] in " \t\u00a0":
            i += 1
        j = i
        while j < end and text[j] not in " \t\u00a0":
            j += 1
        if j > i:
            tokens.append((i, j))
        i = j
    k = 0
    while k < len(tokens) and budget.left > 0:
        taken = False
        for m in range(min(len(tokens), k + 6), k, -1):
            s, e = tokens[k][0], tokens[m - 1][1]
            if (m - k) == len(tokens) or not 7 <= _digits(text[s:e]) <= 17:
                continue
            found = _numbers_in(text, s, e, region, budget)
            if found:
                yield from found
                k = m
                taken = True
                break
        if not taken:
            k += 1


def find_phones(scanner: Scanner, region: str) -> Iterator[Indicator]:
    """Every valid telephone number in the text, read in ``region`` unless it has a country code."""
    text = scanner.text
    budget = _Budget(MAX_CANDIDATES)
    for spans in scanner.finditer(_CANDIDATE):
        if budget.left <= 0:
            return
        start, end = spans[0]
        digits = _digits(text[start:end])
        if digits < 7:
            continue
        found = _numbers_in(text, start, end, region, budget) if digits <= 17 else []
        if found:
            yield from found
        elif " " in text[start:end] or "\t" in text[start:end]:
            yield from _split_run(text, start, end, region, budget)


# Numbers read out digit by digit, as speech-to-text and call transcripts write them ("call one
# eight eight eight five five five zero one four two", "oh two oh, double seven ..."): seven or more
# number words in a row, which ordinary sentences never hold.
_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
_REPEATS = {"double": 2, "triple": 3}
_SPOKEN_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple|hundred)"
SPOKEN_GATE = rf"\b{_SPOKEN_WORD}(?:[\s,.\-]+{_SPOKEN_WORD}){{6,}}\b"
_SPOKEN = compile_re2(rf"\b{_SPOKEN_WORD}(?:[\s,.\-]{{1,3}}{_SPOKEN_WORD}){{6,30}}\b")
_WORD = re.compile(r"[a-z]+")  # over one short run of number words


def spoken_digits(words: list[str]) -> str | None:
    """The digits that number words spell ("double five" is 55, "eight hundred" is 800), or None
    when the words do not read as digits ("double" at the end, "hundred" after no single digit)."""
    out: list[str] = []
    repeat = 1
    for word in words:
        if word in _REPEATS:
            if repeat != 1:
                return None
            repeat = _REPEATS[word]
        elif word == "hundred":
            if repeat != 1 or not out:
                return None
            out.append("00")
        elif word in _DIGIT_WORDS:
            out.append(_DIGIT_WORDS[word] * repeat)
            repeat = 1
        else:  # RE2's case folding matched a character that is no ASCII letter ("ſix")
            return None
    return "".join(out) if repeat == 1 else None


def find_spoken_phones(scanner: Scanner, region: str) -> Iterator[Indicator]:
    """Telephone numbers read out in words; the indicator's value is the words as written."""
    text = scanner.text
    runs = 0
    for spans in scanner.finditer(_SPOKEN):
        runs += 1
        if runs > MAX_CANDIDATES // 4:  # a text of nothing but number words
            return
        start, end = spans[0]
        digits = spoken_digits(_WORD.findall(text[start:end].casefold()))
        if digits is None or not 7 <= len(digits) <= 15:
            continue
        found = _match_run(digits, region)
        if not found:
            other = _fallback_region(digits, region) or ("US" if digits.startswith("1") and len(digits) == 11 else None)
            found = _match_run(digits, other) if other is not None else ()
        for _, _, e164 in found[:1]:
            yield Indicator("phone", text[start:end], e164, start, end)


def count_digits(text: str, cap: int = 7) -> int:
    """Quick check: how many digits ``text`` holds, counting stops at ``cap``."""
    count = 0
    for ch in "0123456789":
        count += text.count(ch)
        if count >= cap:
            return cap
    return count
