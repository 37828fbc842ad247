"""Scaling benchmark: the same documents through `hangup scan` with one worker, two workers and Spark local[2].

Usage: python benchmarks/bench_scale.py [--n 100000] [--size 2048] [--data ../shared/data] [--keep DIR]
                                        [--skip spark] [--master local[2]]

Builds ``--n`` documents of about ``--size`` characters into one JSON Lines file (streamed to disk,
never all in memory): half from the project's own fixtures (tests/fixtures/cases and examples;
scam-dense, digits varied so no two are equal), half from the development data in ``--data``
(SMS, scam and genuine dialogues, robocall transcripts) when that folder exists. Then runs, one at
a time, as a user would::

    hangup scan docs.jsonl --workers 1 --out w1.jsonl -q
    hangup scan docs.jsonl --workers 2 --out w2.jsonl -q
    hangup scan --engine spark docs.jsonl --master local[2] --out spark/ -q

and prints, side by side, documents per second (wall clock, start-up included: Spark's JVM start is
part of what a user waits for), peak memory of the whole process tree (the sum of PSS, which counts
pages shared after fork once, and the sum of RSS), and whether all three gave the same verdict and
score for every document. Linux only (reads /proc). Asserts nothing; exits 1 if the verdicts differ.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engine import load_sources

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
HANGUP = str(Path(sys.executable).with_name("hangup"))
DIGIT = re.compile(r"\d")


# --- documents ---------------------------------------------------------------------------------


def fixture_texts() -> list[str]:
    cases = sorted((ROOT / "tests" / "fixtures" / "cases").rglob("*.txt"))
    files = [*cases, *sorted((ROOT / "examples").glob("*.txt"))]
    return [p.read_text(encoding="utf-8") for p in files]


def data_pools(data: Path | None) -> list[list[str]]:
    if data is None or not data.is_dir():
        return []
    sources = load_sources(data)
    return [[t for t in items if isinstance(t, str)] for name, items in sorted(sources.items()) if name != "email"]


def _join(pool: list[str], size: int, rng: random.Random) -> str:
    parts, length = [], 0
    while length < size:
        part = pool[rng.randrange(len(pool))]
        parts.append(part)
        length += len(part) + 2
    return "\n\n".join(parts)[:size]


def documents(n: int, size: int, data: Path | None, seed: int = 5) -> Iterator[str]:
    """``n`` documents of about ``size`` characters, fixtures and data sources in turn."""
    rng = random.Random(seed)
    fixtures = fixture_texts()
    pools = [p for p in data_pools(data) if p]
    for i in range(n):
        if pools and i % 2:
            yield _join(pools[(i // 2) % len(pools)], size, rng)
        else:
            yield _fixture_doc(fixtures, i, size, rng)


def _fixture_doc(fixtures: list[str], i: int, size: int, rng: random.Random) -> str:
    text = fixtures[(i // 2) % len(fixtures)]
    while len(text) < size:
        text += "\n" + fixtures[rng.randrange(len(fixtures))]
    return DIGIT.sub(lambda _: str(rng.randrange(10)), text[:size])


def write_corpus(path: Path, n: int, size: int, data: Path | None) -> int:
    total = 0
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(documents(n, size, data)):
            fh.write(json.dumps({"id": str(i), "text": text}, ensure_ascii=False) + "\n")
            total += len(text)
    return total


# --- running and measuring ---------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in kB, 0 if it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


def tree_memory_kb(root: int) -> tuple[int, int]:
    kids = _children()
    todo, pss, rss = [root], 0, 0
    while todo:
        pid = todo.pop()
        p, r = _memory_kb(pid)
        pss, rss = pss + p, rss + r
        todo.extend(kids.get(pid, []))
    return pss, rss


@dataclass
class Run:
    label: str
    seconds: float
    peak_pss_mb: float
    peak_rss_mb: float
    code: int


def run(label: str, cmd: list[str], interval: float = 0.25) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            pss, rss = tree_memory_kb(proc.pid)
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            done.wait(interval)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    if proc.returncode not in (0, 1):
        print(f"  {label} failed (exit {proc.returncode}):\n{err[-2000:]}", file=sys.stderr)
    return Run(label, seconds, peak[0] / 1024, peak[1] / 1024, proc.returncode)


# --- comparing ---------------------------------------------------------------------------------


def local_verdicts(path: Path) -> dict[str, tuple[str | None, float | None]]:
    out = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out[row["id"]] = (row.get("verdict"), row.get("score"))
    return out


def spark_verdicts(folder: Path) -> dict[str, tuple[str | None, float | None]]:
    import pyarrow.parquet as pq  # noqa: PLC0415 (the spark extra is needed only for the Spark run)

    table = pq.read_table(folder, columns=["id", "verdict", "score"])
    ids, labels, scores = (table.column(c).to_pylist() for c in ("id", "verdict", "score"))
    return {i: (v, s) for i, v, s in zip(ids, labels, scores, strict=True)}


def differences(a: dict[str, tuple[str | None, float | None]], b: dict[str, tuple[str | None, float | None]]) -> int:
    return sum(1 for key in a.keys() | b.keys() if a.get(key) != b.get(key))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="documents (default 100,000)")
    ap.add_argument("--size", type=int, default=2048, help="characters per document (default 2048)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA if DEFAULT_DATA.is_dir() else None,
                    help="development data folder (default: ../shared/data if present)")
    ap.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    ap.add_argument("--skip", action="append", default=[], choices=("w1", "w2", "spark"), help="leave a run out")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="hangup-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        corpus = work / "docs.jsonl"
        started = time.perf_counter()
        chars = write_corpus(corpus, args.n, args.size, args.data)
        print(f"corpus: {args.n} documents, {chars / args.n:.0f} characters on average, "
              f"{corpus.stat().st_size / 1e6:.0f} MB of JSONL, built in {time.perf_counter() - started:.1f}s "
              f"({'fixtures + ' + str(args.data) if args.data else 'fixtures only'}); {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}")
        runs: list[Run] = []
        verdicts: dict[str, dict[str, tuple[str | None, float | None]]] = {}
        for workers in (1, 2):
            label = f"w{workers}"
            if label in args.skip:
                continue
            out = work / f"{label}.jsonl"
            runs.append(run(f"--workers {workers}", [HANGUP, "scan", str(corpus), "--workers", str(workers),
                                                     "--out", str(out), "-q"]))
            verdicts[runs[-1].label] = local_verdicts(out)
            out.unlink()
        if "spark" not in args.skip:
            out = work / "spark"
            shutil.rmtree(out, ignore_errors=True)
            runs.append(run(f"spark {args.master}", [HANGUP, "scan", "--engine", "spark", str(corpus), "--master",
                                                     args.master, "--out", str(out), "-q"]))
            if out.is_dir():
                verdicts[runs[-1].label] = spark_verdicts(out)
        print(f"{'run':<18} {'seconds':>8} {'docs/s':>8} {'speed-up':>8} {'peak PSS':>10} {'peak RSS':>10}  exit")
        base = runs[0].seconds if runs else 1.0
        for r in runs:
            print(f"{r.label:<18} {r.seconds:8.1f} {args.n / r.seconds:8.0f} {base / r.seconds:7.2f}x "
                  f"{r.peak_pss_mb:8.0f} MB {r.peak_rss_mb:8.0f} MB  {r.code}")
        labels = list(verdicts)
        same = True
        for other in labels[1:]:
            diff = differences(verdicts[labels[0]], verdicts[other])
            counts = len(verdicts[other])
            print(f"verdicts {other} vs {labels[0]}: {counts} documents, {diff} differ")
            same = same and diff == 0 and counts == args.n
        flagged = sum(1 for v, _ in verdicts[labels[0]].values() if v in ("scam", "suspicious")) if labels else 0
        print(f"flagged: {flagged} of {args.n}; load average now {os.getloadavg()[0]:.1f}")
        if not same:
            sys.exit(1)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
