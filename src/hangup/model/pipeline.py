"""The training pipeline: labelled sources read through the engine, deduplicated, turned into one
design matrix, and fitted with the procedure every evaluation repeats.

``hangup train`` and ``hangup eval`` both use it. Needs scikit-learn and SciPy (through
:mod:`hangup.model.training`) and the rule engine; inference (:class:`ScamModel`) needs neither.

Determinism: rows come in a fixed order (sources in :data:`SOURCES` order, then the source's own
order), folds are drawn with the seed, and the solver is deterministic, so the same data, seed and
settings give the same coefficients. Work is spread over processes only at the level of whole fits,
whose results do not depend on which process ran them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import re
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from hangup.config import Settings
from hangup.detect.combine import own_sender_alone
from hangup.detect.engine import Engine
from hangup.detect.scoring import ScoringParams, is_tech_support, logit, sigmoid, tactic_strengths
from hangup.documents import Document, read_bytes, read_text
from hangup.errors import ConfigError, HangupError
from hangup.evaluation.sources import SOURCE_FILES, SOURCES, SYNTHETIC_SOURCES, TRAIN_EXCLUDED, Sample
from hangup.model.classifier import ScamModel
from hangup.model.features import CONTEXT_FLAGS, FeatureConfig

logger = logging.getLogger(__name__)

#: The project's own written examples (src/hangup/model/training_extra/*.jsonl, see its README):
#: hard negatives, genuine notifications and receipts, and scams shaped like them. Trained on by default.
EXTRA_SOURCE = "project_written"
PIPELINE_VERSION = 1


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Every setting of the training procedure; saved in the artifact so ``hangup eval`` can
    repeat exactly the procedure that made the model."""

    seed: int = 0
    exclude: tuple[str, ...] = tuple(TRAIN_EXCLUDED)  # sources never trained on (still evaluated)
    n_bits: int = 18
    char_weight: float = 0.5
    bigram_weight: float = 1.0
    # bare pronouns' own features (1.0 = as any word). Dropping them (0.0) was tried because "your"
    # and "you" topped the helpdesk example's explanation: the out-of-fold figures barely moved and
    # SGD's false positives rose (3.0% -> 5.2%), so they keep their weight (docs in the model card)
    pronoun_weight: float = 1.0
    tactic_min: float = 0.4  # tactic strengths below this are not features (scoring.yaml min_strength)
    # the engine's warning / user-initiated flags as dense features. Off: in the public data nearly
    # every document with those flags is a scam (BothBosu scammers "returning your call"), so both
    # learnt positive weights; the combination (hangup.detect.combine) handles context instead
    context_features: bool = False
    c: float = 16.0  # 4.0 before: 16 ranked better out-of-fold on every real source
    calibration_folds: int = 3
    target_fpr: float = 0.01
    # the stricter threshold for flagging on the model's word alone (no rule tactic taking part)
    target_fpr_alone: float = 0.003
    # ... and never below this. The training messages' own false-positive rate understates that of a
    # source the model has not seen: teaching it more genuine messages lowers its scores on the hard
    # ones and so the threshold, while an unseen source's genuine mail scores as high as before.
    # Leave-one-source-out (scripts/threshold_sweep.py) puts the knee at about 0.97: SpamAssassin's
    # genuine mail flagged on the model's word alone went 18 -> 32 of 2,472 when it fell to 0.95.
    alone_floor: float = 0.97
    synthetic_weight: float = 0.25  # each synthetic dialogue counts a quarter of a real message
    # the only real calls (few, closest to the task) and the project's own hard negatives (32
    # messages against thousands: the only genuine messages that show scam tactics)
    source_weight: dict[str, float] = field(default_factory=lambda: {"ftc_robocalls": 2.0, EXTRA_SOURCE: 10.0})
    extra: bool = True  # train on the project's hard negatives

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["exclude"] = list(self.exclude)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        known = set(cls.__dataclass_fields__)
        values = {k: v for k, v in data.items() if k in known}
        if "exclude" in values:
            values["exclude"] = tuple(values["exclude"])
        return cls(**values)

    def model(self, tactics: Sequence[str]) -> ScamModel:
        return ScamModel(
            n_bits=self.n_bits, char_weight=self.char_weight, bigram_weight=self.bigram_weight,
            pronoun_weight=self.pronoun_weight, tactic_min=self.tactic_min,
            context_flags=CONTEXT_FLAGS if self.context_features else (),
            c=self.c, calibration_folds=self.calibration_folds, target_fpr=self.target_fpr,
            target_fpr_alone=self.target_fpr_alone, alone_floor=self.alone_floor, tactics=tactics,
            random_state=self.seed,
        )


@dataclass(slots=True)
class Row:
    """One labelled document after the engine's rules and context stage."""

    source: str
    id: str
    y: int  # 1 = scam
    tech: bool  # labelled a tech-support scam
    synthetic: bool
    text: str
    strengths: dict[str, float]
    context: dict[str, bool]
    rule_score: float
    engine_tech: bool  # the engine would name the category tech_support if flagged

    @property
    def true_category(self) -> str:
        return "tech_support" if self.y and self.tech else "other_scam" if self.y else "not_scam"


# -- reading --------------------------------------------------------------------------------------
def extra_files() -> list[Any]:
    """The project-written training files shipped with the package, in name order."""
    folder = resources.files("hangup.model") / "training_extra"
    return sorted((f for f in folder.iterdir() if f.name.endswith(".jsonl")), key=lambda f: f.name)


def extra_samples() -> Iterator[Sample]:
    """The project-written examples shipped with the package (every ``training_extra/*.jsonl``)."""
    for file in extra_files():
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                yield Sample(EXTRA_SOURCE, row["id"], row["kind"], row["label"], row["scam_type"], False,
                             row["text"])


def available_sources(data: Path) -> list[str]:
    """The known sources whose files are all present in ``data``."""
    return [name for name in SOURCES if all((data / f).is_file() for f in SOURCE_FILES[name])]


def file_digests(data: Path, sources: Iterable[str]) -> dict[str, str]:
    """SHA-256 of every input file the sources read, by path relative to ``data``."""
    out: dict[str, str] = {}
    for name in sources:
        for rel in SOURCE_FILES.get(name, ()):
            h = hashlib.sha256()
            with (data / rel).open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            out[rel] = h.hexdigest()
    return out


def read_sample(sample: Sample, settings: Settings) -> Document:
    if sample.raw is not None:
        return read_bytes(sample.raw, name=sample.id, kind="email", settings=settings)[0]
    return read_text(sample.text or "", kind=sample.kind, source=sample.id, settings=settings)


class RowReader:
    """Turns samples into rows with one engine (built once per process)."""

    def __init__(self, settings: Settings | None = None) -> None:
        # rules only: the features must not depend on a model already installed (the engine
        # version, recorded in the artifact, would then name that model and change with it);
        # nor on whether this machine has OCR installed (emails that are all picture)
        self.engine = Engine((settings or Settings()).model_copy(update={"use_model": False}))
        self.read_settings = self.engine.settings.model_copy(update={"read_email_images": False})
        self.params = ScoringParams.load()

    def row(self, sample: Sample) -> Row | None:
        """The sample's row, or None when its document cannot be read."""
        try:
            doc = read_sample(sample, self.read_settings)
        except HangupError:
            return None
        return self.row_from_doc(doc, sample.id, source=sample.source, scam=sample.label == "scam",
                                 tech=sample.scam_type == "tech_support", synthetic=sample.synthetic)

    def row_from_doc(
        self, doc: Document, id: str, *, source: str = "", scam: bool = False, tech: bool = False,
        synthetic: bool = False,
    ) -> Row:
        engine = self.engine
        findings, indicators, ctx = engine.findings(doc)
        strengths = tactic_strengths(findings, self.params.hits_per_rule, ctx.tactic_factors)
        brands = {i.normalized for i in indicators if i.type == "brand"}
        return Row(
            source=source, id=id, y=int(scam), tech=tech, synthetic=synthetic, text=doc.text, strengths=strengths,
            context={"warning_about_scams": ctx.warning, "user_initiated": ctx.user_initiated,
                     "own_sender": own_sender_alone(ctx, strengths, self.params.min_strength)},
            rule_score=sigmoid(logit(strengths, engine.catalogue.tactics, self.params)),
            engine_tech=is_tech_support(strengths, engine.catalogue.tactics, self.params, brands),
        )


_READER: RowReader | None = None


def _reader_init() -> None:
    global _READER  # noqa: PLW0603 (one engine per worker process)
    _READER = RowReader()


def _read_chunk(chunk: list[Sample]) -> list[Row | None]:
    assert _READER is not None
    return [_READER.row(s) for s in chunk]


def _chunks(items: Iterable[Sample], size: int) -> Iterator[list[Sample]]:
    chunk: list[Sample] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _context() -> Any:
    # fork shares the design matrix with the workers for free; spawn where fork does not exist
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def load_rows(
    data: Path, sources: Sequence[str], *, extra: bool = True, workers: int = 1,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Row], Counter[str]]:
    """Rows of the given sources (and the project's hard negatives), in a fixed order; and how
    many samples of each source could not be read."""
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        raise ConfigError(f"unknown source(s): {', '.join(unknown)} (known: {', '.join(SOURCES)})")

    def samples() -> Iterator[Sample]:
        for name in sources:
            yield from SOURCES[name](data)
        if extra:
            yield from extra_samples()

    rows: list[Row] = []
    bad: Counter[str] = Counter()
    started = time.perf_counter()
    if workers <= 1:
        reader = RowReader()
        results: Iterable[list[Row | None]] = ([reader.row(s) for s in c] for c in _chunks(samples(), 500))
        chunks: list[list[Sample]] | None = None
    else:
        chunks = list(_chunks(samples(), 250))
        pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_reader_init)
        results = pool.map(_read_chunk, chunks)
    try:
        done = 0
        for k, result in enumerate(results):
            for i, row in enumerate(result):
                if row is None:
                    bad[chunks[k][i].source if chunks else "?"] += 1
                else:
                    rows.append(row)
            done += len(result)
            if progress and k % 20 == 19:
                progress(f"read {done} documents ({time.perf_counter() - started:.0f}s)")
    finally:
        if workers > 1:
            pool.shutdown()
    return rows, bad


def dedupe_key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def dedupe(rows: Sequence[Row]) -> tuple[list[Row], Counter[str], int]:
    """The first copy of each normalised text across all sources (so UCI before Mendeley), the
    number dropped per source, and how many dropped copies had a different label."""
    seen: dict[str, Row] = {}
    dropped: Counter[str] = Counter()
    conflicts = 0
    for row in rows:
        key = dedupe_key(row.text)
        first = seen.get(key)
        if first is None:
            seen[key] = row
        else:
            dropped[row.source] += 1
            conflicts += first.y != row.y
    return list(seen.values()), dropped, conflicts


# -- fitting --------------------------------------------------------------------------------------
@dataclass
class Pool:
    """The deduplicated rows and their design matrix, built once per run (hashing needs no
    vocabulary, so every fit of a run can take rows of the same matrix)."""

    rows: list[Row]
    train: TrainConfig
    config: FeatureConfig
    matrix: Any  # scipy CSR
    y: npt.NDArray[np.int_]
    w: npt.NDArray[np.float64]

    def indices(self, keep: Callable[[Row], bool]) -> npt.NDArray[np.int_]:
        return np.array([i for i, r in enumerate(self.rows) if keep(r)], dtype=np.int_)

    def of_sources(self, sources: Iterable[str]) -> npt.NDArray[np.int_]:
        wanted = set(sources)
        return self.indices(lambda r: r.source in wanted)

    def trainable(self, row: Row) -> bool:
        return row.source not in self.train.exclude


def build_pool(rows: list[Row], train: TrainConfig, tactics: Sequence[str]) -> Pool:
    from hangup.model.training import design_matrix  # noqa: PLC0415 (scikit-learn only when training)

    config = train.model(list(tactics)).feature_config()
    matrix = design_matrix(config, [r.text for r in rows], [r.strengths for r in rows], [r.context for r in rows])
    weights = np.array([
        (train.synthetic_weight if r.synthetic else 1.0) * train.source_weight.get(r.source, 1.0) for r in rows
    ])
    return Pool(rows, train, config, matrix, np.array([r.y for r in rows], dtype=np.int_), weights)


def fit_rows(pool: Pool, idx: npt.NDArray[np.int_], metadata: dict[str, Any] | None = None) -> ScamModel:
    """The training procedure on rows ``idx`` of the pool: class-balanced logistic regression,
    Platt calibration and threshold from inner out-of-fold predictions."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # tiny strata in StratifiedKFold
        return pool.train.model(list(pool.config.tactics)).fit_design(
            pool.matrix[idx], pool.config, pool.y[idx], pool.w[idx], metadata)


def calibrated_logits(model: ScamModel, pool: Pool, idx: npt.NDArray[np.int_]) -> npt.NDArray[np.float64]:
    """The model's calibrated logits for rows ``idx`` (the same numbers the inference path gives;
    tests/test_model.py checks the two agree)."""
    coef = np.concatenate([model.coef_hash_, model.coef_dense_]).astype(np.float64)
    a, b = model.calibration_
    decision = pool.matrix[idx] @ coef + model.intercept_
    return np.asarray(a * decision + b, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Job:
    """One fit of an evaluation: train on ``train`` rows, score ``test`` rows."""

    name: str
    train: npt.NDArray[np.int_]
    test: npt.NDArray[np.int_]


@dataclass(frozen=True, slots=True)
class JobResult:
    name: str
    test: npt.NDArray[np.int_]
    logits: npt.NDArray[np.float64]
    threshold: float  # on the probability
    threshold_alone: float  # on the probability, for rows without a rule tactic taking part
    seconds: float

    @property
    def probabilities(self) -> npt.NDArray[np.float64]:
        return np.asarray(1.0 / (1.0 + np.exp(-self.logits)), dtype=np.float64)

    @property
    def flagged(self) -> npt.NDArray[np.bool_]:
        return np.asarray(self.probabilities >= self.threshold, dtype=np.bool_)


_POOL: Pool | None = None


def _run(job: Job) -> JobResult:
    assert _POOL is not None
    started = time.perf_counter()
    model = fit_rows(_POOL, job.train)
    return JobResult(job.name, job.test, calibrated_logits(model, _POOL, job.test), model.threshold_,
                     model.threshold_alone_, time.perf_counter() - started)


def run_jobs(
    pool: Pool, jobs: Sequence[Job], workers: int = 1, progress: Callable[[str], None] | None = None
) -> dict[str, JobResult]:
    """Run the fits, in ``workers`` processes (forked, so the matrix is shared, not copied)."""
    global _POOL  # noqa: PLW0603 (read by forked workers)
    _POOL = pool
    out: dict[str, JobResult] = {}
    try:
        if workers <= 1 or len(jobs) <= 1:
            results: Iterable[JobResult] = map(_run, jobs)
            executor = None
        else:
            executor = ProcessPoolExecutor(min(workers, len(jobs)), mp_context=_context())
            results = executor.map(_run, jobs)
        for result in results:
            out[result.name] = result
            if progress:
                progress(f"{result.name}: {len(result.test)} scored, threshold {result.threshold:.3f}, "
                         f"{result.seconds:.0f}s")
        if executor is not None:
            executor.shutdown()
    finally:
        _POOL = None
    return out


def fold_ids(rows: Sequence[Row], folds: int, seed: int) -> npt.NDArray[np.int_]:
    """Stratified folds (strata: source x label x tech-support) drawn with ``seed``."""
    from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415

    strata = np.array([f"{r.source}|{r.y}|{r.tech}" for r in rows])
    out = np.zeros(len(rows), dtype=np.int_)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
        for k, (_, test) in enumerate(splitter.split(np.zeros(len(rows)), strata)):
            out[test] = k
    return out


def cv_jobs(pool: Pool, folds: int) -> list[Job]:
    """Out-of-fold: each row is scored by the model of the fold that left it out; excluded
    sources are scored but never trained on."""
    ids = fold_ids(pool.rows, folds, pool.train.seed)
    allowed = np.array([pool.trainable(r) for r in pool.rows])
    return [Job(f"cv{k}", np.flatnonzero((ids != k) & allowed), np.flatnonzero(ids == k)) for k in range(folds)]


def merge(results: Iterable[JobResult], n: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Probabilities and flags of the rows the results scored (NaN / False elsewhere)."""
    p = np.full(n, np.nan)
    flagged = np.zeros(n, dtype=np.bool_)
    for r in results:
        p[r.test] = r.probabilities
        flagged[r.test] = r.flagged
    return p, flagged


def row_sources(rows: Sequence[Row]) -> list[str]:
    """Sources present in ``rows``, in the canonical order."""
    present = {r.source for r in rows}
    return [s for s in (*SOURCES, EXTRA_SOURCE) if s in present]


def is_synthetic(source: str) -> bool:
    return source in SYNTHETIC_SOURCES
