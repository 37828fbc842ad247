"""Statistics against figures worked out by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from analystkit import seed

from hangup.cases.stats import Stats, StatsQuery, compute
from hangup.cases.store import CaseStore

REMOTE, PAY, IMPERSONATE = ("remote_access", "Asks for remote access"), ("payment", "Asks for payment"), \
    ("impersonation", "Pretends to be a company")


def _on(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, 12, 0, tzinfo=UTC)


@pytest.fixture
def seeded(store: CaseStore) -> CaseStore:
    seed(store, created_at=_on(2), age_band="75_84", area="SW1A", channel="call", tactics=[REMOTE, PAY],
         indicators=[("brand", "Microsoft")], remote_access_given=True, money_lost=True, amount_minor=10_000,
         currency="GBP")
    seed(store, created_at=_on(3), age_band="75_84", area="sw1a ", channel="email", tactics=[REMOTE],
         indicators=[("brand", "Microsoft"), ("brand", "BT")], money_lost=True, amount_minor=30_000, currency="GBP")
    seed(store, created_at=_on(10), age_band="65_74", area="Kent", channel="call", tactics=[IMPERSONATE],
         remote_access_given=True, money_lost=True, amount_minor=5_000, currency="GBP")
    seed(store, created_at=_on(11), channel="text", money_lost=True)  # lost money, amount not given
    seed(store, created_at=_on(12), age_band="85_plus", area="Kent", channel="popup", money_lost=True,
         amount_minor=20_000, currency="USD")  # another currency: not in the totals
    seed(store, created_at=_on(20, 2), area="SW1A", money_lost=True, amount_minor=99_999, currency="GBP")  # before
    seed(store, created_at=_on(20), age_band="under_18", area="SW1A", channel="call")
    return store


def _compute(store: CaseStore, query: StatsQuery) -> Stats:
    with store.session() as session:
        return compute(session, query, "GBP")


def _table(stats: Stats, table_id: str) -> list[tuple[str, int, int, int]]:
    table = stats.table(table_id)
    assert table is not None
    return [(r.label, r.reports, r.money_lost, r.loss_minor) for r in table.rows]


def test_figures_since_a_date(seeded: CaseStore) -> None:
    stats = _compute(seeded, StatsQuery(date(2026, 3, 2), date(2026, 3, 22)))
    assert (stats.reports, stats.money_lost, stats.total_loss_minor) == (6, 5, 45_000)
    assert stats.median_loss_minor == 10_000 and stats.loss_amounts_known == 3  # median of 50, 100, 300
    assert stats.other_currency == 1 and stats.remote_access_given == 2
    assert _table(stats, "age_band") == [("Under 18", 1, 0, 0), ("65 to 74", 1, 1, 5_000),
                                         ("75 to 84", 2, 2, 40_000), ("85 and over", 1, 1, 0),
                                         ("Not given", 1, 1, 0)]
    assert _table(stats, "area") == [("SW1A", 3, 2, 40_000), ("KENT", 2, 2, 5_000), ("Not given", 1, 1, 0)]
    assert _table(stats, "tactic") == [("Asks for remote access", 2, 2, 40_000),
                                       ("Asks for payment", 1, 1, 10_000),
                                       ("Pretends to be a company", 1, 1, 5_000)]
    assert _table(stats, "channel") == [("Phone call", 3, 2, 15_000), ("Email", 1, 1, 30_000),
                                        ("Pop-up", 1, 1, 0), ("Text message", 1, 1, 0)]
    assert _table(stats, "brand") == [("Microsoft", 2, 2, 40_000), ("BT", 1, 1, 30_000)]
    assert _table(stats, "remote_access") == [("Remote access given", 2, 2, 15_000),
                                              ("No remote access", 4, 3, 30_000)]
    assert _table(stats, "week") == [("Week of 02 Mar 2026", 2, 2, 40_000), ("Week of 09 Mar 2026", 3, 3, 5_000),
                                     ("Week of 16 Mar 2026", 1, 0, 0)]


def test_area_and_period_filters(seeded: CaseStore) -> None:
    sw1 = _compute(seeded, StatsQuery(date(2026, 3, 1), area=" sw1"))
    assert (sw1.reports, sw1.money_lost, sw1.total_loss_minor, sw1.median_loss_minor) == (3, 2, 40_000, 20_000)
    one_day = _compute(seeded, StatsQuery(date(2026, 3, 10), date(2026, 3, 10)))
    assert one_day.reports == 1 and one_day.total_loss_minor == 5_000
    assert _table(one_day, "week") == [("Week of 09 Mar 2026", 1, 1, 5_000)]
    nothing = _compute(seeded, StatsQuery(date(2030, 1, 1), date(2030, 1, 1)))
    assert (nothing.reports, nothing.median_loss_minor) == (0, None)
    assert _table(nothing, "area") == [] and len(_table(nothing, "week")) == 1


def test_many_areas_are_summed_after_the_top_twenty(store: CaseStore) -> None:
    for n in range(25):
        for _ in range(2 if n < 3 else 1):
            seed(store, created_at=_on(5), area=f"AREA{n:02d}")
    stats = _compute(store, StatsQuery(date(2026, 3, 1), date(2026, 3, 31)))
    rows = _table(stats, "area")
    assert len(rows) == 21 and rows[0][1] == 2 and rows[-1] == ("5 other areas", 5, 0, 0)
    assert sum(r[1] for r in rows) == 28
