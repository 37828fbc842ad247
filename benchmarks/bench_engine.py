"""Engine benchmark: throughput, latency, memory, cold start and scan scaling.

Usage: python benchmarks/bench_engine.py [--n 3000]
Documents are built from the examples folder (scam calls, warnings, helpdesk calls, emails,
pop-ups), padded or cut to about 2 KB and about 20 KB, with numbers varied so no two are equal.
Prints figures; it asserts nothing (targets are in the README).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents import read_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))


def make_docs(size: int, n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    bases = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    docs = []
    for i in range(n):
        base = bases[i % len(bases)]
        text = base
        while len(text) < size:
            text += "\n" + bases[rng.randrange(len(bases))]
        text = text[:size]
        text = "".join(str(rng.randrange(10)) if ch.isdigit() else ch for ch in text)
        docs.append(text)
    return docs


def latencies(engine: Engine, docs: list[str]) -> list[float]:
    out = []
    for text in docs:
        start = time.perf_counter()
        engine.analyse(read_text(text, kind="auto"))
        out.append(time.perf_counter() - start)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cold_start(runs: int = 5) -> float:
    hangup = str(Path(sys.executable).with_name("hangup"))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([hangup, "check", "--json", "--text", "Your computer has a virus, install AnyDesk"],
                       capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def scan_rate(workers: int, path: Path, n: int) -> float:
    hangup = str(Path(sys.executable).with_name("hangup"))
    start = time.perf_counter()
    subprocess.run([hangup, "scan", str(path), "--workers", str(workers), "--quiet", "--out", "/dev/null"],
                   check=False)
    return n / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=3000, help="documents of ~2 KB (a tenth as many of ~20 KB)")
    args = ap.parse_args()
    engine = Engine(Settings())
    small, large = make_docs(2048, args.n), make_docs(20480, max(50, args.n // 10))
    latencies(engine, small[:100])  # warm up
    lat_small = latencies(engine, small)
    lat_large = latencies(engine, large)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"~2 KB docs:  {len(small) / sum(lat_small):8.0f} docs/s on one core, "
          f"p50 {pct(lat_small, 0.5) * 1e3:.2f} ms, p99 {pct(lat_small, 0.99) * 1e3:.2f} ms")
    print(f"~20 KB docs: {len(large) / sum(lat_large):8.0f} docs/s on one core, "
          f"p50 {pct(lat_large, 0.5) * 1e3:.2f} ms, p99 {pct(lat_large, 0.99) * 1e3:.2f} ms")
    print(f"peak memory (this process): {peak_mb:.0f} MB")
    print(f"cold start (hangup check --text, median of 5): {cold_start():.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.jsonl"
        scan_docs = small * max(1, 12000 // len(small))
        with path.open("w", encoding="utf-8") as fh:
            for i, text in enumerate(scan_docs):
                fh.write(json.dumps({"id": str(i), "text": text}) + "\n")
        one = scan_rate(1, path, len(scan_docs))
        two = scan_rate(2, path, len(scan_docs))
        print(f"scan of {len(scan_docs)} docs: --workers 1 {one:.0f} docs/s, --workers 2 {two:.0f} docs/s "
              f"(x{two / one:.2f})")


if __name__ == "__main__":
    main()
