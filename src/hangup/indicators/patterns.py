"""RE2 compilation helpers for the indicator extractors.

All patterns here are RE2 (linear time, no look-around, no back-references), so no input can make
matching hang. :func:`hangup.detect.regex.compile_pattern` is case-insensitive only; extractors that
need case-sensitive or leftmost-longest matching compile through :func:`compile_re2`.
"""

from __future__ import annotations

from typing import Any

import re2

from hangup.detect.regex import PatternError

Regex = Any  # re2._Regexp[str]; the stubs' generic is not public


def compile_re2(pattern: str, *, case_sensitive: bool = False, longest: bool = False) -> Regex:
    """Compile ``pattern`` with RE2; raise :class:`PatternError` on bad syntax."""
    options = re2.Options()
    options.case_sensitive = case_sensitive
    options.longest_match = longest
    options.max_mem = 64 << 20
    try:
        return re2.compile(pattern, options=options)
    except re2.error as exc:
        raise PatternError(f"{exc} in pattern {pattern!r}") from exc


def phrase_pattern(phrase: str) -> str:
    """Pattern for a literal phrase, word-bounded.

    Between its words any run of up to three spaces or hyphens is accepted, or none, so
    "any desk" also matches "any-desk" and "AnyDesk".
    """
    words = phrase.replace("-", " ").split()
    body = r"[\s\-]{0,3}".join(re2.escape(w) for w in words)
    left = r"\b" if phrase[:1].isalnum() else ""
    right = r"\b" if phrase[-1:].isalnum() else ""
    return f"{left}{body}{right}"


def phrase_key(text: str) -> str:
    """Lookup key for a phrase as matched: spaces and hyphens removed, case kept."""
    return "".join(text.replace("-", " ").split())


def spaced_form(text: str) -> str:
    """A phrase as matched, lower-cased, with each run of spaces or hyphens made one space."""
    return " ".join(text.replace("-", " ").split()).lower()
