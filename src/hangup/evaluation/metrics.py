"""Detection metrics: Wilson 95% intervals for proportions, a seeded stratified bootstrap for ROC AUC
and F1, and the per-source summary the evaluation tables show."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


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


# -- scores ---------------------------------------------------------------------------------------
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int_]


def _average_ranks(values: FloatArray) -> FloatArray:
    """Ranks 1..n, ties given their average rank."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return np.asarray((ends - (counts - 1) / 2.0)[inverse], dtype=np.float64)


def roc_auc(y: IntArray | Sequence[int], scores: FloatArray | Sequence[float]) -> float:
    """Area under the ROC curve (the Mann-Whitney statistic, ties count half); NaN without both
    classes."""
    labels = np.asarray(y, dtype=np.int_)
    values = np.asarray(scores, dtype=np.float64)
    n_pos = int(labels.sum())
    n_neg = len(labels) - n_pos
    if n_pos == 0 or n_neg == 0:
        return math.nan
    ranks = _average_ranks(values)
    return float((ranks[labels == 1].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def _f1(y: IntArray, flagged: npt.NDArray[np.bool_]) -> float:
    tp = int((flagged & (y == 1)).sum())
    fp = int((flagged & (y == 0)).sum())
    fn = int((~flagged & (y == 1)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else (0.0 if fp + fn else math.nan)


def bootstrap_ci(
    y: IntArray | Sequence[int],
    scores: FloatArray | Sequence[float],
    flagged: npt.NDArray[np.bool_] | Sequence[bool],
    *,
    reps: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap intervals of ROC AUC and F1, resampling scams and legit messages
    separately (so every resample has both classes). Deterministic for a given ``seed``.
    NaN bounds when a class is missing."""
    labels = np.asarray(y, dtype=np.int_)
    values = np.asarray(scores, dtype=np.float64)
    flags = np.asarray(flagged, dtype=np.bool_)
    pos, neg = np.flatnonzero(labels == 1), np.flatnonzero(labels == 0)
    nan = (math.nan, math.nan)
    if len(pos) == 0 or len(neg) == 0:
        return {"auc": nan, "f1": nan}
    rng = np.random.default_rng(seed)
    aucs = np.empty(reps)
    f1s = np.empty(reps)
    for i in range(reps):
        idx = np.concatenate([rng.choice(pos, len(pos)), rng.choice(neg, len(neg))])
        aucs[i] = roc_auc(labels[idx], values[idx])
        f1s[i] = _f1(labels[idx], flags[idx])
    tail = (1.0 - level) / 2.0 * 100.0

    def interval(a: FloatArray) -> tuple[float, float]:
        a = a[~np.isnan(a)]
        if len(a) == 0:
            return nan
        lo, hi = np.percentile(a, [tail, 100.0 - tail])
        return (float(lo), float(hi))

    return {"auc": interval(aucs), "f1": interval(f1s)}


@dataclass(frozen=True, slots=True)
class SourceMetrics:
    """Everything a per-source table row shows."""

    n: int
    scam: int
    legit: int
    tp: int
    fp: int
    precision: float
    precision_ci: tuple[float, float]
    recall: float
    recall_ci: tuple[float, float]
    fpr: float
    fpr_ci: tuple[float, float]
    f1: float
    f1_ci: tuple[float, float]
    auc: float
    auc_ci: tuple[float, float]
    tech_caught: int
    tech_total: int

    @classmethod
    def compute(
        cls,
        y: IntArray | Sequence[int],
        scores: FloatArray | Sequence[float],
        flagged: npt.NDArray[np.bool_] | Sequence[bool],
        tech: npt.NDArray[np.bool_] | Sequence[bool] | None = None,
        *,
        reps: int = 1000,
        seed: int = 0,
    ) -> SourceMetrics:
        labels = np.asarray(y, dtype=np.int_)
        flags = np.asarray(flagged, dtype=np.bool_)
        techs = np.zeros(len(labels), dtype=np.bool_) if tech is None else np.asarray(tech, dtype=np.bool_)
        counts = Counts()
        for label, flag, is_tech in zip(labels.tolist(), flags.tolist(), techs.tolist(), strict=True):
            counts.add(scam=bool(label), flagged=bool(flag), tech=bool(is_tech))
        boot = bootstrap_ci(labels, scores, flags, reps=reps, seed=seed)
        scam, legit = counts.tp + counts.fn, counts.fp + counts.tn
        return cls(
            n=counts.n, scam=scam, legit=legit, tp=counts.tp, fp=counts.fp,
            precision=counts.precision(), precision_ci=wilson(counts.tp, counts.tp + counts.fp),
            recall=counts.recall(), recall_ci=wilson(counts.tp, scam),
            fpr=counts.fpr(), fpr_ci=wilson(counts.fp, legit),
            f1=counts.f1(), f1_ci=boot["f1"],
            auc=roc_auc(labels, np.asarray(scores, dtype=np.float64)), auc_ci=boot["auc"],
            tech_caught=counts.tech_caught, tech_total=counts.tech_total,
        )


def fmt(value: float, ci: tuple[float, float] | None = None) -> str:
    """``0.953 (0.94–0.96)``, or ``-`` for an undefined value."""
    if math.isnan(value):
        return "-"
    if ci is None or math.isnan(ci[0]):
        return f"{value:.3f}"
    return f"{value:.3f} ({ci[0]:.3f}–{ci[1]:.3f})"
