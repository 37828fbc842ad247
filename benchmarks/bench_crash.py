"""Case store crash benchmark: reports/second over HTTP, then SIGKILL of `hangup serve`, restart, and checks.

Usage: python benchmarks/bench_crash.py [--reports 2000] [--threads 8] [--kill-after 0.5]
                                        [--backend sqlite|postgresql|both] [--database-url URL]

For each backend: starts `hangup serve --port 0` as a real process (rate limit off, its own data folder;
PostgreSQL is a throwaway server started as in the tests, tests/pg.py, unless --database-url names an
empty database), files reports from ``--threads`` threads with an Idempotency-Key each, SIGKILLs the
server once ``--kill-after`` of them were accepted, restarts it on the same database and checks: every
accepted report reads back whole with its secret, retries with the same key answer the same reference,
no report is stored twice. Prints reports/second held before the kill, reports lost and duplicates
(both must be 0); exits 1 if any were found.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "load"))

from crashload import serving, sqlalchemy_url, submit_until_killed, verify  # noqa: E402


@contextmanager
def database(backend: str, given_url: str) -> Iterator[str]:
    """Empty string for SQLite (the server's default file), else a PostgreSQL URL."""
    if backend == "sqlite":
        yield ""
    elif given_url:
        yield given_url
    else:
        from pg import running_postgres  # noqa: PLC0415

        with running_postgres() as server:
            yield server.create_database("crashbench")


def run_backend(backend: str, args: argparse.Namespace) -> bool:
    kill_after = max(1, int(args.reports * args.kill_after))
    run = f"{backend[:2]}{int(time.time())}"
    with tempfile.TemporaryDirectory(prefix="hangup-crash-") as folder, database(backend, args.database_url) as url:
        data_dir = Path(folder)
        with serving(data_dir, url, name="first") as first:
            result = submit_until_killed(first, run, reports=args.reports, threads=args.threads,
                                         kill_after=kill_after, kill_timeout_s=args.timeout)
        started = time.monotonic()
        with serving(data_dir, url, name="second") as second:
            restart_s = time.monotonic() - started
            found = verify(second, sqlalchemy_url(data_dir, url), run, result)
    lost = len(found.lost)
    duplicates = sum(count - 1 for count in found.duplicates.values())
    print(f"{backend:<11} threads={args.threads} accepted before kill={result.accepted_before_kill} "
          f"in {result.seconds_before_kill:.1f}s = {result.rate_before_kill:.1f} reports/s | "
          f"accepted in all={len(result.accepted)} in doubt at kill={len(result.in_doubt)} "
          f"refused={len(result.refused)} | restart {restart_s:.1f}s | rows={found.rows} | "
          f"lost={lost} duplicates={duplicates} retry mismatches={len(found.replay_mismatches)}")
    for problem in [*result.refused, *found.lost, *found.replay_mismatches, *found.duplicates][:20]:
        print(f"  problem: {problem}")
    expected_rows = len(result.accepted) + len(result.in_doubt)
    if found.rows != expected_rows:
        print(f"  problem: {found.rows} rows stored, expected {expected_rows}")
    return found.ok and not result.refused and found.rows == expected_rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000, help="Reports to submit at most (default 2000).")
    parser.add_argument("--threads", type=int, default=8, help="Client threads (default 8).")
    parser.add_argument("--kill-after", type=float, default=0.5,
                        help="SIGKILL the server once this share of --reports was accepted (default 0.5).")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--database-url", default="",
                        help="An empty PostgreSQL database (postgresql+psycopg://...); default: a throwaway server.")
    parser.add_argument("--timeout", type=float, default=600.0, help="Longest wait for the kill point, seconds.")
    args = parser.parse_args(argv)
    if args.reports < 2 or args.threads < 1 or not 0 < args.kill_after < 1:
        parser.error("need --reports >= 2, --threads >= 1 and 0 < --kill-after < 1")
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    ok = [run_backend(backend, args) for backend in backends]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
