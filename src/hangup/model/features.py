"""Features of the scam model: normalised words, word bigrams, character n-grams and a few dense
features, hashed into a fixed space so the model needs no vocabulary.

Training and inference share this code, so a document's features are the same in both. The
hash is CRC-32 of the token's UTF-8 bytes: its low ``n_bits`` bits pick the bucket and bit 31
picks the sign, so it is stable across processes, platforms and Python versions (``hash()`` is
salted per process and cannot be used).

A document's hashed vector is the sum, over each distinct word, of ``1 + log(count)`` times the
word's own features (the word itself and the character n-grams of `` word ``), and the same for
each distinct bigram, divided by the Euclidean norm of all those terms before they are summed
into buckets. Because every word contributes a fixed set of (bucket, sign, weight) triples, the
inference side can cache one number per word and score a document with one pass over its
distinct words.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import re2

from hangup.indicators.patterns import Scanner

#: Bumped when tokenisation changes so old artifacts are refused rather than silently wrong.
TOKENIZER_VERSION = 1

# One RE2 pass (linear time on any input) replaces emails, URLs, money and phone numbers; at any
# position the first alternative wins, so an email's domain is not also read as a URL.
_SPECIAL = re2.compile(
    r"(?i)(?P<email>\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+\b)"
    r"|(?P<url>\b(?:(?:https?://|www\.)[^\s<>\"']+|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*"
    r"\.(?:com|net|org|info|biz|co|uk|us|io|me|ly|xyz|top|online|site|support|help|tech|live|app|club|shop)"
    r"\b(?:/[^\s<>\"']*)?))"
    r"|(?P<money>[$£€]\s?\d[\d,]*(?:\.\d+)?(?:\s?[km]\b)?|\b\d[\d,]*(?:\.\d+)?\s?"
    r"(?:usd|gbp|eur|dollars?|pounds?|bucks)\b)"
    r"|(?P<phone>\+?\(?\b\d[\d ()-]{5,18}\d\b)"
)
_MIN_PHONE_DIGITS = 7
_EMAIL_GROUP, _URL_GROUP, _MONEY_GROUP, _PHONE_GROUP = (
    _SPECIAL.groupindex[g] for g in ("email", "url", "money", "phone")
)
_GROUPS = (_EMAIL_GROUP, _URL_GROUP, _MONEY_GROUP, _PHONE_GROUP)
_TLD = re2.compile(r"(?i)\.([a-z]{2,12})(?:[/:?#]|$)")
# Word splitting and counting with the standard library: these patterns have no nested or
# overlapping repetition, so they cannot backtrack, and from Python they are several times
# faster than RE2's findall (which builds a match object per word).
_WORD = re.compile(r"\w+(?:'\w+)?")
_DIGITS = str.maketrans("123456789", "000000000")
_c_words: Callable[[str, bool], list[str]] | None
try:  # the same split in C (model/_hashing.c), when it was built at install time
    from hangup.model._hashing import words as _c_words
except ImportError:  # pragma: no cover - built without a C compiler
    _c_words = None
# The first word of each sentence: re.findall(r"(?:^|[.!?\n])[\s\"'(]*([\w']+)", text), computed as the
# text's first word and then the words after sentence ends (a pattern that starts with a character
# class lets re skip ahead: half the time).
_FIRST_WORD = re.compile(r"[\s\"'(]*([\w']+)")
_AFTER_SENTENCE_END = re.compile(r"[.!?\n][\s\"'(]*([\w']+)")
_NOT_LETTER = bytes(b for b in range(256) if not chr(b).isascii() or not chr(b).isalpha())
_NOT_UPPER = bytes(b for b in range(256) if not (65 <= b <= 90))

_YOU = frozenset({"you", "your", "yours", "yourself", "you're", "you've", "you'll", "u", "ur"})
#: Bare personal and possessive pronouns. Their own features (the word and its character
#: n-grams) are scaled by ``FeatureConfig.pronoun_weight``; bigrams with them ("your computer")
#: keep full weight. Learnt from SMS spam, "your"/"you" alone otherwise push any message written
#: to someone (a helpdesk call, a warning) towards scam.
PRONOUNS = frozenset({
    "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
    "you", "your", "yours", "yourself", "yourselves", "u", "ur",
    "he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs",
    "i'm", "i've", "i'll", "i'd", "we're", "we've", "we'll", "we'd", "you're", "you've", "you'll", "you'd",
    "it's", "they're", "they've", "they'll", "he's", "she's",
})
#: Context flags of the engine's context stage that can be dense features (ContextReport).
CONTEXT_FLAGS = ("warning_about_scams", "user_initiated")
_IMPERATIVE = frozenset({
    "please", "call", "click", "press", "go", "open", "download", "install", "type", "read", "give",
    "pay", "buy", "send", "verify", "confirm", "reply", "text", "visit", "do", "don't", "contact",
    "enter", "keep", "stay", "tell", "log", "login", "update", "follow", "claim", "act", "dial", "allow",
})
#: Upper bounds of the character-length buckets (the last bucket is everything longer).
LENGTH_BUCKETS = (80, 200, 500, 1500, 4000)
#: No digit share and no tactic count: receipts and order confirmations are full of digits, and a
#: count of tactics learnt from public data (where almost every message with tactics is a scam)
#: outweighed what each tactic says; the tactic strengths themselves are features.
STRUCTURE_FEATURES = (
    *(f"len<{b}" for b in LENGTH_BUCKETS), f"len>={LENGTH_BUCKETS[-1]}",
    "question_rate", "exclaim_rate", "you_share", "imperative_share", "upper_share",
)


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Everything that decides a document's features; saved in the model artifact."""

    n_bits: int = 18
    char_min: int = 3
    char_max: int = 5
    word_weight: float = 1.0
    char_weight: float = 0.5
    bigram_weight: float = 1.0
    pronoun_weight: float = 1.0
    tactics: tuple[str, ...] = field(default_factory=tuple)
    # a tactic's strength is a feature only from this strength on (the rules' own "taking part"
    # level, scoring.yaml min_strength): weaker hits, such as a brand naming itself in its own
    # receipt, are common in genuine mail and were over-weighted
    tactic_min: float = 0.0
    context_flags: tuple[str, ...] = field(default_factory=tuple)
    tokenizer_version: int = TOKENIZER_VERSION

    @property
    def n_hash(self) -> int:
        return 1 << self.n_bits

    @property
    def dense_names(self) -> tuple[str, ...]:
        return (*(f"tactic:{t}" for t in self.tactics), *(f"context:{c}" for c in self.context_flags),
                *STRUCTURE_FEATURES)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tactics"] = list(self.tactics)
        data["context_flags"] = list(self.context_flags)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        return cls(
            n_bits=int(data["n_bits"]),
            char_min=int(data["char_min"]),
            char_max=int(data["char_max"]),
            word_weight=float(data["word_weight"]),
            char_weight=float(data["char_weight"]),
            bigram_weight=float(data["bigram_weight"]),
            pronoun_weight=float(data["pronoun_weight"]),
            tactics=tuple(str(t) for t in data["tactics"]),
            tactic_min=float(data["tactic_min"]),
            context_flags=tuple(str(c) for c in data["context_flags"]),
            tokenizer_version=int(data["tokenizer_version"]),
        )


def crc_hash(token: str) -> int:
    """The 32-bit unsigned CRC-32 of ``token``'s UTF-8 bytes."""
    return zlib.crc32(token.encode("utf-8"))


def bucket_and_sign(token: str, n_bits: int) -> tuple[int, float]:
    """The bucket (low ``n_bits`` bits of the hash) and sign (bit 31) of a namespaced token."""
    h = crc_hash(token)
    return h & ((1 << n_bits) - 1), -1.0 if h >> 31 else 1.0


def _url_tokens(url: str) -> tuple[str, str]:
    """The tokens standing for a URL, and its TLD token (empty when there is none)."""
    host = url.lower().split("://", 1)[-1].split("/", 1)[0]
    tld = _TLD.search(host + "/")
    labels = [p for p in host.split(".") if p and p != "www"]
    name = labels[-2] if len(labels) >= 2 else ""
    tld_token = f"__tld_{tld.group(1)}__" if tld else ""
    return f" __url__ {tld_token} {name} ", tld_token


def _special(found: str, group: int, surfaces: dict[str, str] | None) -> str:
    """The placeholder text for one match of :data:`_SPECIAL` (``group``: which alternative)."""
    if group == _URL_GROUP:
        trimmed = found.rstrip(".,;:!?)]}>\"'")
        out, tld_token = _url_tokens(trimmed)
        if surfaces is not None:
            surfaces.setdefault("__url__", trimmed)
            if tld_token:
                surfaces.setdefault(tld_token, trimmed)
        return out + found[len(trimmed):]
    if group == _PHONE_GROUP:
        if sum(ch.isdigit() for ch in found) < _MIN_PHONE_DIGITS:
            return found
        token = "__phone__"
    else:
        token = "__email__" if group == _EMAIL_GROUP else "__money__"
    if surfaces is not None:
        surfaces.setdefault(token, found)
    return f" {token} "


def _replace_specials(text: str, surfaces: dict[str, str] | None) -> str:
    """``text`` with every match of :data:`_SPECIAL` replaced (RE2's own ``sub`` builds a Python
    match object per match; the shared scanner asks the native matcher for spans only)."""
    pieces: list[str] = []
    last = 0
    for spans in Scanner(text).finditer(_SPECIAL):
        start, end = spans[0]
        group = next(i for i in _GROUPS if spans[i][0] >= 0)
        pieces += (text[last:start], _special(text[start:end], group, surfaces))
        last = end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def split_words(text: str, *, mask_digits: bool = False) -> list[str]:
    """The words of ``text`` (``\\w+`` with one inner apostrophe), ASCII digits 1-9 made ``0`` if
    ``mask_digits``: in C when the module is built, else with :mod:`re` (tests compare the two)."""
    if _c_words is not None:
        return _c_words(text, mask_digits)
    return _WORD.findall(text.translate(_DIGITS) if mask_digits else text)


@dataclass(frozen=True, slots=True)
class Normalised:
    """A text as the model reads it (:func:`normalised`)."""

    words: list[str]
    lowered: str  # the text with placeholders, lower-cased, digits not yet masked
    placeholders: dict[str, str]  # each placeholder token's first original text

    def surfaces(self, tokens: Collection[str] | None = None) -> dict[str, str]:
        """The original text of each word that differs from it: placeholders, then words whose
        digits were masked (first occurrence that differs wins); only of ``tokens`` if given."""
        if tokens is None:
            tokens = dict.fromkeys([*self.placeholders, *(w for w in self.words if "0" in w)])
        surfaces = {t: self.placeholders[t] for t in tokens if t in self.placeholders}
        masked = [t for t in tokens if t not in surfaces and "0" in t]
        if masked:
            # masking keeps every length, so both splits line up word for word
            originals = split_words(self.lowered)
            words = self.words
            for token in masked:
                i = -1
                with contextlib.suppress(ValueError):  # no (more) occurrences
                    while True:
                        i = words.index(token, i + 1)
                        if originals[i] != token:
                            surfaces[token] = originals[i]
                            break
        return surfaces


def normalised(text: str) -> Normalised:
    """Lower-cased words with URLs, emails, money and phone numbers replaced by placeholder
    tokens (``__url__`` with ``__tld_com__`` and the domain's name, ``__email__``, ``__money__``,
    ``__phone__``) and digits 1-9 replaced by ``0``, with what explanations need to quote the text."""
    placeholders: dict[str, str] = {}
    lowered = _replace_specials(text, placeholders).lower()
    return Normalised(split_words(lowered, mask_digits=True), lowered, placeholders)


def normalise(text: str, surfaces: dict[str, str] | None = None) -> list[str]:
    """The words of :func:`normalised`. ``surfaces`` (if given) receives the original text of each
    token that differs from it, so explanations can quote the message."""
    norm = normalised(text)
    if surfaces is not None:
        for word, original in norm.surfaces().items():
            surfaces.setdefault(word, original)
    return norm.words


@dataclass(frozen=True, slots=True)
class WordFeatures:
    """One word's hashed features, and what its bigrams need."""

    buckets: tuple[int, ...]
    weights: tuple[float, ...]  # signed
    bigram_state: int  # CRC-32 of "b|<word> ": a bigram's hash continues it with the next word
    utf8: bytes


class Hasher:
    """Hashed features of words and bigrams, cached per word (vocabularies are Zipfian).

    A bigram's token is ``b|first second``; its CRC-32 is computed by continuing the cached CRC
    of ``b|first `` over the second word's bytes, which gives the same value for less work."""

    def __init__(self, config: FeatureConfig, max_cache: int = 500_000) -> None:
        self.config = config
        self._max_cache = max_cache
        self._mask = config.n_hash - 1
        self._words: dict[str, WordFeatures] = {}

    def word(self, word: str) -> WordFeatures:
        """One word's own features: the word itself and its character n-grams."""
        cached = self._words.get(word)
        if cached is not None:
            return cached
        cfg = self.config
        scale = cfg.pronoun_weight if word in PRONOUNS else 1.0
        tokens: list[tuple[str, float]] = []
        if scale > 0:
            tokens.append((f"w|{word}", cfg.word_weight * scale))
            if not word.startswith("__") and cfg.char_weight > 0:
                padded = f" {word} "
                for n in range(cfg.char_min, cfg.char_max + 1):
                    for i in range(len(padded) - n + 1):
                        tokens.append((f"c|{padded[i:i + n]}", cfg.char_weight * scale))
        buckets: list[int] = []
        weights: list[float] = []
        for token, weight in tokens:
            b, sign = bucket_and_sign(token, cfg.n_bits)
            buckets.append(b)
            weights.append(sign * weight)
        result = WordFeatures(tuple(buckets), tuple(weights), crc_hash(f"b|{word} "), word.encode("utf-8"))
        if len(self._words) >= self._max_cache:
            self._words.clear()
        self._words[word] = result
        return result

    def bigram(self, first: WordFeatures, second: WordFeatures) -> tuple[int, float]:
        """Bucket and signed weight of the bigram token ``b|first second``."""
        h = zlib.crc32(second.utf8, first.bigram_state)
        w = self.config.bigram_weight
        return h & self._mask, -w if h >> 31 else w

    def vector(self, words: list[str]) -> tuple[list[int], list[float]]:
        """The document's hashed vector as (bucket, value) pairs; buckets may repeat (sum them).

        Each distinct word counts ``1 + log(count)`` times its features; each bigram occurrence
        counts once. The norm is that of all these terms before they are summed into buckets."""
        indices: list[int] = []
        values: list[float] = []
        sq = 0.0
        for word, count in Counter(words).items():
            tf = 1.0 + math.log(count)
            feats = self.word(word)
            indices.extend(feats.buckets)
            values.extend(tf * w for w in feats.weights)
            sq += tf * tf * sum(w * w for w in feats.weights)
        if self.config.bigram_weight > 0:
            for first, second in itertools.pairwise(words):
                b, w = self.bigram(self.word(first), self.word(second))
                indices.append(b)
                values.append(w)
                sq += w * w
        if sq > 0:
            norm = 1.0 / math.sqrt(sq)
            values = [v * norm for v in values]
        return indices, values


def sentence_starts(text: str) -> list[str]:
    """The first word of each sentence of ``text`` (see :data:`_FIRST_WORD`)."""
    first = _FIRST_WORD.match(text)
    if first is None:
        return _AFTER_SENTENCE_END.findall(text)
    return [first.group(1), *_AFTER_SENTENCE_END.findall(text, first.end())]


def structure(text: str, words: list[str]) -> list[float]:
    """The structure features, in the order of :data:`STRUCTURE_FEATURES`."""
    n_chars = len(text)
    lengths = [0.0] * (len(LENGTH_BUCKETS) + 1)
    lengths[next((i for i, b in enumerate(LENGTH_BUCKETS) if n_chars < b), len(LENGTH_BUCKETS))] = 1.0
    starts = sentence_starts(text.lower())
    n_sent = max(1, len(starts))
    imperative = sum(1 for w in starts if w in _IMPERATIVE)
    n_words = max(1, len(words))
    # byte translation runs in C; a Python loop over characters would cost more than the rest
    raw = text.encode("ascii", "ignore")
    letters = len(raw.translate(None, _NOT_LETTER)) or 1
    upper = len(raw.translate(None, _NOT_UPPER))
    you = sum(map(_YOU.__contains__, words))
    return [
        *lengths,
        min(1.0, text.count("?") / n_sent),
        min(1.0, text.count("!") / n_sent),
        min(1.0, 10.0 * you / n_words),
        imperative / n_sent,
        upper / letters,
    ]


def dense(
    config: FeatureConfig, text: str, words: list[str], strengths: dict[str, float],
    context: Mapping[str, bool] | None = None,
) -> list[float]:
    """Tactic strengths (in the config's tactic order; 0 below ``config.tactic_min``), the context
    flags (1.0 when set), then the structure features."""
    flags = context or {}
    floor = config.tactic_min
    return [
        *(s if (s := float(strengths.get(t, 0.0))) >= floor else 0.0 for t in config.tactics),
        *(1.0 if flags.get(c) else 0.0 for c in config.context_flags),
        *structure(text, words),
    ]
