"""Undo the disguises that keep a message's words from being read, before anything else reads it.

Scam mail hides its words from filters: zero-width spaces and soft hyphens inside words
("No\\u200brton"), no-break and other odd spaces between them (every HTML ``&nbsp;``), full-width
or mathematical letters ("Ｎｏｒｔｏｎ", "𝐍𝐨𝐫𝐭𝐨𝐧"), and Cyrillic or Greek letters that look Latin
inside Latin words ("Nоrton" with a Cyrillic о). A person reads all of these as plain words, so hangup does too: hidden
characters are removed, odd spaces become spaces, those letters are folded to plain ones, and
look-alike letters inside a word that also has Latin letters become Latin (a word wholly in
another alphabet is left alone). Each kind of change is noted on the document. ASCII text is
returned untouched at once.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that split a word without showing anything
_HIDDEN = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u3164\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b\ufe0c\ufe0d"
    "\ufe0e\ufe0f\ufeff\uffa0"
)
# Spaces other than the ASCII one (no-break, thin, ideographic...); tabs and newlines are kept
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_TAGS = range(0xE0000, 0xE0080)  # Unicode tag characters, invisible
_TABLE = {**{ord(ch): None for ch in _HIDDEN}, **{ord(ch): " " for ch in _SPACES}, **dict.fromkeys(_TAGS)}
_HIDDEN_OR_SPACE = re.compile(f"[{_HIDDEN}{_SPACES}\U000e0000-\U000e007f]")
# between Latin letters only: Persian and Indic spelling uses joiners
_HIDDEN_IN_WORD = re.compile(rf"[A-Za-z][{_HIDDEN}\U000e0000-\U000e007f]+[A-Za-z]")

# Cyrillic and Greek letters drawn like Latin ones (Unicode confusables of the Latin alphabet)
_LOOKALIKES = {
    "а": "a", "с": "c", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "о": "o", "р": "p", "ԛ": "q",
    "ѕ": "s", "у": "y", "х": "x", "ԝ": "w", "ӏ": "l",
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M", "О": "O",
    "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ԝ": "W", "Ӏ": "I",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "ι": "i", "κ": "k", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}
_LOOKALIKE = re.compile("[" + "".join(_LOOKALIKES) + "]")
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)
_LATIN = re.compile(r"[A-Za-z]")

# any character that some step below would change
_ANY = re.compile(
    f"[{_HIDDEN}{_SPACES}\U000e0000-\U000e007f\uff01-\uff5e\U0001d400-\U0001d7ff{''.join(_LOOKALIKES)}]"
)

NOTE_HIDDEN = ("hidden characters inside words (zero-width spaces, soft hyphens) were removed: "
               "a way to slip past filters")
NOTE_LOOKALIKE = ("letters from other alphabets that look Latin (such as a Cyrillic о) were read as Latin letters: "
                  "a way to slip past filters")
NOTE_FOLDED = "full-width or mathematical letters and digits were read as plain ones: a way to slip past filters"
DISGUISE_NOTES = frozenset({NOTE_HIDDEN, NOTE_LOOKALIKE, NOTE_FOLDED})
# Full-width ASCII and the mathematical alphanumerics; NFKC folds each to its plain letter or digit.
# (NFKC on the whole text would also turn "Norton™" into "NortonTM".)
_STYLED = re.compile("[\uff01-\uff5e\U0001d400-\U0001d7ff]+")
_STYLED_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0001d400-\U0001d7ff]")  # not CJK punctuation


_LETTERS = re.compile(r"[^\W\d_]*")


def _word_around(text: str, backwards: str, i: int) -> tuple[int, int]:
    """The span of the run of letters around ``text[i]`` (``backwards``: ``text`` reversed)."""
    before = _LETTERS.match(backwards, len(text) - i)
    after = _LETTERS.match(text, i)
    return i - (before.end() - before.start() if before else 0), after.end() if after else i + 1


def _latin_lookalikes(text: str) -> tuple[str, bool]:
    """Look-alike letters made Latin inside words that mix them with Latin letters. Only the words
    around a look-alike are looked at, each once (linear however long a word is)."""
    parts: list[str] = []
    done = 0  # text[:done] is in parts
    backwards = text[::-1]
    for match in _LOOKALIKE.finditer(text):
        if match.start() < done:
            continue  # inside a word already looked at
        start, end = _word_around(text, backwards, match.start())
        word = text[start:end]
        if _LATIN.search(word) is not None:
            parts.append(text[done:start])
            parts.append(word.translate(_LOOKALIKE_TABLE))
        else:
            parts.append(text[done:end])
        done = end
    if not parts:
        return text, False
    parts.append(text[done:])
    joined = "".join(parts)
    return joined, joined != text


def reveal(text: str) -> tuple[str, list[str]]:
    """``text`` with its disguises undone, and a note for each kind that was found."""
    if text.isascii() or _ANY.search(text) is None:  # one pass for the common case: nothing to undo
        return text, []
    notes: list[str] = []
    if _HIDDEN_OR_SPACE.search(text) is not None:
        if _HIDDEN_IN_WORD.search(text) is not None:
            notes.append(NOTE_HIDDEN)
        text = text.translate(_TABLE)
    if _STYLED.search(text) is not None:
        if _STYLED_ALNUM.search(text) is not None:
            notes.append(NOTE_FOLDED)
        text = _STYLED.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    if _LOOKALIKE.search(text) is not None:
        text, changed = _latin_lookalikes(text)
        if changed:
            notes.append(NOTE_LOOKALIKE)
    return text, notes
