"""Word error rate: how far a transcript is from what was said."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Lower-case words without punctuation (``AnyDesk`` and ``any desk`` still differ)."""
    return _WORD.findall(text.lower().replace("’", "'"))


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    """Substitutions, deletions and insertions that turn ``hypothesis`` into ``reference``."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Edits per reference word (0 is perfect; it can exceed 1 when words are invented)."""
    ref = words(reference)
    if not ref:
        return 0.0 if not words(hypothesis) else 1.0
    return edit_distance(ref, words(hypothesis)) / len(ref)
