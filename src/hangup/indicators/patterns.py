"""RE2 compilation helpers for the indicator extractors.

All patterns here are RE2 (linear time, no look-around, no back-references), so no input can make
matching hang. :func:`hangup.detect.regex.compile_pattern` is case-insensitive only; extractors that
need case-sensitive or leftmost-longest matching compile through :func:`compile_re2`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
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
    options.log_errors = False
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


_NULL = (-1, -1)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_MAX_INDEXED = 4096  # non-ASCII characters indexed exactly; text with more keeps lazy checkpoints
try:  # google-re2's compiled object, used directly to skip the per-match wrapper work
    from re2 import _re2 as _native  # type: ignore[attr-defined]

    _UNANCHORED: Any = _native.RE2.Anchor.UNANCHORED
    _ANCHOR_START: Any = _native.RE2.Anchor.ANCHOR_START
    _BYTES_TO_CHARS: Any = _native.BytesToCharLen
except (ImportError, AttributeError):  # pragma: no cover - other re2 builds
    _native = None


# What a speech transcript puts between the words of a sentence: hesitations ("calling from, uh,
# Microsoft") and the transcriber's tags ("[inaudible]"). Scanned text has them blanked out with spaces
# of the same length, so patterns written for fluent text ("calling from Microsoft") still match
# and every offset stays the same.
_FILLER = compile_re2(
    r",?[ \t]*\b(?:u+h+|u+m+|uhm|erm|er|a+h+|h+m+)\b,?"
    r"|[\[(](?:inaudible|crosstalk|music|laughs?|laughter|silence|noise|unintelligible|pause|static"
    r"|coughs?|sighs?|background\s+noise)[\])]"
)


def blank_fillers(data: bytes) -> bytes:
    """``data`` with every speech filler and transcript tag replaced by as many spaces."""
    out: bytearray | None = None
    for match in _FILLER.finditer(data):
        start, end = match.span()
        if out is None:
            out = bytearray(data)
        out[start:end] = b" " * (end - start)
    return data if out is None else bytes(out)


class Scanner:
    """A text prepared once (UTF-8 encoded once) for many RE2 scans.

    Spans are character offsets into the text. For ASCII text byte and character offsets agree;
    otherwise byte offsets are converted through checkpoints, so the cost stays linear. Speech
    fillers are blanked in the scanned bytes (see :func:`blank_fillers`); spans still index ``text``.
    """

    __slots__ = ("_at", "_bytes", "_chars", "_extra", "_starts", "ascii", "data", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # "replace" turns a lone surrogate into one "?" byte, so character offsets are kept
        data = text.encode("utf-8", "replace")
        self.data = blank_fillers(data) if _FILLER.search(data) is not None else data
        self.ascii = len(self.data) == len(text)
        self._bytes: list[int] = [0]  # sorted checkpoint byte offsets
        self._chars: list[int] = [0]  # the character offset of each checkpoint
        self._at: list[int] | None = None  # character offset of each non-ASCII character
        self._starts: list[int] = []  # its byte offset
        self._extra: list[int] = []  # bytes beyond one, up to and including each of them
        if not self.ascii:
            self._index()

    def _index(self) -> None:
        """With few non-ASCII characters (curly quotes, a pound sign, emoji), where each is: both
        offset conversions are then one bisection. Text with many keeps lazy checkpoints."""
        at: list[int] = []
        starts: list[int] = []
        extra: list[int] = []
        total = 0
        for match in _NON_ASCII.finditer(self.text):
            if len(at) >= _MAX_INDEXED:
                return
            at.append(match.start())
            starts.append(match.start() + total)
            total += len(match.group().encode("utf-8", "replace")) - 1
            extra.append(total)
        self._at, self._starts, self._extra = at, starts, extra

    def _char(self, offset: int) -> int:
        if self.ascii or offset <= 0:
            return offset
        if self._at is not None:  # the characters that start before ``offset``
            k = bisect_left(self._starts, offset)
            return offset - (self._extra[k - 1] if k else 0)
        i = bisect_right(self._bytes, offset) - 1
        base = self._bytes[i]
        if base == offset:
            return self._chars[i]
        chars = self._chars[i] + int(_BYTES_TO_CHARS(self.data, base, offset))
        self._bytes.insert(i + 1, offset)
        self._chars.insert(i + 1, chars)
        return chars

    def _byte(self, offset: int) -> int:
        if self.ascii:
            return offset
        if self._at is not None:
            k = bisect_left(self._at, offset)
            return offset + (self._extra[k - 1] if k else 0)
        i = bisect_right(self._chars, offset) - 1  # the nearest checkpoint before it
        return self._bytes[i] + len(self.text[self._chars[i] : offset].encode("utf-8", "replace"))

    def finditer(
        self, regex: Regex, start: int = 0, end: int | None = None
    ) -> Iterator[list[tuple[int, int]]]:
        """Spans of every non-empty match in ``text[start:end]``: group 0 first, then each group.

        A group that did not take part in the match has span ``(-1, -1)``.
        """
        if _native is None:  # pragma: no cover - fallback path
            safe = self.data.decode("utf-8")
            for match in regex.finditer(safe, start, len(safe) if end is None else end):
                if match.end() > match.start():
                    yield [match.span(i) for i in range(regex.groups + 1)]
            return
        native = regex._regexp
        data = self.data
        pos = self._byte(start)
        stop = len(data) if end is None else self._byte(end)
        while pos <= stop:
            spans = native.Match(_UNANCHORED, data, pos, stop)
            if spans[0] == _NULL:
                return
            first, last = spans[0]
            if last > first:
                if self.ascii:
                    yield list(spans)
                else:
                    yield [s if s == _NULL else (self._char(s[0]), self._char(s[1])) for s in spans]
            pos = last if last > first else last + 1
            if not self.ascii:
                while pos < stop and (data[pos] & 0xC0) == 0x80:  # never resume inside a character
                    pos += 1

    def search(self, regex: Regex, start: int = 0, end: int | None = None) -> list[tuple[int, int]] | None:
        """Spans of the first match in ``text[start:end]``, or ``None``."""
        return next(self.finditer(regex, start, end), None)


class Gate:
    """Which of several patterns can match a text at all, in one RE2 set pass.

    A finder whose gate pattern does not occur anywhere in the text is skipped. A gate pattern
    must match wherever its finder's pattern matches (the finder's own pattern, or a looser one
    such as the literal words it cannot do without), so skipping never changes a result.
    Patterns are ``(pattern, case_sensitive)`` pairs; keep them small: a set of large patterns
    builds a large DFA and is slower than scanning with each pattern in turn.
    """

    __slots__ = ("_set",)

    def __init__(self, patterns: Sequence[tuple[str, bool]]) -> None:
        options = re2.Options()
        options.case_sensitive = True
        options.max_mem = 64 << 20
        options.log_errors = False
        rset = re2.Set.SearchSet(options)
        for pattern, case_sensitive in patterns:
            try:
                rset.Add(pattern if case_sensitive else f"(?i:{pattern})")
            except re2.error as exc:
                raise PatternError(f"{exc} in pattern {pattern!r}") from exc
        rset.Compile()
        self._set = rset

    def matching(self, scanner: Scanner) -> frozenset[int]:
        """Indexes of the patterns that occur somewhere in the scanner's text."""
        hits: Any = self._set.Match(scanner.data)  # a list of indexes, or None
        return frozenset(hits) if hits else _NONE


_NONE: frozenset[int] = frozenset()
