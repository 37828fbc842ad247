"""`hangup eval`: the honest evaluation of the scam model, per source, as a Markdown table."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from hangup.cli.train import DataOpt, FoldsOpt, WorkersOpt


def evaluate(
    data: DataOpt,
    model: Annotated[
        Path | None,
        typer.Option("--model", "-m", help="Artifact to evaluate; its training settings are repeated for the "
                     "cross-validation. Default: the packaged model.", exists=True, dir_okay=False),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Also write the tables here (Markdown).")] = None,
    cases: Annotated[
        Path | None,
        typer.Option("--cases", help="Hand-written cases (scam/tech_support, scam/other, not_scam) scored with the "
                     "engine (rules + model). Default: tests/fixtures/cases if present."),
    ] = None,
    examples: Annotated[
        Path | None, typer.Option("--examples", help="The examples/ folder. Default: ./examples if present.")
    ] = None,
    folds: FoldsOpt = 5,
    workers: WorkersOpt = 2,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages.")] = False,
) -> None:
    """Evaluate the engine (rules + model) and the model alone per source: out-of-fold CV,
    leave-one-source-out, synthetic generator A -> B, and the hand-written cases.

    Figures come with 95% intervals (Wilson; bootstrap for F1 and ROC AUC). Needs scikit-learn and SciPy.
    """
    from hangup.evaluation.report import run_evaluation  # noqa: PLC0415 (scikit-learn only for this command)
    from hangup.model import ScamModel  # noqa: PLC0415
    from hangup.model.build import data_summary, default_model_path, prepare  # noqa: PLC0415
    from hangup.model.pipeline import TrainConfig  # noqa: PLC0415

    err = Console(stderr=True)
    started = time.perf_counter()

    def say(message: str) -> None:
        if not quiet:
            err.print(f"[{time.perf_counter() - started:5.0f}s] {message}", highlight=False)

    path = model or default_model_path()
    final = ScamModel.load(path)
    settings = final.metadata_.get("train_config")
    train = TrainConfig.from_dict(settings) if isinstance(settings, dict) else TrainConfig()
    prep = prepare(data, train, workers=workers, progress=say)
    summary = data_summary(prep)
    header = [
        f"# Evaluation of {path.name}",
        "",
        f"Data: {data} ({len(prep.pool.rows)} rows after deduplication; dropped "
        f"{summary['duplicates_dropped'] or 'none'}). Training procedure repeated from the artifact: seed "
        f"{train.seed}, excluded from training {list(train.exclude) or 'none'}, C={train.c}, n_bits={train.n_bits}, "
        f"pronoun_weight={train.pronoun_weight}, context features {train.context_features}, synthetic weight "
        f"{train.synthetic_weight}, source weights {train.source_weight}. Threshold: each model's own (weighted "
        f"FPR <= {train.target_fpr:.0%} on its inner out-of-fold training legit messages). Intervals: 95%, Wilson "
        "for proportions, stratified bootstrap (1000 resamples, seed fixed) for F1 and ROC AUC.",
    ]
    default_cases, default_examples = Path("tests/fixtures/cases"), Path("examples")
    table = run_evaluation(
        prep.pool, final, folds=folds, workers=workers,
        cases=cases or (default_cases if default_cases.is_dir() else None),
        examples=examples or (default_examples if default_examples.is_dir() else None),
        progress=say, header=header,
    )
    typer.echo(table)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(table, encoding="utf-8")
        say(f"wrote {out}")
