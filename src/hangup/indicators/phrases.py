"""One-pass matching of many literal phrases (tool names, brands, payment words).

All phrases become one RE2 alternation with leftmost-longest semantics, so "vanilla visa" wins over
"visa" and "logmein rescue" over "logmein". A match is mapped back to its entry through a
dictionary keyed on the matched text with separators removed, so no capture groups are needed.
Phrases can be case-sensitive (``Sky``, ``BT``, ``Chase``) and can require a context word nearby
(``rescue`` counts as a tool only near "remote", "download", "install" ...).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hangup.indicators.patterns import Regex, Scanner, compile_re2, phrase_key, phrase_pattern, spaced_form


@dataclass(frozen=True, slots=True)
class Phrase:
    """One phrase to find, and what it stands for."""

    text: str
    canonical: str
    case_sensitive: bool = False
    needs_context: bool = False


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """A phrase found in a text."""

    start: int
    end: int
    value: str
    canonical: str


class PhraseMatcher:
    """Finds any of many phrases in one RE2 pass; compiled once, reused for every text."""

    def __init__(
        self, phrases: Iterable[Phrase], *, context_words: Iterable[str] = (), window: int = 60
    ) -> None:
        insensitive: dict[str, str] = {}
        sensitive: dict[str, str] = {}
        ci_patterns: list[str] = []
        cs_patterns: list[str] = []
        self._ambiguous: set[str] = set()
        for phrase in phrases:
            text = phrase.text.strip()
            if not text:
                continue
            key = phrase_key(text)
            if phrase.case_sensitive:
                sensitive.setdefault(key, phrase.canonical)
                cs_patterns.append(phrase_pattern(text))
            else:
                insensitive.setdefault(key.lower(), phrase.canonical)
                ci_patterns.append(phrase_pattern(text))
            if phrase.needs_context:
                self._ambiguous.add(spaced_form(text))
        self._insensitive = insensitive
        self._sensitive = sensitive
        parts = []
        if ci_patterns:
            parts.append("(?i:" + "|".join(sorted(set(ci_patterns))) + ")")
        if cs_patterns:
            parts.append("|".join(sorted(set(cs_patterns))))
        self._regex: Regex | None = (
            compile_re2("|".join(parts), case_sensitive=True, longest=True) if parts else None
        )
        words = sorted({w.strip() for w in context_words if w.strip()})
        self._context: Regex | None = (
            compile_re2("|".join(phrase_pattern(w) for w in words)) if words else None
        )
        self._window = window

    def lookup(self, matched: str) -> str | None:
        """The canonical name for a matched text, or ``None``."""
        key = phrase_key(matched)
        found = self._sensitive.get(key)
        if found is None:
            found = self._insensitive.get(key.lower())
        return found

    def has_context(self, text: str, start: int, end: int) -> bool:
        """Whether a context word occurs within the window around ``text[start:end]``."""
        if self._context is None:
            return False
        before = text[max(0, start - self._window) : start]
        after = text[end : end + self._window]
        return self._context.search(before) is not None or self._context.search(after) is not None

    def finditer(self, scanner: Scanner) -> Iterator[PhraseHit]:
        """Every phrase occurrence, left to right; ambiguous phrases only with context nearby."""
        if self._regex is None:
            return
        text = scanner.text
        for spans in scanner.finditer(self._regex):
            start, end = spans[0]
            value = text[start:end]
            canonical = self.lookup(value)
            if canonical is None:
                continue
            if (
                self._ambiguous
                and spaced_form(value) in self._ambiguous
                and (_hyphenated(text, start, end) or not self.has_context(text, start, end))
            ):
                continue
            yield PhraseHit(start, end, value, canonical)


def _hyphenated(text: str, start: int, end: int) -> bool:
    """Whether a match is part of a hyphenated word ("top-level")."""
    return (start > 0 and text[start - 1] == "-") or (end < len(text) and text[end] == "-")
