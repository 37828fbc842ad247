"""The engine's verdict, rebuilt from out-of-fold model scores: what a user would see.

Each row keeps the rules' score, tactic strengths and context from the engine; the model's
probability comes from a fit that never saw the row. The two are combined exactly as the engine
does (:mod:`hangup.detect.combine`), so the figures are those of the shipped combination, not of
the model alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from hangup.config import Settings
from hangup.detect.combine import combine_scores, place, rule_signal
from hangup.detect.scoring import ScoringParams
from hangup.model.pipeline import JobResult, Row


def engine_score(row: Row, probability: float, threshold: float, threshold_alone: float,
                 suspicious: float, min_strength: float) -> float:
    """The combined score of one row, given the model's probability and thresholds."""
    chosen = threshold if rule_signal(row.strengths, min_strength) else threshold_alone
    return combine_scores(row.rule_score, place(probability, chosen, suspicious),
                          warning=row.context.get("warning_about_scams", False),
                          user_initiated=row.context.get("user_initiated", False))


def engine_flags(
    rows: Sequence[Row], results: Iterable[JobResult], settings: Settings | None = None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Combined scores and flags (score >= suspicious) of the rows the results scored (NaN and
    False elsewhere)."""
    suspicious = (settings or Settings()).suspicious_threshold
    min_strength = ScoringParams.load().min_strength
    scores = np.full(len(rows), np.nan)
    for result in results:
        for i, p in zip(result.test.tolist(), result.probabilities.tolist(), strict=True):
            scores[i] = engine_score(rows[i], p, result.threshold, result.threshold_alone, suspicious, min_strength)
    return scores, np.asarray(np.nan_to_num(scores, nan=-1.0) >= suspicious, dtype=np.bool_)
