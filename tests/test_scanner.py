"""The scanned view of a text: speech fillers blanked, offsets unchanged."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

import hangup.indicators.patterns as patterns
from hangup.detect.regex import compile_pattern
from hangup.indicators.patterns import Scanner, blank_fillers


def test_fillers_and_transcriber_tags_become_spaces_of_the_same_length() -> None:
    data = b"calling from, uh, the Microsoft [inaudible] department, um, sir"
    blanked = blank_fillers(data)
    assert len(blanked) == len(data)
    assert blanked.split() == [b"calling", b"from", b"the", b"Microsoft", b"department", b"sir"]


def test_words_that_contain_a_filler_are_kept() -> None:
    data = b"Summer umbrella, the user erred; Ahmed hummed. Uhura"
    assert blank_fillers(data) == data


def test_a_pattern_for_fluent_speech_matches_across_fillers_with_original_offsets() -> None:
    text = "hello sir I am calling you from uh the microsoft uh windows department"
    spans = [s[0] for s in Scanner(text).finditer(compile_pattern(r"from\s+the\s+microsoft\s+windows"))]
    assert len(spans) == 1
    start, end = spans[0]
    assert text[start:end] == "from uh the microsoft uh windows"


def test_offsets_stay_character_offsets_in_non_ascii_text() -> None:
    text = "Café — uh, your computer is infected"
    (start, end), *_ = next(Scanner(text).finditer(compile_pattern(r"your\s+computer")))
    assert text[start:end] == "your computer"


@given(st.text(alphabet=st.sampled_from(list("uhmera ,.[]()inaudible\t\nxé")), max_size=80))
def test_blanking_keeps_length_and_only_writes_spaces(text: str) -> None:
    data = text.encode("utf-8")
    blanked = blank_fillers(data)
    assert len(blanked) == len(data)
    assert all(b == o or b == ord(" ") for b, o in zip(blanked, data, strict=True))


_WORDS = compile_pattern(r"\S+")


def _naive_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of non-blank runs of text[start:end] found in the text itself, as character offsets."""
    return [m.span() for m in re.finditer(r"[^\t\n\f\r ]+", text[start:end], re.ASCII)]


@given(
    st.text(alphabet=st.sampled_from(list("ab c.é£—😀\ud800中")), max_size=60),
    st.integers(0, 60),
    st.integers(0, 60),
    st.booleans(),
)
def test_windows_and_spans_are_character_offsets_with_any_characters(
    text: str, a: int, b: int, many: bool
) -> None:
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    limit = patterns._MAX_INDEXED
    patterns._MAX_INDEXED = 0 if many else limit  # 0: the lazy checkpoints used for text with many
    try:
        scanner = Scanner(text)
        whole = [s[0] for s in scanner.finditer(_WORDS)]  # leaves checkpoints behind
        spans = [s[0] for s in scanner.finditer(_WORDS, start, end)]
    finally:
        patterns._MAX_INDEXED = limit
    safe = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate reads as "?"
    assert whole == _naive_spans(safe, 0, len(safe))
    assert spans == [(s + start, e + start) for s, e in _naive_spans(safe, start, end)]
