"""Case store benchmark: reports/second through CaseStore (engine included), on SQLite and PostgreSQL.

Usage: python benchmarks/bench_cases.py [--n 200] [--threads 4] [--no-pg]

Each report carries a scam call transcript (analysed by the engine), reporter-typed indicators,
contact details and one .eml attachment (also analysed). Figures: reports/second filing them from
``--threads`` threads, and reads/second of ``get_for_reporter``. PostgreSQL is a throwaway server
started as in the tests (tests/pg.py). Prints figures; asserts nothing. HTTP figures are the web
app's benchmark.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "cases"))

from casedata import SCAM_CALL, SCAM_EMAIL  # noqa: E402

from hangup.cases.schema import AttachmentIn, ContactIn, ReportIn  # noqa: E402
from hangup.cases.store import CaseStore  # noqa: E402
from hangup.config import Settings  # noqa: E402
from hangup.detect.engine import Engine  # noqa: E402
from pg import running_postgres  # noqa: E402


def _report(i: int) -> tuple[ReportIn, ContactIn, list[AttachmentIn]]:
    report = ReportIn(channel="call", phone_numbers=[f"0800 100 {i % 10000:04d}"], claimed_organisation="Microsoft",
                      remote_access_tool="AnyDesk", remote_access_id=f"{100000000 + i}",
                      message_text=SCAM_CALL.replace("123 456 789", f"{100000000 + i}"))
    contact = ContactIn(consent_to_contact=True, email=f"r{i}@example.org")
    return report, contact, [AttachmentIn(filename="mail.eml", data=SCAM_EMAIL)]


def bench(label: str, url: str, n: int, threads: int, engine: Engine, data_dir: Path) -> None:
    with CaseStore(url, settings=Settings(data_dir=data_dir), engine=engine) as store:
        store.migrate()
        inputs = [_report(i) for i in range(n)]
        store.add_report(*_report(n + 1))  # warm up
        start = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            receipts = list(pool.map(lambda args: store.add_report(*args, via="api"), inputs))
        elapsed = time.perf_counter() - start
        print(f"{label:<11} add_report: {n / elapsed:7.1f} reports/s ({threads} threads, {n} reports, "
              f"{elapsed:.1f} s)")
        start = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            views = list(pool.map(lambda r: store.get_for_reporter(r.reference, r.secret), receipts))
        elapsed = time.perf_counter() - start
        assert all(v is not None for v in views)
        print(f"{label:<11} get_for_reporter: {n / elapsed:7.1f} reads/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    engine = Engine(Settings())
    with tempfile.TemporaryDirectory() as tmp:
        bench("sqlite", f"sqlite:///{tmp}/cases.sqlite3", args.n, args.threads, engine, Path(tmp))
        if not args.no_pg:
            with running_postgres() as server:
                bench("postgresql", server.create_database("bench"), args.n, args.threads, engine, Path(tmp))


if __name__ == "__main__":
    main()
