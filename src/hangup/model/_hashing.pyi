"""Types of the C module built from _hashing.c (see there and classifier.py)."""

from collections.abc import Set

class Hashing:
    def __init__(
        self, coef: bytes, n_bits: int, word_weight: float, char_weight: float, bigram_weight: float,
        char_min: int, char_max: int, pronoun_weight: float, pronouns: Set[str],
    ) -> None: ...
    def hashed(self, counts: dict[str, int], words: list[str]) -> tuple[float, float]: ...
    def top(self, counts: dict[str, int], words: list[str], ids: list[int], k: int) -> list[tuple[int, int, float]]: ...
