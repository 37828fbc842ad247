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
from hangup.detect.combine import combine_scores, place, place_alone, rule_signal
from hangup.detect.scoring import ScoringParams
from hangup.model.pipeline import JobResult, Row


def engine_score(row: Row, probability: float, threshold: float, threshold_alone: float,
                 suspicious: float, min_strength: float, scam: float) -> float:
    """The combined score of one row, given the model's probability and thresholds (``scam``: the
    verdict's scam threshold, below which the model's word alone stays)."""
    placed = (place(probability, threshold, suspicious) if rule_signal(row.strengths, min_strength)
              else place_alone(probability, threshold_alone, suspicious, scam))
    return combine_scores(row.rule_score, placed,
                          warning=row.context.get("warning_about_scams", False),
                          user_initiated=row.context.get("user_initiated", False),
                          own_sender=row.context.get("own_sender", False))


def engine_flags(
    rows: Sequence[Row], results: Iterable[JobResult], settings: Settings | None = None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Combined scores and flags (score >= suspicious) of the rows the results scored (NaN and
    False elsewhere)."""
    settings = settings or Settings()
    suspicious, scam = settings.suspicious_threshold, settings.scam_threshold
    min_strength = ScoringParams.load().min_strength
    scores = np.full(len(rows), np.nan)
    for result in results:
        for i, p in zip(result.test.tolist(), result.probabilities.tolist(), strict=True):
            scores[i] = engine_score(rows[i], p, result.threshold, result.threshold_alone, suspicious, min_strength,
                                     scam)
    return scores, np.asarray(np.nan_to_num(scores, nan=-1.0) >= suspicious, dtype=np.bool_)
