"""The evaluation of the scam model, written as Markdown: per-source figures with 95% intervals,
the confusion of categories, cross-source checks and the project's hand-written cases.

The headline figures are the engine's (rules and model combined exactly as
:mod:`hangup.detect.combine` does, see :mod:`hangup.evaluation.combined`); the model alone and the
rules alone are shown beside them.

Honesty rules: in-distribution figures are out-of-fold (k-fold stratified CV repeating the whole
training procedure, threshold and calibration included, on the training folds only); leave-one-
source-out retrains without the source; synthetic sources are marked. Nothing is tuned on the
rows being scored.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from hangup.documents import read_path
from hangup.errors import HangupError
from hangup.evaluation.combined import engine_flags, engine_score
from hangup.evaluation.metrics import SourceMetrics, fmt, wilson
from hangup.evaluation.sources import TRAIN_EXCLUDED
from hangup.model.classifier import ScamModel
from hangup.model.pipeline import (
    EXTRA_SOURCE,
    Job,
    JobResult,
    Pool,
    Row,
    RowReader,
    cv_jobs,
    is_synthetic,
    merge,
    row_sources,
    run_jobs,
)

Progress = Callable[[str], None]
CATEGORIES = ("tech_support", "other_scam", "not_scam")
CASE_FOLDERS = {"scam/tech_support": "tech_support", "scam/other": "other_scam", "not_scam": "not_scam"}
CASE_SUFFIXES = {".txt", ".eml"}
#: The examples shipped in examples/ and what they are (they are never trained on).
EXAMPLES = {
    "police-warning.txt": "not_scam", "helpdesk-call.txt": "not_scam", "scam-call-microsoft.txt": "tech_support",
    "fake-invoice.eml": "tech_support", "popup.txt": "tech_support",
}
BOOTSTRAP_REPS = 1000
A_TO_B = (("bothbosu_single_agent", "bothbosu_multi_agent"), ("bothbosu_multi_agent", "bothbosu_single_agent"))


def origin(source: str) -> str:
    if source == EXTRA_SOURCE:
        return "project-written"
    return "**SYNTHETIC**" if is_synthetic(source) else "real"


HEADER = (
    "| source | data | trained on | n | scam | legit | precision (95% CI) | recall (95% CI) | FPR (95% CI) [FP] "
    "| F1 (95% CI) | ROC AUC (95% CI) | tech-support recall |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def metrics_row(label: str, source: str, trained: str, m: SourceMetrics) -> str:
    tech = f"{m.tech_caught}/{m.tech_total}" if m.tech_total else "-"
    fpr = f"{fmt(m.fpr, m.fpr_ci)} [{m.fp}]" if m.legit else "-"
    precision = fmt(m.precision, m.precision_ci) if m.scam else "-"  # no scams: every flag is an FP (see FPR)
    return (
        f"| {label} | {origin(source)} | {trained} | {m.n} | {m.scam} | {m.legit} | {precision} "
        f"| {fmt(m.recall, m.recall_ci)} | {fpr} | {fmt(m.f1, m.f1_ci)} | {fmt(m.auc, m.auc_ci)} | {tech} |"
    )


def _metrics(rows: Sequence[Row], idx: npt.NDArray[np.int_], p: npt.NDArray[np.float64],
             flagged: npt.NDArray[np.bool_], seed: int) -> SourceMetrics:
    return SourceMetrics.compute(
        [rows[i].y for i in idx], p[idx], flagged[idx], [rows[i].tech for i in idx], reps=BOOTSTRAP_REPS, seed=seed)


def per_source_table(
    title: str, rows: Sequence[Row], p: npt.NDArray[np.float64], flagged: npt.NDArray[np.bool_],
    trained: Callable[[str], str], seed: int = 0,
) -> list[str]:
    out = [f"\n### {title}\n", HEADER]
    for source in row_sources(rows):
        idx = np.array([i for i, r in enumerate(rows) if r.source == source and not math.isnan(p[i])], dtype=np.int_)
        if len(idx):
            out.append(metrics_row(source, source, trained(source), _metrics(rows, idx, p, flagged, seed)))
    return out


def confusion_table(rows: Sequence[Row], flagged: npt.NDArray[np.bool_]) -> list[str]:
    """True category against the predicted one: not flagged -> not_scam; flagged -> the engine's
    category rule (tech_support when the tech-support tactics and brands carry the evidence)."""
    out = [
        "\n### Confusion of categories (engine, out-of-fold; rows: true category)\n",
        "| source | true category | n | → tech_support | → other_scam | → not_scam |",
        "|---|---|---|---|---|---|",
    ]
    total: Counter[tuple[str, str]] = Counter()
    for source in [*row_sources(rows), "all sources"]:
        counts: Counter[tuple[str, str]] = Counter()
        for i, r in enumerate(rows):
            if source in (r.source, "all sources"):
                pred = ("tech_support" if r.engine_tech else "other_scam") if flagged[i] else "not_scam"
                counts[(r.true_category, pred)] += 1
        for true in CATEGORIES:
            n = sum(counts[(true, pred)] for pred in CATEGORIES)
            if n:
                cells = " | ".join(str(counts[(true, pred)]) for pred in CATEGORIES)
                out.append(f"| {source} | {true} | {n} | {cells} |")
        total += counts
    return out


@dataclass(frozen=True, slots=True)
class CaseResult:
    path: str
    expected: str  # tech_support | other_scam | not_scam
    p: float
    flagged: bool  # by the engine: rules and model combined
    category: str  # predicted
    rules_flagged: bool
    model_flagged: bool  # the model alone, at its ordinary threshold


def score_files(
    model: ScamModel, reader: RowReader, files: Sequence[tuple[Path, str, str]]
) -> list[CaseResult]:
    """Each (path, label, expected category) through the engine's rules and context, then the model."""
    out = []
    suspicious, scam = reader.engine.settings.suspicious_threshold, reader.engine.settings.scam_threshold
    min_strength = reader.params.min_strength
    for path, label, expected in files:
        try:
            doc = read_path(path)[0]
        except HangupError:
            continue
        row = reader.row_from_doc(doc, label)
        p = model.predict_proba(row.text, row.strengths, row.context)
        score = engine_score(row, p, model.threshold_, model.threshold_alone_, suspicious, min_strength, scam)
        flagged = score >= suspicious
        category = ("tech_support" if row.engine_tech else "other_scam") if flagged else "not_scam"
        out.append(CaseResult(label, expected, p, flagged, category, row.rule_score >= suspicious,
                              p >= model.threshold_))
    return out


def case_files(cases: Path) -> list[tuple[Path, str, str]]:
    files = []
    for folder, expected in CASE_FOLDERS.items():
        for path in sorted((cases / folder).rglob("*")):
            if path.is_file() and path.suffix in CASE_SUFFIXES:
                files.append((path, str(path.relative_to(cases)), expected))
    return files


def cases_table(results: Sequence[CaseResult], title: str) -> list[str]:
    out = [
        f"\n### {title}\n",
        "| folder | n | flagged by the engine (95% CI) | named tech_support | rules alone | model alone | wrong |",
        "|---|---|---|---|---|---|---|",
    ]
    for folder, expected in CASE_FOLDERS.items():
        group = [r for r in results if r.expected == expected]
        if not group:
            continue
        k = sum(r.flagged for r in group)
        lo, hi = wilson(k, len(group))
        named = sum(r.category == "tech_support" for r in group)
        rules = sum(r.rules_flagged for r in group)
        alone = sum(r.model_flagged for r in group)
        wrong = [
            f"{Path(r.path).name} ({r.p:.2f})" for r in group
            if r.flagged != (expected != "not_scam") or (expected == "tech_support" and r.category != "tech_support")
        ]
        out.append(f"| {folder} | {len(group)} | {k}/{len(group)} = {k / len(group):.2f} ({lo:.2f}–{hi:.2f}) "
                   f"| {named}/{len(group)} | {rules}/{len(group)} | {alone}/{len(group)} "
                   f"| {', '.join(wrong) or '-'} |")
    return out


def speed(model: ScamModel, rows: Sequence[Row], limit: int = 2000) -> str:
    """Single-core inference speed of the model alone (the rules are timed elsewhere); the first
    pass starts with an empty word cache."""
    texts = [r.text[:2048] for r in rows if len(r.text) >= 2048][:limit] or [r.text for r in rows[:limit]]
    if not texts:
        return ""
    fresh = ScamModel()
    fresh._set(model._artifact())
    started = time.perf_counter()
    for t in texts:
        fresh.predict_proba(t, {})
    cold = len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    for t in texts:
        fresh.predict_proba(t, {})
    warm = len(texts) / (time.perf_counter() - started)
    return (f"Inference (model only, one core): {len(texts)} texts of {statistics.mean(map(len, texts)):.0f} chars, "
            f"{cold:,.0f} docs/s with a cold word cache, {warm:,.0f} docs/s warm.")


# -- the whole evaluation --------------------------------------------------------------------------
def evaluation_jobs(pool: Pool, folds: int) -> tuple[list[Job], dict[str, str], list[tuple[str, str, str]]]:
    """CV folds, leave-one-source-out fits (one per distinct training set) and generator A -> B.

    Returns the jobs, the LOSO job of each source, and the A -> B lines (label, job, test source)."""
    jobs = cv_jobs(pool, folds) if folds >= 2 else []
    sources = row_sources(pool.rows)
    by_train: dict[frozenset[str], str] = {}
    loso: dict[str, str] = {}
    for source in sources:
        train_sources = frozenset(s for s in sources if s != source and s not in pool.train.exclude)
        name = by_train.get(train_sources)
        if name is None:
            name = by_train[train_sources] = f"loso:{source}"
            jobs.append(Job(name, pool.of_sources(train_sources), np.arange(len(pool.rows))))
        loso[source] = name
    lines: list[tuple[str, str, str]] = []
    for a, b in A_TO_B:
        if a in sources and b in sources:
            jobs.append(Job(f"ab:{a}", pool.of_sources([a]), pool.of_sources([b])))
            lines.append((f"{a} → {b}", f"ab:{a}", b))
    synthetic = [s for s in sources if is_synthetic(s)]
    real = [s for s in sources if not is_synthetic(s)]
    if synthetic and real:
        jobs.append(Job("ab:synthetic", pool.indices(lambda r: r.synthetic), pool.indices(lambda r: not r.synthetic)))
        lines += [(f"all synthetic → {s}", "ab:synthetic", s) for s in real]
    return jobs, loso, lines


def trained_label(pool: Pool) -> Callable[[str], str]:
    def label(source: str) -> str:
        if source in pool.train.exclude:
            return "no (" + ("licence" if source in TRAIN_EXCLUDED else "excluded") + ")"
        return "yes"
    return label


def cv_section(pool: Pool, results: dict[str, JobResult], folds: int) -> list[str]:
    cv = [r for name, r in results.items() if name.startswith("cv")]
    p, flagged = merge(cv, len(pool.rows))
    scores, engine = engine_flags(pool.rows, cv)
    how = (f"{folds}-fold stratified CV, out-of-fold (each fold repeats the training procedure; excluded sources "
           "are scored, never trained on)")
    return [
        *per_source_table(f"Engine: rules + model combined (the verdict a user sees), {how}", pool.rows, scores,
                          engine, trained_label(pool), pool.train.seed),
        *per_source_table(f"Model alone (its ordinary threshold), {how}", pool.rows, p, flagged,
                          trained_label(pool), pool.train.seed),
        *confusion_table(pool.rows, engine),
    ]


def run_evaluation(
    pool: Pool, model: ScamModel | None, *, folds: int = 5, workers: int = 1, cases: Path | None = None,
    examples: Path | None = None, progress: Progress | None = None, header: Sequence[str] = (),
) -> str:
    say = progress or (lambda _msg: None)
    rows = pool.rows
    out = list(header)
    # rules alone, for comparison (the engine's own "suspicious" threshold)
    reader = RowReader()
    suspicious = reader.engine.settings.suspicious_threshold
    rule_p = np.array([r.rule_score for r in rows])
    out += per_source_table(f"Rules alone (engine score >= {suspicious}), for comparison", rows, rule_p,
                            rule_p >= suspicious, lambda _s: "-", pool.train.seed)
    jobs, loso, lines = evaluation_jobs(pool, folds)
    say(f"{len(jobs)} fits on {len(rows)} rows with {workers} worker(s)")
    results = run_jobs(pool, jobs, workers, say)
    if folds >= 2:
        out += cv_section(pool, results, folds)
    loso_engine: list[str] = []
    loso_model: list[str] = []
    for source, job in loso.items():
        r = results[job]
        idx = np.array([i for i, row in enumerate(rows) if row.source == source], dtype=np.int_)
        scores, engine = engine_flags(rows, [r])
        p, flagged = merge([r], len(rows))
        y, tech = [rows[i].y for i in idx], [rows[i].tech for i in idx]
        for table, s_, f_ in ((loso_engine, scores, engine), (loso_model, p, flagged)):
            m = SourceMetrics.compute(y, s_[idx], f_[idx], tech, reps=BOOTSTRAP_REPS, seed=pool.train.seed)
            table.append(metrics_row(source, source, "no (left out)", m))
    out += ["\n### Leave-one-source-out, engine (rules + model): the model trained on every other (allowed) "
            "source, tested on this one\n", HEADER, *loso_engine,
            "\n### Leave-one-source-out, model alone\n", HEADER, *loso_model]
    if lines:
        out += ["\n### Synthetic generator A → B, and synthetic-only → real\n", HEADER]
        for label, job, target in lines:
            r = results[job]
            sel = np.array([k for k, i in enumerate(r.test.tolist()) if rows[i].source == target], dtype=np.int_)
            idx = r.test[sel]
            m = SourceMetrics.compute([rows[i].y for i in idx], r.probabilities[sel], r.flagged[sel],
                                      [rows[i].tech for i in idx], reps=BOOTSTRAP_REPS, seed=pool.train.seed)
            out.append(metrics_row(label, target, "no", m))
    if model is not None:
        if cases is not None and cases.is_dir():
            say("scoring the hand-written cases")
            out += cases_table(score_files(model, reader, case_files(cases)),
                               f"Hand-written cases ({cases}), final model (never trained on)")
        if examples is not None and examples.is_dir():
            files = [(examples / f, f, e) for f, e in EXAMPLES.items() if (examples / f).is_file()]
            results_ex = score_files(model, reader, files)
            out += ["\n### Examples (examples/, final model, never trained on)\n",
                    "| file | expected | model p | engine flags | category | rules alone flag | model alone flags |",
                    "|---|---|---|---|---|---|---|"]
            out += [f"| {r.path} | {r.expected} | {r.p:.3f} | {r.flagged} | {r.category} | {r.rules_flagged} "
                    f"| {r.model_flagged} |" for r in results_ex]
        out += ["", speed(model, rows)]
    return "\n".join(out) + "\n"
