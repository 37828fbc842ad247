"""Engine benchmark: throughput, latency, memory, cold start and scan scaling.

Usage: python benchmarks/bench_engine.py [--n 3000] [--data ../shared/data] [--no-scan] [--importtime]

Two corpora, each cut or padded to about 2 KB and about 20 KB a document:

* ``examples``: built from the examples folder (scam calls, warnings, helpdesk calls, emails,
  pop-ups), numbers varied so no two are equal. Scam-dense and digit-heavy: a worst case.
* ``realistic``: a mix from the development data in ``--data`` (default ``../shared/data`` when
  that folder exists): BothBosu dialogues, SGD chats, FTC robocall transcripts, SMS (several
  messages joined into one document) and SpamAssassin emails (raw ``.eml``, read with
  ``read_bytes``). Most of it is not a scam.

The engine first analyses ``--warmup`` other documents of the corpus (reported as "first docs"):
RE2 builds its automata lazily, so a fresh engine is slower on its first few hundred documents;
the figures after that are those of a scan or a server that has been running. Cold start (a new
``hangup check`` process) is measured on its own. Each document is timed from its text or bytes
to a Verdict (``read_text``/``read_bytes`` then
``Engine.analyse``), on one core. Prints figures; it asserts nothing (targets are in the README).
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents import Document, read_bytes, read_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
DEFAULT_DATA = ROOT.parent / "shared" / "data"
COLD_TEXT = "Your computer has a virus, install AnyDesk"
COLD_TEXT_REAL = (
    "Microsoft Support: your computer is infected. Do not turn it off. Call 0800 123 4567 now "
    "and go to www.anydesk.com so our technician can fix it. A fee of $299 applies."
)

Doc = str | bytes  # text for read_text, raw email for read_bytes


def make_docs(size: int, n: int, seed: int = 7) -> list[str]:
    """Scam-dense documents from the examples folder, digits randomised."""
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


# --- the realistic mix -------------------------------------------------------------------------


def _csv_column(path: Path, column: str) -> list[str]:
    if not path.is_file():
        return []
    csv.field_size_limit(50_000_000)
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        return [row[column] for row in csv.DictReader(fh) if (row.get(column) or "").strip()]


def _jsonl_field(path: Path, field: str) -> list[str]:
    if not path.is_file():
        return []
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            value = json.loads(line).get(field) if line.strip() else None
            if isinstance(value, str) and value.strip():
                out.append(value)
    return out


def _emails(path: Path) -> list[bytes]:
    if not path.is_file():
        return []
    out = []
    with tarfile.open(path) as tf:
        for member in tf.getmembers():
            handle = tf.extractfile(member) if member.isfile() else None
            if handle is not None:
                out.append(handle.read())
    return out


def load_sources(data: Path) -> dict[str, list[Doc]]:
    """Source name -> its messages (empty sources left out)."""
    sms = [text for name in ("uci_sms_spam_collection", "mendeley_sms_phishing", "smishtank")
           for text in _csv_column(data / "sms" / f"{name}.csv", "text")]
    sources: dict[str, list[Doc]] = {
        "bothbosu": [*_csv_column(data / "dialogues" / "bothbosu_single_agent.csv", "dialogue"),
                     *_csv_column(data / "dialogues" / "bothbosu_multi_agent.csv", "dialogue")],
        "sgd": list(_jsonl_field(data / "dialogues" / "sgd_banks_payment.jsonl", "text")),
        "ftc": list(_csv_column(data / "calls" / "ftc_robocalls_dev.csv", "transcript")),
        "sms": list(sms),
        "email": list(_emails(data / "email" / "spamassassin_easy_ham_1_spam_1.tar.gz")),
    }
    return {name: items for name, items in sources.items() if items}


def _cut_bytes(data: bytes, size: int) -> bytes:
    """``data`` cut to about ``size`` bytes at a line end."""
    if len(data) <= size:
        return data
    cut = data.rfind(b"\n", 0, size)
    return data[: cut if cut > size // 2 else size]


def _text_doc(pool: list[str], size: int, rng: random.Random) -> str:
    """Messages of one source joined (a blank line between) to about ``size`` characters."""
    parts: list[str] = []
    length = 0
    while length < size:
        part = pool[rng.randrange(len(pool))]
        parts.append(part)
        length += len(part) + 2
    return "\n\n".join(parts)[:size]


def realistic_docs(sources: dict[str, list[Doc]], size: int, n: int, seed: int = 11) -> list[Doc]:
    """``n`` documents of about ``size``, taking the sources in turn."""
    rng = random.Random(seed)
    names = sorted(sources)
    emails = [e for e in sources.get("email", []) if isinstance(e, bytes) and len(e) >= size // 2]
    docs: list[Doc] = []
    for i in range(n):
        name = names[i % len(names)]
        if name == "email":
            if emails:
                docs.append(_cut_bytes(emails[rng.randrange(len(emails))], size))
            continue
        pool = [t for t in sources[name] if isinstance(t, str)]
        docs.append(_text_doc(pool, size, rng))
    return docs


# --- timing ------------------------------------------------------------------------------------


def _read(doc: Doc) -> list[Document]:
    if isinstance(doc, bytes):
        return read_bytes(doc)
    return [read_text(doc, kind="auto")]


WARMUP = 1000  # documents analysed before timing: RE2 builds its automata lazily, as a long-running scan warms up
CLOCK = time.perf_counter  # --clock cpu: time.thread_time, for a machine busy with other work


def latencies(engine: Engine, docs: list[Doc]) -> list[float]:
    out = []
    gc.collect()
    clock = CLOCK
    for doc in docs:
        start = clock()
        for read in _read(doc):
            engine.analyse(read)
        out.append(clock() - start)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(label: str, lat: list[float]) -> None:
    print(f"  {label:<12} {len(lat) / sum(lat):7.0f} docs/s on one core, p50 {pct(lat, 0.5) * 1e3:6.2f} ms, "
          f"p99 {pct(lat, 0.99) * 1e3:6.2f} ms, max {max(lat) * 1e3:6.2f} ms")


def _hangup() -> str:
    return str(Path(sys.executable).with_name("hangup"))


def _timed(cmd: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def cold_start(runs: int = 7) -> None:
    """`hangup check` as a new process, and how much of it is Python and the imports."""
    python = sys.executable
    rows = [
        ("python -c pass", [python, "-c", "pass"]),
        ("import hangup.cli.check", [python, "-c", "import hangup.cli.check"]),
        ("check --text (short)", [_hangup(), "check", "--json", "--text", COLD_TEXT]),
        ("check --text (phone, url)", [_hangup(), "check", "--json", "--text", COLD_TEXT_REAL]),
    ]
    print(f"cold start (median / best of {runs}):")
    for label, cmd in rows:
        median, best = _timed(cmd, runs)
        print(f"  {label:<26} {median:5.2f} s / {best:5.2f} s")


def import_profile(top: int = 15) -> None:
    """The slowest imports of ``hangup.cli`` (python -X importtime, cumulative)."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", "import hangup.cli.check"],
                         capture_output=True, text=True, check=False)
    rows = []
    for line in run.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|", 2)
        try:
            rows.append((int(cumulative), name.rstrip()))
        except ValueError:
            continue
    print(f"slowest imports of hangup.cli (cumulative, -X importtime, top {top}):")
    for micros, name in sorted(rows, reverse=True)[:top]:
        print(f"  {micros / 1000:7.1f} ms {name}")


def scan_rate(workers: int, path: Path, n: int) -> float:
    start = time.perf_counter()
    subprocess.run([_hangup(), "scan", str(path), "--workers", str(workers), "--quiet", "--out", os.devnull],
                   check=False)
    return n / (time.perf_counter() - start)


def corpora(n: int, data: Path | None) -> Iterator[tuple[str, list[Doc], list[Doc]]]:
    """Per corpus: its name, ``WARMUP`` + ``n`` documents of ~2 KB, a tenth of ``n`` documents of ~20 KB."""
    yield ("examples (scam-dense, worst case)", list(make_docs(2048, n + WARMUP)),
           list(make_docs(20480, max(50, n // 10))))
    if data is None:
        return
    sources = load_sources(data)
    if not sources:
        print(f"(no data found in {data}; the realistic corpus is skipped)")
        return
    small = realistic_docs(sources, 2048, n + WARMUP)
    large = realistic_docs(sources, 20480, max(50, n // 10))
    yield (f"realistic ({', '.join(sorted(sources))})", small, large)


def main() -> None:
    global CLOCK, WARMUP  # noqa: PLW0603 - set once from the command line
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3000, help="documents of ~2 KB (a tenth as many of ~20 KB)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA if DEFAULT_DATA.is_dir() else None,
                    help="development data folder for the realistic corpus (default: ../shared/data if present)")
    ap.add_argument("--no-scan", action="store_true", help="skip the scan scaling runs")
    ap.add_argument("--importtime", action="store_true", help="also list the slowest imports")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="time documents by the wall clock (default) or by this thread's CPU time")
    ap.add_argument("--warmup", type=int, default=WARMUP,
                    help=f"documents analysed (and reported as 'first docs') before timing (default {WARMUP})")
    args = ap.parse_args()
    CLOCK = time.thread_time if args.clock == "cpu" else time.perf_counter
    engine = Engine(Settings())
    WARMUP = args.warmup
    model = engine.model
    where = "in C" if model is not None and model.use_native else "in Python (C module not built)"
    print("model: off" if model is None else f"model: hashed features {where}")
    for name, docs, large in corpora(args.n, args.data):
        warm, small = docs[:WARMUP], docs[WARMUP:]
        first = latencies(engine, warm)
        print(f"corpus {name}:")
        if warm:
            report("first docs", first)
        report("~2 KB docs", latencies(engine, small))
        report("~20 KB docs", latencies(engine, large))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak_mb:.0f} MB; documents timed by {args.clock} clock")
    cold_start()
    if args.importtime:
        import_profile()
    if args.no_scan:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.jsonl"
        small = make_docs(2048, args.n)
        scan_docs = small * max(1, 12000 // len(small))
        with path.open("w", encoding="utf-8") as fh:
            for i, text in enumerate(scan_docs):
                fh.write(json.dumps({"id": str(i), "text": text}) + "\n")
        one = scan_rate(1, path, len(scan_docs))
        two = scan_rate(2, path, len(scan_docs))
        print(f"scan of {len(scan_docs)} examples docs: --workers 1 {one:.0f} docs/s, --workers 2 {two:.0f} docs/s "
              f"(x{two / one:.2f})")


if __name__ == "__main__":
    main()
