"""Per-source detection of the engine on the labelled development data.

Usage: python scripts/eval_sources.py --data ../shared/data [--out eval.md] [--jurisdiction uk]
Flagged means verdict "scam" or "suspicious". Figures per source, never blended.
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter
from pathlib import Path

from hangup.config import load_settings
from hangup.detect.engine import Engine
from hangup.documents import read_bytes, read_text
from hangup.errors import HangupError
from hangup.evaluation.metrics import Counts, wilson
from hangup.evaluation.sources import SOURCES


def fmt(x: float) -> str:
    return "-" if math.isnan(x) else f"{x:.3f}"


def ci(k: int, n: int) -> str:
    lo, hi = wilson(k, n)
    return "-" if n == 0 else f"{lo:.2f}-{hi:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("eval-rules.md"))
    ap.add_argument("--jurisdiction", default="uk")
    ap.add_argument("--only", nargs="*", help="source names to run")
    ap.add_argument("--show-errors", type=int, default=0, help="print this many misses and false alarms")
    args = ap.parse_args()
    engine = Engine(load_settings(jurisdiction=args.jurisdiction, use_model=False))  # the rules alone
    header = (
        "| source | synthetic | n | scam | legit | precision | recall (95% CI) | FPR (95% CI) | F1 "
        "| tech recall | tech named |"
    )
    lines = [header, "|" + "---|" * 11]
    for name, loader in SOURCES.items():
        if args.only and name not in args.only:
            continue
        counts, errors, synthetic, shown = Counts(), 0, False, Counter[str]()
        started = time.perf_counter()
        for s in loader(args.data):
            synthetic = s.synthetic
            try:
                if s.raw is not None:
                    docs = read_bytes(s.raw, name=s.id, kind="email", settings=engine.settings)
                else:
                    docs = [read_text(s.text or "", kind=s.kind, source=s.id, settings=engine.settings)]
            except HangupError:
                errors += 1
                continue
            verdict = engine.analyse(docs[0])
            scam = s.label == "scam"
            counts.add(scam=scam, flagged=verdict.flagged, tech=s.scam_type == "tech_support",
                       named_tech=verdict.category == "tech_support")
            wrong = "miss" if scam and not verdict.flagged else "false alarm" if verdict.flagged and not scam else ""
            if wrong and shown[wrong] < args.show_errors:
                shown[wrong] += 1
                text = (docs[0].text[:300]).replace("\n", " / ")
                print(f"  [{name} {wrong} {verdict.score:.2f}] {text}")
        took = time.perf_counter() - started
        tech = f"{counts.tech_caught}/{counts.tech_total}" if counts.tech_total else "-"
        named = f"{counts.tech_named}/{counts.tech_total}" if counts.tech_total else "-"
        scams, legits = counts.tp + counts.fn, counts.fp + counts.tn
        lines.append(
            f"| {name} | {'yes' if synthetic else 'no'} | {counts.n} | {scams} | {legits} | {fmt(counts.precision())} "
            f"| {fmt(counts.recall())} ({ci(counts.tp, scams)}) | {fmt(counts.fpr())} ({ci(counts.fp, legits)}) "
            f"| {fmt(counts.f1())} | {tech} | {named} |"
        )
        print(lines[-1], f"  [{took:.1f}s, {errors} unreadable]", flush=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"table written to {args.out}")


if __name__ == "__main__":
    main()
