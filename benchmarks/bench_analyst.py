"""Analyst workspace benchmark: campaign linking, statistics and search over many reports, on SQLite
and PostgreSQL.

Usage: python benchmarks/bench_analyst.py [--n 100000] [--no-pg] [--repeat 3]

Reports are inserted in bulk (SQLAlchemy Core, batches of 5,000), not through the engine: about a
third belong to campaigns of 2 to 40 reports sharing a phone number and/or a remote-access ID
(written ``anydesk:NNN`` or just the digits), the rest have their own numbers; a fifth name
microsoft.com, which must not link them. Each report has a brand, a tool, 1-3 tactics, an area, an
age band, a message (indexed for full-text search) and for some a loss. Timed: linking (SQL grouping
and union-find, :func:`hangup.cases.linking.find_campaigns`), statistics for the whole year and for
one area (:func:`hangup.cases.stats.compute`), a full-text search and an indicator search (first
page with its count). Each is the best of ``--repeat`` runs. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hangup.cases.linking import find_campaigns  # noqa: E402
from hangup.cases.linkrules import load_rules  # noqa: E402
from hangup.cases.models import IndicatorRow, Report, ReportTactic  # noqa: E402
from hangup.cases.search import ReportFilter, find_reports  # noqa: E402
from hangup.cases.stats import StatsQuery, compute  # noqa: E402
from hangup.cases.store import CaseStore  # noqa: E402
from hangup.config import Settings  # noqa: E402
from pg import running_postgres  # noqa: E402

BATCH = 5_000
START = datetime(2025, 6, 1, tzinfo=UTC)
AREAS = [f"{p}{n}" for p in ("SW", "SE", "N", "E", "W", "NW", "M", "B", "LS", "G") for n in range(1, 6)]
AGES = ["18_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_84", "85_plus", None]
CHANNELS = ["call", "call", "call", "email", "text", "popup"]
BRANDS = ["Microsoft", "Microsoft", "BT", "Apple", "Amazon", "Norton", "PayPal"]
TACTICS = [("impersonation", "Pretends to be a company"), ("remote_access", "Asks for remote access"),
           ("fake_problem", "Says something is wrong"), ("payment", "Asks for payment"),
           ("pressure", "Puts you under pressure"), ("secrecy", "Tells you to keep it secret")]
WORDS = ["computer", "virus", "hacked", "microsoft", "support", "refund", "anydesk", "install", "licence", "expired",
         "router", "bank", "account", "gift", "cards", "payment", "technician", "security", "warning", "urgent", "call",
         "back", "firewall"]


def _campaigns(n: int, rng: random.Random) -> list[int]:
    """The campaign of each report (-1: none): about a third of the reports, in campaigns of 2 to 40."""
    out = [-1] * n
    i, campaign = 0, 0
    while i < n:
        if rng.random() < 0.025:  # a campaign starts here: 0.025 * 21 / (0.025 * 21 + 0.975) ~ 35 %
            size = min(rng.randint(2, 40), n - i)
            out[i:i + size] = [campaign] * size
            campaign += 1
            i += size
        else:
            i += 1
    order = list(range(n))
    rng.shuffle(order)  # campaign reports arrive spread over the year, not together
    return [out[j] for j in order]


def _rows(n: int, seed: int = 7) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]]:
    rng = random.Random(seed)
    campaigns = _campaigns(n, rng)
    for i in range(n):
        rid = i + 1
        c = campaigns[i]
        created = START + timedelta(seconds=int(365 * 86400 * i / n))
        lost = rng.random() < 0.3
        report = {
            "id": rid, "reference": f"HU-2026-{rid:08d}", "secret_hash": "0" * 64, "request_hash": "0" * 64,
            "status": "new", "via": "api", "channel": rng.choice(CHANNELS), "phone_numbers": [], "emails": [],
            "websites": [], "remote_access_given": rng.random() < 0.4, "money_lost": lost,
            "amount_minor": rng.randint(1_000, 500_000) if lost and rng.random() < 0.9 else None,
            "currency": "GBP" if lost else None, "tactics": [], "age_band": rng.choice(AGES),
            "area": rng.choice(AREAS), "claimed_organisation": rng.choice(BRANDS),
            "message_text": " ".join(rng.choice(WORDS) for _ in range(40)), "created_at": created,
            "updated_at": created, "contacted_at": created - timedelta(hours=rng.randint(1, 72)),
            "verdict": "scam", "score": 0.9,
        }
        phone = f"+4480010{c:05d}" if c >= 0 and rng.random() < 0.8 else f"+447{rid:09d}"
        remote = 100_000_000 + (c if c >= 0 and rng.random() < 0.6 else 1_000_000 + rid)
        remote_id = f"anydesk:{remote}" if rng.random() < 0.5 else str(remote)  # both spellings
        indicators = [("phone", phone), ("remote_access_id", remote_id), ("brand", report["claimed_organisation"]),
                      ("remote_access_tool", "AnyDesk")]
        if rng.random() < 0.2:
            indicators.append(("domain", "microsoft.com"))
        if rng.random() < 0.3:
            indicators.append(("email", f"desk{c if c >= 0 else 'x' + str(rid)}@gmail.com"))
        inds = [{"report_id": rid, "type": t, "normalized": v, "value": v, "source": "reporter", "created_at": created}
                for t, v in indicators]
        tactics = [{"report_id": rid, "tactic": t, "name": name, "score": 0.8}
                   for t, name in rng.sample(TACTICS, rng.randint(1, 3))]
        yield report, inds, tactics


def seed(store: CaseStore, n: int) -> float:
    """Insert ``n`` reports in bulk; seconds taken."""
    started = time.perf_counter()
    reports: list[dict[str, Any]] = []
    indicators: list[dict[str, Any]] = []
    tactics: list[dict[str, Any]] = []

    def flush() -> None:
        with store.db.execution_options(hangup_write=True).begin() as conn:
            conn.execute(insert(Report.__table__), reports)
            conn.execute(insert(IndicatorRow.__table__), indicators)
            conn.execute(insert(ReportTactic.__table__), tactics)
        reports.clear()
        indicators.clear()
        tactics.clear()

    for report, inds, tacs in _rows(n):
        reports.append(report)
        indicators.extend(inds)
        tactics.extend(tacs)
        if len(reports) >= BATCH:
            flush()
    if reports:
        flush()
    if store.db.dialect.name == "postgresql":
        with store.db.begin() as conn:
            conn.exec_driver_sql("SELECT setval('reports_id_seq', (SELECT max(id) FROM reports))")
            conn.exec_driver_sql("ANALYZE")
    else:
        with store.db.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - started


def best(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def bench(label: str, url: str, n: int, repeat: int, data_dir: Path) -> None:
    settings = Settings(data_dir=data_dir)
    rules = load_rules(settings)
    with CaseStore(url, settings=settings) as store:
        store.migrate()
        seconds = seed(store, n)
        print(f"{label:<10} seeded {n:,} reports in {seconds:.1f} s ({n / seconds:,.0f} reports/s, bulk insert)")

        def link() -> Any:
            with store.session() as session:
                return find_campaigns(session, rules)

        took, result = best(repeat, link)
        linked = len(result.by_report)
        print(f"{label:<10} linking:          {took:6.2f} s  ({len(result.campaigns):,} campaigns, {linked:,} linked "
              f"reports, {len(result.unlinked)} shared indicators not linked)")
        for name, query in (("stats (a year)", StatsQuery(date(2025, 6, 1))),
                            ("stats (one area)", StatsQuery(date(2025, 6, 1), area="SW1"))):
            def stats(query: StatsQuery = query) -> Any:
                with store.session() as session:
                    return compute(session, query, "GBP")

            took, figures = best(repeat, stats)
            print(f"{label:<10} {name + ':':<18}{took:6.2f} s  ({figures.reports:,} reports, "
                  f"{len(figures.tables)} tables)")
        for name, f in (("search (words)", ReportFilter(q="gift cards refund")),
                        ("search (an ID)", ReportFilter(q="AnyDesk 100000003"))):
            def search(f: ReportFilter = f) -> Any:
                with store.session() as session:
                    return find_reports(session, rules, f, page_size=50, region="GB")

            took, page = best(repeat, search)
            print(f"{label:<10} {name + ':':<18}{took:6.2f} s  ({page.total:,} matches, first page of 50)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="reports to seed (default 100,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timed step; the best is shown")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.n, args.repeat, Path(tmp))
        if not args.no_pg:
            with running_postgres() as server:
                bench("PostgreSQL", server.create_database("bench_analyst"), args.n, args.repeat, Path(tmp))


if __name__ == "__main__":
    main()
