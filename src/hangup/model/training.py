"""Training of the scam model with scikit-learn and SciPy.

Only :meth:`hangup.model.classifier.ScamModel.fit` imports this module, so checking a message
never pays for importing scikit-learn (half a second or more). The matrix is built with the
same :class:`~hangup.model.features.Hasher` the inference side uses.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped,unused-ignore]
from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped,unused-ignore]

from hangup.model.features import FeatureConfig, Hasher, dense, normalise

logger = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class LinearFit:
    coef_hash: npt.NDArray[np.float32]
    coef_dense: npt.NDArray[np.float32]
    intercept: float
    calibration: tuple[float, float]  # Platt: p = sigmoid(a * z + b)
    threshold: float
    threshold_alone: float  # stricter: for flagging when the rules see no tactic
    oof_decision: FloatArray  # out-of-fold decision values of the calibration folds


def design_matrix(
    config: FeatureConfig, texts: Sequence[str], strengths: Sequence[dict[str, float]],
    contexts: Sequence[Mapping[str, bool]] | None = None,
) -> sp.csr_matrix:
    """Rows of hashed features followed by the dense features; repeated buckets are summed."""
    hasher = Hasher(config)
    flags: Sequence[Mapping[str, bool] | None] = [None] * len(texts) if contexts is None else contexts
    n_hash = config.n_hash
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for text, strength, context in zip(texts, strengths, flags, strict=True):
        words = normalise(text)
        idx, val = hasher.vector(words)
        extra = dense(config, text, words, strength, context)
        indices.extend(idx)
        values.extend(val)
        indices.extend(range(n_hash, n_hash + len(extra)))
        values.extend(extra)
        indptr.append(len(indices))
    shape = (len(indptr) - 1, n_hash + len(config.dense_names))
    matrix = sp.csr_matrix(
        (np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
        shape=shape,
    )
    matrix.sum_duplicates()
    return matrix


def balanced_weights(y: npt.NDArray[np.int_], sample_weight: FloatArray | None) -> FloatArray:
    """Sample weights times class weights that give both classes the same total weight."""
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    out = w.copy()
    total = w.sum()
    for cls in (0, 1):
        mask = y == cls
        cls_total = w[mask].sum()
        if cls_total > 0:
            out[mask] *= total / (2.0 * cls_total)
    return out


def _logreg(c: float, seed: int) -> LogisticRegression:
    # lbfgs is about twice as fast as liblinear here and does not penalise the intercept
    return LogisticRegression(C=c, solver="lbfgs", max_iter=1000, random_state=seed)


def weighted_threshold(scores: FloatArray, y: npt.NDArray[np.int_], weights: FloatArray, target_fpr: float) -> float:
    """The smallest threshold whose weighted false-positive rate on the negatives is <= target."""
    neg = y == 0
    if not neg.any():
        return 0.5
    order = np.argsort(-scores[neg])
    s, w = scores[neg][order], weights[neg][order]
    cum = np.cumsum(w) / w.sum()
    # flagged = score >= t. Allowing the k highest negatives through costs cum[k-1] of the weight.
    allowed = int(np.searchsorted(cum, target_fpr, side="right"))
    if allowed >= len(s):
        return float(s[-1])
    return float(np.nextafter(s[allowed], np.inf))


def _clip(threshold: float) -> float:
    return min(max(threshold, 0.0), 1.0) if math.isfinite(threshold) else 0.5


def platt(decision: FloatArray, y: npt.NDArray[np.int_], weights: FloatArray) -> tuple[float, float]:
    """Platt scaling fitted on out-of-fold decision values. With class-balanced weights the
    probability is the one for even odds, not for the arbitrary class mix of the training data."""
    cal = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    cal.fit(decision.reshape(-1, 1), y, sample_weight=weights)
    return float(cal.coef_[0, 0]), float(cal.intercept_[0])


def fit_linear(
    matrix: sp.csr_matrix,
    y: npt.NDArray[np.int_],
    sample_weight: FloatArray | None,
    *,
    n_hash: int,
    c: float,
    folds: int,
    target_fpr: float,
    seed: int,
    target_fpr_alone: float | None = None,
    alone_floor: float = 0.0,
) -> LinearFit:
    """Class-balanced logistic regression; Platt calibration and the threshold come from
    ``folds`` out-of-fold fits so they are not tuned on documents the model has seen. The second,
    stricter threshold (weighted FPR <= ``target_fpr_alone``, and at least ``alone_floor``) is for
    the model's word alone."""
    if len(set(y.tolist())) < 2:
        raise ValueError("training data needs both scam and legit examples")
    raw_w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    fit_w = balanced_weights(y, raw_w)
    oof = np.zeros(len(y))
    n_folds = max(2, min(folds, int(np.bincount(y).min())))
    for k, (train, test) in enumerate(StratifiedKFold(n_folds, shuffle=True, random_state=seed).split(matrix, y)):
        model = _logreg(c, seed).fit(matrix[train], y[train], sample_weight=fit_w[train])
        oof[test] = model.decision_function(matrix[test])
        logger.debug("calibration fold %d done", k)
    a, b = platt(oof, y, fit_w)
    calibrated = 1.0 / (1.0 + np.exp(-(a * oof + b)))
    threshold = _clip(weighted_threshold(calibrated, y, raw_w, target_fpr))
    alone = threshold if target_fpr_alone is None else _clip(
        weighted_threshold(calibrated, y, raw_w, target_fpr_alone))
    model = _logreg(c, seed).fit(matrix, y, sample_weight=fit_w)
    coef = model.coef_[0]
    return LinearFit(
        coef_hash=coef[:n_hash].astype(np.float32),
        coef_dense=coef[n_hash:].astype(np.float32),
        intercept=float(model.intercept_[0]),
        calibration=(a, b),
        threshold=threshold,
        threshold_alone=max(alone, threshold, alone_floor),
        oof_decision=oof,
    )
