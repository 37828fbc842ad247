"""Detection metrics with Wilson 95% confidence intervals."""

from __future__ import annotations

import math
from dataclasses import dataclass


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a proportion; (nan, nan) when n is 0."""
    if n == 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class Counts:
    """Confusion counts for one source: flagged = verdict is scam or suspicious."""

    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0
    tech_total: int = 0
    tech_caught: int = 0
    tech_named: int = 0  # tech-support scams flagged AND given the tech_support category

    def add(self, *, scam: bool, flagged: bool, tech: bool = False, named_tech: bool = False) -> None:
        if scam:
            self.tp += flagged
            self.fn += not flagged
            if tech:
                self.tech_total += 1
                self.tech_caught += flagged
                self.tech_named += flagged and named_tech
        else:
            self.fp += flagged
            self.tn += not flagged

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.tn + self.fn

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else math.nan

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else math.nan

    def fpr(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else math.nan

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r and not math.isnan(p + r) else math.nan
