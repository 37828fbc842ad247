"""Web app benchmark: checks/second and reports/second over HTTP, on SQLite and on PostgreSQL.

Usage: python benchmarks/bench_web.py [--checks 300] [--reports 150] [--clients 4] [--no-pg]

Starts `hangup serve --port 0` as a real process (rate limit off, its own data folder; PostgreSQL is a
throwaway server started as in the tests, tests/pg.py), then sends requests from ``--clients`` threads
over keep-alive connections to 127.0.0.1: POST /api/v1/check with a scam call transcript, and
POST /api/v1/reports with a full report (engine included). Prints figures; asserts nothing but success.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pg import running_postgres  # noqa: E402

SCAM = (ROOT / "examples" / "scam-call-microsoft.txt").read_text(encoding="utf-8")
START_TIMEOUT_S = 120


@contextmanager
def serving(data_dir: Path, database_url: str = "") -> Iterator[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANGUP_")}
    env.update(HANGUP_CONFIG=str(data_dir / "none.toml"), HANGUP_DATA_DIR=str(data_dir), HANGUP_WEB_RATE_LIMIT="0",
               HANGUP_DATABASE_URL=database_url)
    proc = subprocess.Popen([str(Path(sys.executable).with_name("hangup")), "serve", "--port", "0"], env=env,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        if not match:
            raise SystemExit(f"hangup serve did not start: {line}")
        base = match.group(1)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}/api/v1/health", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def _rate(base: str, n: int, clients: int, send: Callable[[httpx.Client, int], httpx.Response]) -> float:
    local = [httpx.Client(base_url=base, timeout=60) for _ in range(clients)]
    try:
        send(local[0], -1)  # warm up
        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            codes = list(pool.map(lambda i: send(local[i % clients], i).status_code, range(n)))
        elapsed = time.perf_counter() - start
    finally:
        for client in local:
            client.close()
    bad = [c for c in codes if c >= 400]
    if bad:
        raise SystemExit(f"{len(bad)} requests failed, e.g. status {bad[0]}")
    return n / elapsed


def _check(client: httpx.Client, i: int) -> httpx.Response:
    return client.post("/api/v1/check", json={"text": SCAM.replace("482 913 776", f"{100000000 + i}")})


def _report(client: httpx.Client, i: int) -> httpx.Response:
    report = {"channel": "call", "claimed_organisation": "Microsoft", "phone_numbers": [f"0800 100 {i % 10000:04d}"],
              "remote_access_given": True, "remote_access_tool": "AnyDesk", "remote_access_id": f"{100000000 + i}",
              "message_text": SCAM, "age_band": "75_84", "area": "SW1A"}
    return client.post("/api/v1/reports", json={"report": report,
                                                "contact": {"consent_to_contact": True, "email": f"r{i}@example.org"}})


def bench(label: str, base: str, checks: int, reports: int, clients: int) -> None:
    rate = _rate(base, checks, clients, _check)
    print(f"{label:<11} checks:  {rate:7.1f} /s  ({checks} requests, {clients} clients)")
    rate = _rate(base, reports, clients, _report)
    print(f"{label:<11} reports: {rate:7.1f} /s  ({reports} requests, {clients} clients)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=300)
    parser.add_argument("--reports", type=int, default=150)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args()
    print(f"hangup web benchmark on {os.cpu_count()} cores: one uvicorn process, {args.clients} client threads")
    with tempfile.TemporaryDirectory() as tmp, serving(Path(tmp)) as base:
        bench("sqlite", base, args.checks, args.reports, args.clients)
    if not args.no_pg:
        with running_postgres() as pg, tempfile.TemporaryDirectory() as tmp, \
                serving(Path(tmp), pg.create_database("bench_web")) as base:
            bench("postgresql", base, args.checks, args.reports, args.clients)


if __name__ == "__main__":
    main()
