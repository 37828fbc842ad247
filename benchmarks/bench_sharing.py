"""Sharing benchmark: building an export and writing each format, and drafting a bulletin, for N reports.

Usage: python benchmarks/bench_sharing.py [--n 20000] [--no-pg]

Reports are inserted straight into the tables (the engine is not the subject here): each has a
scam phone number from a pool of n/4 (so most are seen in several reports), an AnyDesk ID, a
website, a scam email address typed by the reporter, a victim's own email address found in the
text (to be withheld), contact details, a tactic and an area. Prints seconds per step; asserts
nothing. PostgreSQL is a throwaway server started as in the tests (tests/pg.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hangup.cases.bulletins import BulletinRequest, draft_bulletin, render  # noqa: E402
from hangup.cases.exports.formats import FORMATS, render_export  # noqa: E402
from hangup.cases.exports.selection import build_export, make_selection  # noqa: E402
from hangup.cases.models import Contact, IndicatorRow, Report, ReportTactic  # noqa: E402
from hangup.cases.store import CaseStore  # noqa: E402
from hangup.config import Settings  # noqa: E402
from pg import running_postgres  # noqa: E402

START = datetime(2026, 3, 1, tzinfo=UTC)


def _report(i: int, n: int) -> Report:
    phone = f"+4420794{i % max(1, n // 4):05d}"
    when = START + timedelta(minutes=7 * i)
    row = Report(
        reference=f"HU-2026-B{i:07d}", secret_hash="0" * 64, request_hash="0" * 64, status="new", via="api",
        channel="call", created_at=when, updated_at=when, contacted_at=when, phone_numbers=[phone],
        emails=[f"help{i % 50}@fix-desk-{i % 50}.com"], websites=[f"https://fix-desk-{i % 50}.com/pay"],
        remote_access_given=i % 3 == 0, money_lost=i % 4 == 0, amount_minor=19999 if i % 4 == 0 else None,
        currency="GBP" if i % 4 == 0 else None, area=f"ME{i % 20}", tactics=[
            {"id": "REMOTE_ACCESS", "name": "Asks for remote access to your computer", "score": 0.9}],
    )
    row.indicators = [
        IndicatorRow(type="phone", value=phone, normalized=phone, source="reporter"),
        IndicatorRow(type="remote_access_id", value=str(i), normalized=f"anydesk:{100000000 + i % 999}",
                     source="message"),
        IndicatorRow(type="email", value="x", normalized=f"help{i % 50}@fix-desk-{i % 50}.com", source="reporter"),
        IndicatorRow(type="domain", value="x", normalized=f"fix-desk-{i % 50}.com", source="reporter"),
        IndicatorRow(type="url", value="x", normalized=f"https://fix-desk-{i % 50}.com/pay", source="reporter"),
        IndicatorRow(type="email", value="x", normalized=f"victim{i}@example.net", source="message"),
        IndicatorRow(type="brand", value="Microsoft", normalized="Microsoft", source="reporter"),
    ]
    row.report_tactics = [ReportTactic(tactic="REMOTE_ACCESS", name="Asks for remote access to your computer",
                                       score=0.9)]
    row.contact = Contact(consent_to_contact=True, name=f"Person {i}", email=f"victim{i}@example.net",
                          phone=f"07700 9{i % 100000:05d}")
    return row


def _timed(label: str, func: object) -> object:
    start = time.perf_counter()
    result = func()  # type: ignore[operator]
    print(f"  {label:<28} {time.perf_counter() - start:7.2f} s")
    return result


def bench(label: str, url: str, n: int, data_dir: Path) -> None:
    settings = Settings(data_dir=data_dir, share_producer="Bench Police")
    with CaseStore(url, settings=settings) as store:
        store.migrate()
        start = time.perf_counter()
        with store.session(write=True) as session:
            session.add_all(_report(i, n) for i in range(n))
        print(f"{label}: {n} reports inserted in {time.perf_counter() - start:.1f} s")
        selection = make_selection(since=date(2026, 1, 1))
        data = _timed("build_export", lambda: build_export(store, selection, settings))
        print(f"  ({len(data.reports)} reports, {len(data.indicators)} indicators, "  # type: ignore[attr-defined]
              f"{data.withheld} withheld)")  # type: ignore[attr-defined]
        for fmt in FORMATS:
            _timed(f"render {fmt}", lambda fmt=fmt: render_export(data, fmt, settings))  # type: ignore[misc]
        record = _timed("draft_bulletin (area ME1)", lambda: draft_bulletin(
            store, BulletinRequest(area="ME1", since=date(2026, 1, 1)), by="bench"))
        _timed("render bulletin html", lambda: render(record.content, "html"))  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench("SQLite", f"sqlite:///{tmp}/cases.sqlite3", args.n, Path(tmp))
        if not args.no_pg:
            with running_postgres() as server:
                bench("PostgreSQL", server.create_database("bench_sharing"), args.n, Path(tmp))


if __name__ == "__main__":
    main()
