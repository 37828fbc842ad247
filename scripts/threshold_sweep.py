"""What moving the model's flagging thresholds would do, in-source and on a source never seen.

Usage: python scripts/threshold_sweep.py --data ../shared/data [--workers 2] [--deltas 0,-0.03,-0.06,-0.1]

Repeats the packaged model's training procedure twice: 5-fold cross-validation (out-of-fold, the
sources it was trained on) and leave-one-source-out for the real sources (the model trained on
every other allowed source). Each row is then combined with its rule score exactly as the engine
does (hangup.evaluation.combined.engine_score), with the threshold for the model's word alone
(no rule tactic taking part) moved by each delta. Prints, per source, recall and false positives.
Flagged means "suspicious" or "scam". About 6 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hangup.config import Settings
from hangup.detect.scoring import ScoringParams
from hangup.evaluation.combined import engine_score
from hangup.model import ScamModel
from hangup.model.build import default_model_path, prepare
from hangup.model.pipeline import Job, JobResult, Pool, Row, TrainConfig, cv_jobs, row_sources, run_jobs

LOSO_SOURCES = ("ftc_robocalls", "uci_sms_spam_collection", "mendeley_sms_phishing", "spamassassin", "project_written")


def sweep(title: str, rows: Sequence[Row], results: Sequence[JobResult], deltas: Sequence[float]) -> None:
    suspicious, scam = Settings().suspicious_threshold, Settings().scam_threshold
    min_strength = ScoringParams.load().min_strength
    print(f"\n{title}")
    scored = sorted({rows[i].source for r in results for i in r.test.tolist()})
    print("| threshold alone moved by | " + " | ".join(scored) + " |")
    print("|---|" + "---|" * len(scored))
    for delta in deltas:
        flagged: dict[str, list[tuple[int, bool]]] = {s: [] for s in scored}
        for r in results:
            for i, p in zip(r.test.tolist(), r.probabilities.tolist(), strict=True):
                row = rows[i]
                score = engine_score(row, p, r.threshold, r.threshold_alone + delta, suspicious, min_strength, scam)
                flagged[row.source].append((row.y, score >= suspicious))
        cells = []
        for source in scored:
            scams = [f for y, f in flagged[source] if y == 1]
            legit = [f for y, f in flagged[source] if y == 0]
            recall = f"recall {np.mean(scams):.3f}" if scams else "recall -"
            cells.append(f"{recall}, FP {sum(legit)}/{len(legit)}")
        print(f"| {delta:+.2f} | " + " | ".join(cells) + " |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--deltas", default="0,-0.03,-0.06,-0.1,-0.15")
    args = ap.parse_args()
    deltas = [float(d) for d in args.deltas.split(",")]
    final = ScamModel.load(default_model_path())
    settings = final.metadata_.get("train_config")
    train = TrainConfig.from_dict(settings) if isinstance(settings, dict) else TrainConfig()
    pool: Pool = prepare(args.data, train, workers=args.workers).pool
    sources = row_sources(pool.rows)
    loso = []
    for source in LOSO_SOURCES:
        if source in sources:
            others = frozenset(s for s in sources if s != source and s not in pool.train.exclude)
            loso.append(Job(f"loso:{source}", pool.of_sources(others), pool.of_sources([source])))
    results = run_jobs(pool, [*cv_jobs(pool, 5), *loso], args.workers)
    cv = [r for name, r in results.items() if not name.startswith("loso:")]
    sweep("Out-of-fold (5-fold CV)", pool.rows, cv, deltas)
    sweep("Leave-one-source-out (the source never trained on)", pool.rows,
          [r for name, r in results.items() if name.startswith("loso:")], deltas)


if __name__ == "__main__":
    main()
