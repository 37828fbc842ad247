"""The scam model: a linear classifier over hashed text features and the rule engine's tactic
strengths, with Platt calibration and a threshold chosen on held-out folds.

Inference needs only NumPy (for loading the coefficients) and the standard library. The hashed
features are computed by a small C module (``_hashing.c``) when it was built at install time;
otherwise in Python, with each distinct word scored once and cached. Both give the same numbers.
"""

from __future__ import annotations

import heapq
import itertools
import math
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from hangup.model.artifact import Artifact, load_artifact, save_artifact
from hangup.model.features import PRONOUNS, FeatureConfig, Hasher, Normalised, dense, normalise, normalised

if TYPE_CHECKING:
    from hangup.model import _hashing

Hashing: type[_hashing.Hashing] | None
try:
    from hangup.model._hashing import Hashing
except ImportError:  # pragma: no cover - built without a C compiler
    Hashing = None

_MAX_CACHE = 200_000
# per word: (score of its own features, their squared weights, bigram CRC state, UTF-8 bytes)
_Entry = tuple[float, float, int, bytes]


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


class ScamModel:
    """Follows the scikit-learn estimator contract: parameters in ``__init__``, ``fit`` returns
    self, fitted attributes end in ``_``. Scores one document at a time."""

    def __init__(
        self,
        *,
        n_bits: int = 18,
        char_weight: float = 0.5,
        bigram_weight: float = 1.0,
        pronoun_weight: float = 1.0,
        tactic_min: float = 0.0,
        context_flags: Sequence[str] = (),
        c: float = 4.0,
        calibration_folds: int = 3,
        target_fpr: float = 0.01,
        target_fpr_alone: float | None = None,
        alone_floor: float = 0.0,
        tactics: Sequence[str] | None = None,
        random_state: int = 0,
    ) -> None:
        self.n_bits = n_bits
        self.char_weight = char_weight
        self.bigram_weight = bigram_weight
        self.pronoun_weight = pronoun_weight
        self.tactic_min = tactic_min
        self.context_flags = context_flags
        self.c = c
        self.calibration_folds = calibration_folds
        self.target_fpr = target_fpr
        self.target_fpr_alone = target_fpr_alone
        self.alone_floor = alone_floor
        self.tactics = tactics
        self.random_state = random_state

    # -- training ---------------------------------------------------------------------------
    def feature_config(self, strengths: Sequence[dict[str, float]] = ()) -> FeatureConfig:
        """The feature config these parameters give (tactics: as given, else those seen)."""
        tactics = self.tactics if self.tactics is not None else sorted({t for s in strengths for t in s})
        return FeatureConfig(
            n_bits=self.n_bits, char_weight=self.char_weight, bigram_weight=self.bigram_weight,
            pronoun_weight=self.pronoun_weight, tactics=tuple(tactics), tactic_min=self.tactic_min,
            context_flags=tuple(self.context_flags),
        )

    def fit(
        self,
        texts: Sequence[str],
        strengths: Sequence[dict[str, float]],
        y: Sequence[int] | npt.NDArray[np.int_],
        sample_weight: Sequence[float] | npt.NDArray[np.float64] | None = None,
        metadata: dict[str, Any] | None = None,
        contexts: Sequence[Mapping[str, bool]] | None = None,
    ) -> ScamModel:
        """Learn from documents' text, their tactic strengths, context flags (see
        :data:`~hangup.model.features.CONTEXT_FLAGS`) and labels (1 = scam)."""
        from hangup.model.training import design_matrix  # noqa: PLC0415 (keeps sklearn out of inference)

        if not len(texts) == len(strengths) == len(y):
            raise ValueError("texts, strengths and y must have the same length")
        config = self.feature_config(strengths)
        matrix = design_matrix(config, texts, strengths, contexts)
        return self.fit_design(matrix, config, y, sample_weight, metadata)

    def fit_design(
        self,
        matrix: Any,
        config: FeatureConfig,
        y: Sequence[int] | npt.NDArray[np.int_],
        sample_weight: Sequence[float] | npt.NDArray[np.float64] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> ScamModel:
        """Learn from rows of :func:`hangup.model.training.design_matrix` built with ``config``
        (cross-validation builds the matrix once and fits on slices of it)."""
        from hangup.model.training import fit_linear  # noqa: PLC0415 (keeps sklearn out of inference)

        labels = np.asarray(y, dtype=np.int_)
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        result = fit_linear(
            matrix, labels, weights, n_hash=config.n_hash, c=self.c, folds=self.calibration_folds,
            target_fpr=self.target_fpr, seed=self.random_state, target_fpr_alone=self.target_fpr_alone,
            alone_floor=self.alone_floor,
        )
        self._set(Artifact(
            config=config,
            coef_hash=result.coef_hash,
            coef_dense=result.coef_dense,
            intercept=result.intercept,
            calibration=result.calibration,
            threshold=result.threshold,
            threshold_alone=result.threshold_alone,
            metadata={"n_train": len(labels), "n_scam": int(labels.sum()), "c": self.c, **(metadata or {})},
        ))
        self.oof_decision_ = result.oof_decision
        return self

    def _set(self, art: Artifact) -> None:
        self.config_ = art.config
        self.coef_hash_ = art.coef_hash
        self.coef_dense_ = art.coef_dense
        self.intercept_ = art.intercept
        self.calibration_ = art.calibration
        self.threshold_ = art.threshold
        self.threshold_alone_ = art.threshold_alone
        self.metadata_ = art.metadata
        self._hasher = Hasher(art.config)
        self._coef: list[float] = art.coef_hash.tolist()
        self._dense: list[float] = art.coef_dense.tolist()
        self._cache: dict[str, _Entry] = {}
        self._native = self._build_native()
        self._active: _hashing.Hashing | None = self._native  # None: the Python path

    def _build_native(self) -> _hashing.Hashing | None:
        """The C module's scorer for these coefficients (None when the module is not built)."""
        if Hashing is None:
            return None
        cfg = self.config_
        return Hashing(
            np.ascontiguousarray(self.coef_hash_, dtype=np.float64).tobytes(), cfg.n_bits, cfg.word_weight,
            cfg.char_weight, cfg.bigram_weight, cfg.char_min, cfg.char_max, cfg.pronoun_weight, PRONOUNS,
        )

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()  # the C objects are rebuilt on unpickling
        state.pop("_native", None)
        state["_active"] = state.get("_active") is not None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        active = state.pop("_active", False)
        self.__dict__.update(state)
        if hasattr(self, "config_"):
            self._native = self._build_native()
            self._active = self._native if active else None

    @property
    def use_native(self) -> bool:
        """Whether the hashed features come from the C module (the Python path gives the same
        numbers; tests compare the two)."""
        return self._active is not None

    @use_native.setter
    def use_native(self, value: bool) -> None:
        if value and self._native is None:
            raise RuntimeError("hangup.model._hashing is not built (no C compiler at install time)")
        self._active = self._native if value else None

    # -- inference --------------------------------------------------------------------------
    def _fitted(self) -> None:
        if not hasattr(self, "config_"):
            raise RuntimeError("ScamModel is not fitted; call fit() or ScamModel.load()")

    def _entry(self, word: str) -> _Entry:
        feats = self._hasher.word(word)
        coef = self._coef
        entry = (
            sum(w * coef[b] for b, w in zip(feats.buckets, feats.weights, strict=True)),
            sum(w * w for w in feats.weights),
            feats.bigram_state,
            feats.utf8,
        )
        if len(self._cache) >= _MAX_CACHE:
            self._cache.clear()
        self._cache[word] = entry
        return entry

    def _hashed(self, words: list[str], counts: Counter[str] | None = None) -> tuple[float, float]:
        """The hashed part of the decision value before and the factor after normalisation:
        one cached number per distinct word and one CRC per bigram (``counts``: of ``words``)."""
        if self._active is not None:
            total, sq = self._active.hashed(Counter(words) if counts is None else counts, words)
            return total, (1.0 / math.sqrt(sq) if sq > 0 else 0.0)
        cache = self._cache
        entries: dict[str, _Entry] = {}
        total = sq = 0.0
        for word, count in Counter(words).items():
            entry = cache.get(word) or self._entry(word)
            entries[word] = entry
            tf = 1.0 if count == 1 else 1.0 + math.log(count)
            total += tf * entry[0]
            sq += tf * tf * entry[1]
        bw = self.config_.bigram_weight
        if bw > 0 and len(words) > 1:
            coef, mask, crc = self._coef, self.config_.n_hash - 1, zlib.crc32
            prev = entries[words[0]]
            for word in itertools.islice(words, 1, None):
                entry = entries[word]
                h = crc(entry[3], prev[2])
                total += (-bw if h >> 31 else bw) * coef[h & mask]
                prev = entry
            sq += bw * bw * (len(words) - 1)
        return total, (1.0 / math.sqrt(sq) if sq > 0 else 0.0)

    def _terms(self, words: list[str]) -> dict[str | tuple[str, str], float]:
        """Each word's and bigram's share of the hashed decision value, before normalisation
        (the pure-Python path; keys in order of first appearance, words before bigrams)."""
        cache = self._cache
        entries: dict[str, _Entry] = {}
        terms: dict[str | tuple[str, str], float] = {}
        for word, count in Counter(words).items():
            entry = cache.get(word) or self._entry(word)
            entries[word] = entry
            terms[word] = (1.0 if count == 1 else 1.0 + math.log(count)) * entry[0]
        bw = self.config_.bigram_weight
        if bw > 0:
            coef, mask, crc = self._coef, self.config_.n_hash - 1, zlib.crc32
            for pair in itertools.pairwise(words):
                h = crc(entries[pair[1]][3], entries[pair[0]][2])
                terms[pair] = terms.get(pair, 0.0) + (-bw if h >> 31 else bw) * coef[h & mask]
        return terms

    def _largest_terms(
        self, words: list[str], k: int, counts: Counter[str] | None = None
    ) -> list[tuple[str | tuple[str, str], float]]:
        """The ``k`` largest of :meth:`_terms`, ties in the order of :meth:`_terms` (the C path
        gives the same terms, values and order)."""
        if self._active is None:
            return heapq.nlargest(k, self._terms(words).items(), key=itemgetter(1))
        counts = Counter(words) if counts is None else counts
        distinct = list(counts)
        index = {w: i for i, w in enumerate(distinct)}
        top = self._active.top(counts, words, list(map(index.__getitem__, words)), k)
        return [(distinct[i] if j < 0 else (distinct[i], distinct[j]), value) for i, j, value in top]

    def _top_terms(
        self, norm: Normalised, inv_norm: float, k: int, counts: Counter[str] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` terms that pushed the calibrated log-odds most towards scam, quoted from the text."""
        scale = self.calibration_[0] * inv_norm
        top = [
            (term, value * scale)
            for term, value in self._largest_terms(norm.words, k, counts)
            if value * scale > 0
        ]
        parts = [(term if isinstance(term, tuple) else (term,), value) for term, value in top]
        quoted = {p for words_, _ in parts for p in words_ if p.startswith("__") or "0" in p}
        # placeholders and digits: quote the text's own spelling
        surfaces = norm.surfaces(quoted) if quoted else {}
        return [(" ".join(surfaces.get(p, p) for p in words_), value) for words_, value in parts]

    def decision_function(
        self, text: str, strengths: dict[str, float] | None = None, context: Mapping[str, bool] | None = None
    ) -> float:
        """The uncalibrated score (log-odds under the class-balanced training weights).
        ``context``: the engine's context flags, e.g. ``{"warning_about_scams": ctx.warning,
        "user_initiated": ctx.user_initiated}`` (missing flags count as not set)."""
        self._fitted()
        words = normalise(text)
        extra = dense(self.config_, text, words, strengths or {}, context)
        total, inv_norm = self._hashed(words)
        return total * inv_norm + sum(c * x for c, x in zip(self._dense, extra, strict=True)) + self.intercept_

    def calibrated_logit(
        self, text: str, strengths: dict[str, float] | None = None, context: Mapping[str, bool] | None = None
    ) -> float:
        score = self.decision_function(text, strengths, context)
        a, b = self.calibration_
        return a * score + b

    def predict_proba(
        self, text: str, strengths: dict[str, float] | None = None, context: Mapping[str, bool] | None = None
    ) -> float:
        """The calibrated probability (for even prior odds) that the document is a scam."""
        return _sigmoid(self.calibrated_logit(text, strengths, context))

    def predict(
        self, text: str, strengths: dict[str, float] | None = None, context: Mapping[str, bool] | None = None
    ) -> bool:
        return self.predict_proba(text, strengths, context) >= self.threshold_

    def assess(
        self,
        text: str,
        strengths: dict[str, float] | None = None,
        context: Mapping[str, bool] | None = None,
        *,
        explain_from: float | None = None,
        k: int = 5,
    ) -> tuple[float, list[tuple[str, float]]]:
        """The calibrated log-odds and, when the probability reaches ``explain_from``, the
        explanation (as :meth:`explain` gives it) from the same reading of the text."""
        self._fitted()
        norm = normalised(text)
        counts = Counter(norm.words)
        extra = dense(self.config_, text, norm.words, strengths or {}, context)
        total, inv_norm = self._hashed(norm.words, counts)
        score = total * inv_norm + sum(c * x for c, x in zip(self._dense, extra, strict=True)) + self.intercept_
        a, b = self.calibration_
        z = a * score + b
        if explain_from is None or _sigmoid(z) < explain_from:
            return z, []
        return z, self._top_terms(norm, inv_norm, k, counts)

    def explain(self, text: str, strengths: dict[str, float] | None = None, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` words or word pairs of the text that pushed the score most towards scam,
        with their contribution to the calibrated log-odds (positive ones only). Words are
        quoted as they appear in the text (lower-cased)."""
        self._fitted()
        del strengths  # the tactics explain themselves through the rule findings
        norm = normalised(text)
        _, inv_norm = self._hashed(norm.words)
        return self._top_terms(norm, inv_norm, k)

    # -- persistence ------------------------------------------------------------------------
    def _artifact(self) -> Artifact:
        self._fitted()
        return Artifact(
            config=self.config_, coef_hash=self.coef_hash_, coef_dense=self.coef_dense_,
            intercept=self.intercept_, calibration=self.calibration_, threshold=self.threshold_,
            threshold_alone=self.threshold_alone_, metadata=self.metadata_,
        )

    def save(self, path: str | Path) -> None:
        save_artifact(Path(path), self._artifact())

    @classmethod
    def load(cls, path: str | Path) -> ScamModel:
        """Load an artifact; raises :class:`~hangup.errors.ConfigError` if it is missing,
        corrupt or of another format version."""
        art = load_artifact(Path(path))
        model = cls(n_bits=art.config.n_bits, char_weight=art.config.char_weight,
                    bigram_weight=art.config.bigram_weight, pronoun_weight=art.config.pronoun_weight,
                    tactic_min=art.config.tactic_min, context_flags=art.config.context_flags,
                    tactics=art.config.tactics)
        model._set(art)
        return model
