"""`hangup train`: fit the scam model on the labelled data and write the artifact and its card."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from hangup.evaluation.sources import TRAIN_EXCLUDED

DataOpt = Annotated[
    Path,
    typer.Option("--data", help="Labelled data folder (layout of ../shared/data: dialogues/, calls/, sms/, email/).",
                 exists=True, file_okay=False),
]
WorkersOpt = Annotated[int, typer.Option("--workers", "-w", min=1, max=64, help="Worker processes for the fits.")]
FoldsOpt = Annotated[int, typer.Option("--folds", min=0, max=20, help="Cross-validation folds (0: none).")]


def train(
    data: DataOpt,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Artifact to write (.npz); the model card goes next to it as .md. "
                     "Default: the packaged src/hangup/model/scam-model.npz."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the folds and the solver.")] = 0,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="A source never trained on (repeatable; still evaluated). Replaces the "
                     f"default ({', '.join(TRAIN_EXCLUDED)}: licences); --exclude none trains on everything."),
    ] = None,
    n_bits: Annotated[int, typer.Option("--n-bits", min=8, max=24, help="Hashed feature space: 2**N.")] = 18,
    pronoun_weight: Annotated[
        float, typer.Option("--pronoun-weight", min=0.0, max=1.0, help="Weight of bare pronouns' own features.")
    ] = 1.0,
    folds: FoldsOpt = 5,
    workers: WorkersOpt = 2,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages.")] = False,
) -> None:
    """Train the scam model on a labelled data folder and write the artifact and its model card.

    Same data and seed give a byte-identical artifact. Needs scikit-learn and SciPy.
    """
    from hangup.model.build import check_exclusions, default_model_path, train_artifact  # noqa: PLC0415
    from hangup.model.pipeline import TrainConfig  # noqa: PLC0415 (scikit-learn only for this command)

    err = Console(stderr=True)
    started = time.perf_counter()

    def say(message: str) -> None:
        if not quiet:
            err.print(f"[{time.perf_counter() - started:5.0f}s] {message}", highlight=False)

    names = check_exclusions(exclude) if exclude is not None else tuple(TRAIN_EXCLUDED)
    target = out or default_model_path()
    config = TrainConfig(seed=seed, exclude=names, n_bits=n_bits, pronoun_weight=pronoun_weight)
    model, _ = train_artifact(data, target, config, folds=folds, workers=workers, progress=say)
    say(f"wrote {target} ({target.stat().st_size / 1e6:.2f} MB, threshold {model.threshold_:.3f}) "
        f"and {target.with_suffix('.md')}")
