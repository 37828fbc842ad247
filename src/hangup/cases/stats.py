"""Statistics over the reports filed in a period: how many, how many lost money, total and median
loss, and the same broken down by age band, area, tactic, contact channel, claimed brand, remote
access given, and week.

Reports are counted by the date they were filed (``created_at``, indexed), from ``since`` to
``until`` inclusive, optionally in one area (postcode district or county: the area starts with it).
Losses are in the main currency (``currency``, the jurisdiction's by default); reports that lost
money in another currency count as losing money and are reported as ``other_currency``, but are
not added to the totals. A report names several tactics and may name several brands, so those
tables add up to more than the number of reports.

The counting is SQL ``GROUP BY`` (one query per table); only the median needs the amounts.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from hangup.cases.models import IndicatorRow, Report, ReportTactic
from hangup.cases.schema import AGE_BANDS

CHANNEL_NAMES = {"call": "Phone call", "email": "Email", "text": "Text message", "popup": "Pop-up", "other": "Other"}
AGE_NAMES = {"under_18": "Under 18", "85_plus": "85 and over", "prefer_not_to_say": "Preferred not to say"} | {
    band: band.replace("_", " to ") for band in AGE_BANDS if band[0].isdigit() and band != "85_plus"
}
NOT_GIVEN = "Not given"
TABLE_IDS = ("age_band", "area", "tactic", "channel", "brand", "remote_access", "week")
MAX_AREAS = 20


@dataclass(frozen=True, slots=True)
class StatsQuery:
    """The period (filing dates, inclusive) and optional area the statistics cover."""

    since: date
    until: date | None = None
    area: str = ""

    def start(self) -> datetime:
        return datetime.combine(self.since, time.min, UTC)

    def end(self) -> datetime | None:
        return datetime.combine(self.until + timedelta(days=1), time.min, UTC) if self.until else None


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a table: a label, reports, how many lost money, and their loss (main currency, hundredths)."""

    key: str
    label: str
    reports: int
    money_lost: int
    loss_minor: int


@dataclass(frozen=True, slots=True)
class Table:
    """One breakdown (``id`` is stable: it names the CSV download)."""

    id: str
    title: str
    label_heading: str
    rows: list[Row]
    note: str = ""


@dataclass(slots=True)
class Stats:
    """The figures for one :class:`StatsQuery`."""

    query: StatsQuery
    currency: str
    reports: int = 0
    money_lost: int = 0
    total_loss_minor: int = 0
    median_loss_minor: int | None = None
    loss_amounts_known: int = 0
    other_currency: int = 0
    remote_access_given: int = 0
    tables: list[Table] = field(default_factory=list)

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)


def _where(query: StatsQuery) -> list[ColumnElement[bool]]:
    conditions = [Report.created_at >= query.start()]
    end = query.end()
    if end is not None:
        conditions.append(Report.created_at < end)
    if query.area.strip():
        conditions.append(func.upper(func.trim(Report.area)).like(f"{_like_escape(query.area.strip().upper())}%",
                                                                   escape="\\"))
    return conditions


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _measures(currency: str) -> list[Any]:
    lost = case((Report.money_lost, 1), else_=0)
    loss = case(((Report.money_lost & (Report.currency == currency)), func.coalesce(Report.amount_minor, 0)), else_=0)
    return [func.count().label("reports"), func.sum(lost).label("lost"), func.sum(loss).label("loss")]


def _grouped(session: Session, query: Select[Any]) -> list[tuple[Any, int, int, int]]:
    return [(r[0], int(r[1] or 0), int(r[2] or 0), int(r[3] or 0)) for r in session.execute(query)]


def _rows(found: Sequence[tuple[Any, int, int, int]], names: dict[str, str] | None = None) -> list[Row]:
    rows = [Row(str(k) if k is not None else "", (names or {}).get(str(k), str(k)) if k is not None else NOT_GIVEN,
                n, lost, loss) for k, n, lost, loss in found]
    return sorted(rows, key=lambda r: (-r.reports, r.label))


def _week_start(session: Session) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.date_trunc("week", func.timezone("UTC", Report.created_at)), "YYYY-MM-DD")
    return func.date(Report.created_at, "weekday 0", "-6 days")  # the Monday of the week (SQLite)


def _weeks(session: Session, query: StatsQuery, conditions: list[ColumnElement[bool]], currency: str) -> list[Row]:
    week = _week_start(session).label("week")
    found = {str(k): (n, lost, loss) for k, n, lost, loss in _grouped(
        session, select(week, *_measures(currency)).where(*conditions).group_by(week))}
    first = query.since - timedelta(days=query.since.weekday())
    last_day = query.until or max([date.fromisoformat(k) for k in found] + [datetime.now(UTC).date()])
    rows, day = [], first
    while day <= last_day:
        n, lost, loss = found.get(day.isoformat(), (0, 0, 0))
        rows.append(Row(day.isoformat(), f"Week of {day:%d %b %Y}", n, lost, loss))
        day += timedelta(days=7)
    return rows


def _areas(session: Session, conditions: list[ColumnElement[bool]], currency: str) -> tuple[list[Row], str]:
    area = func.upper(func.trim(Report.area)).label("area")
    rows = _rows(_grouped(session, select(area, *_measures(currency)).where(*conditions).group_by(area)))
    if len(rows) <= MAX_AREAS:
        return rows, ""
    rest = rows[MAX_AREAS:]
    other = Row("_other", f"{len(rest)} other areas", sum(r.reports for r in rest), sum(r.money_lost for r in rest),
                sum(r.loss_minor for r in rest))
    return [*rows[:MAX_AREAS], other], f"The {MAX_AREAS} areas with most reports, then the rest together."


def _by(session: Session, column: Any, conditions: list[ColumnElement[bool]], currency: str) -> list[
    tuple[Any, int, int, int]
]:
    return _grouped(session, select(column, *_measures(currency)).where(*conditions).group_by(column))


def compute(session: Session, query: StatsQuery, currency: str) -> Stats:
    """Every figure and table for ``query``; losses in ``currency`` (e.g. GBP)."""
    where = _where(query)
    stats = Stats(query, currency)
    totals = session.execute(select(*_measures(currency), func.sum(case((Report.remote_access_given, 1), else_=0)),
                                    func.sum(case((Report.money_lost & (Report.currency != currency), 1), else_=0)))
                             .where(*where)).one()
    stats.reports, stats.money_lost, stats.total_loss_minor = (int(v or 0) for v in totals[:3])
    stats.remote_access_given, stats.other_currency = int(totals[3] or 0), int(totals[4] or 0)
    amounts = sorted(int(a or 0) for a in session.scalars(
        select(Report.amount_minor).where(*where, Report.money_lost, Report.currency == currency,
                                          Report.amount_minor.is_not(None))))
    stats.loss_amounts_known = len(amounts)
    stats.median_loss_minor = round(statistics.median(amounts)) if amounts else None

    ages = {k: (n, lost, loss) for k, n, lost, loss in _by(session, Report.age_band, where, currency)}
    age_rows = [Row(b, AGE_NAMES.get(b, b), *ages[b]) for b in AGE_BANDS if b in ages]
    if None in ages:
        age_rows.append(Row("", NOT_GIVEN, *ages[None]))
    areas, area_note = _areas(session, where, currency)
    tactics = _grouped(session, select(ReportTactic.tactic, *_measures(currency)).join(
        Report, Report.id == ReportTactic.report_id).where(*where).group_by(ReportTactic.tactic))
    names = {str(k): str(v) for k, v in session.execute(
        select(ReportTactic.tactic, func.max(ReportTactic.name))
        .where(ReportTactic.tactic.in_([k for k, *_ in tactics])).group_by(ReportTactic.tactic))}
    brands = _grouped(session, select(IndicatorRow.normalized, *_measures(currency)).join(
        Report, Report.id == IndicatorRow.report_id).where(*where, IndicatorRow.type == "brand")
        .group_by(IndicatorRow.normalized))
    remote = {bool(k): (n, lost, loss) for k, n, lost, loss in _by(session, Report.remote_access_given, where,
                                                                     currency)}
    remote_rows = [Row(k, label, *remote[v]) for k, label, v in (("yes", "Remote access given", True),
                                                                 ("no", "No remote access", False)) if v in remote]
    stats.tables = [
        Table("age_band", "Reports by age band", "Age band", age_rows),
        Table("area", "Reports by area", "Area", areas, area_note),
        Table("tactic", "Reports by tactic", "Tactic", _rows(tactics, names),
              "A report usually shows several tactics, so this adds up to more than the number of reports."),
        Table("channel", "Reports by how people were contacted", "Contact", _rows(
            _by(session, Report.channel, where, currency), CHANNEL_NAMES)),
        Table("brand", "Reports by the brand the scammers claimed", "Brand", _rows(brands),
              "From the brands the reporters gave and those found in the messages; a report may name several."),
        Table("remote_access", "Reports by remote access given", "Remote access", remote_rows),
        Table("week", "Reports by week", "Week", _weeks(session, query, where, currency)),
    ]
    return stats

