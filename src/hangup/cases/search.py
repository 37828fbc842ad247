"""Finding reports for analysts: full-text search, filters and pages.

Search words are matched with the database's own full-text index, so a search stays fast at
hundreds of thousands of reports: SQLite's FTS5 with porter stemming ("refunded" finds "refund"),
PostgreSQL's stored ``tsvector`` with the English configuration and a GIN index (migration 0002;
both kept in step with the reports by triggers). On a SQLite without FTS5 the words are matched with
LIKE instead (slower, the same answers bar stemming). Every word must be there.
A search that is a reference number finds that report; one that reads as an indicator (a phone
number, email address, website, remote-access ID, IBAN, wallet) also finds every report holding it,
however it was written.

Filters: filing dates (inclusive), area (starts with), contact channel, claimed brand, tactic,
money lost, remote access given, status, and one indicator. Newest reports first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, exists, func, inspect, or_, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import column as sql_column

from hangup.cases.linkdecisions import key_condition
from hangup.cases.linkrules import LinkRules
from hangup.cases.models import IndicatorRow, Report, ReportTactic
from hangup.cases.references import normalize_reference
from hangup.indicators import extract

MAX_TERMS = 20
MAX_QUERY_CHARS = 500
_WORD = re.compile(r"\w+", re.UNICODE)
_TEXT_COLUMNS = (Report.message_text, Report.suspicious_because, Report.claimed_organisation, Report.area)


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """What the analyst asked for. Empty fields do not filter."""

    q: str = ""
    since: date | None = None
    until: date | None = None
    area: str = ""
    channel: str = ""
    brand: str = ""
    tactic: str = ""
    money_lost: bool | None = None
    remote_access: bool | None = None
    status: str = ""
    indicator_type: str = ""
    indicator: str = ""
    page: int = 1

    def with_page(self, page: int) -> ReportFilter:
        return replace(self, page=page)


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One report in a list."""

    id: int
    reference: str
    created_at: datetime
    contacted_at: datetime | None
    channel: str
    claimed_organisation: str | None
    area: str | None
    age_band: str | None
    money_lost: bool
    amount_minor: int | None
    currency: str | None
    remote_access_given: bool
    verdict: str | None
    score: float | None
    status: str


@dataclass(slots=True)
class ReportPage:
    """One page of matching reports, and how many match in all."""

    lines: list[ReportLine]
    total: int
    page: int
    page_size: int
    notes: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _like(text_: str) -> str:
    return "%" + text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def has_fts(session: Session) -> bool:
    """True when this database has the full-text index of migration 0002."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        return True
    return bool(inspect(session.connection()).has_table("reports_fts"))


def _text_match(session: Session, words: list[str]) -> ColumnElement[bool]:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        matched = text("SELECT report_id FROM reports_search WHERE document @@ plainto_tsquery('english', "
                       ":search_words)").bindparams(search_words=" ".join(words))
        return Report.id.in_(matched.columns(sql_column("report_id", Integer)))
    if has_fts(session):
        phrase = " ".join(f'"{w}"' for w in words)
        matched = text("SELECT rowid FROM reports_fts WHERE reports_fts MATCH :search_words").bindparams(
            search_words=phrase)
        return Report.id.in_(matched.columns(sql_column("rowid", Integer)))
    return _all_words_like(words)


def _all_words_like(words: list[str]) -> ColumnElement[bool]:
    conditions = [or_(*[func.lower(func.coalesce(c, "")).like(_like(w.lower()), escape="\\") for c in _TEXT_COLUMNS])
                  for w in words]
    out = conditions[0]
    for c in conditions[1:]:
        out = out & c
    return out


def _search(session: Session, rules: LinkRules, q: str, region: str) -> tuple[ColumnElement[bool], list[str]]:
    q = q.strip()[:MAX_QUERY_CHARS]
    reference = normalize_reference(q)
    if reference is not None:
        return Report.reference == reference, [f"Reference {reference}"]
    conditions: list[ColumnElement[bool]] = []
    notes = []
    found = [i for i in extract(q, region=region) if rules.key(i.type, i.normalized) is not None]
    for ind in found:
        key = rules.key(ind.type, ind.normalized)
        if key is not None:
            conditions.append(Report.id.in_(select(IndicatorRow.report_id).where(key_condition(ind.type, key))))
            notes.append(f"Reports holding {ind.type.replace('_', ' ')} {ind.normalized}")
    words = _WORD.findall(q)[:MAX_TERMS]
    if words:
        conditions.append(_text_match(session, words))
        notes.append("Reports containing " + " and ".join(f"“{w}”" for w in words))
    if not conditions:
        return Report.id.is_not(None), []
    return or_(*conditions), notes


def _filters(session: Session, rules: LinkRules, f: ReportFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if f.since:
        out.append(Report.created_at >= datetime.combine(f.since, time.min, UTC))
    if f.until:
        out.append(Report.created_at < datetime.combine(f.until + timedelta(days=1), time.min, UTC))
    if f.area.strip():
        area = f.area.strip().upper()
        out.append(func.upper(func.trim(Report.area)).like(_like(area)[1:], escape="\\"))
    for column, value in ((Report.channel, f.channel), (Report.status, f.status)):
        if value:
            out.append(column == value)
    if f.money_lost is not None:
        out.append(Report.money_lost.is_(f.money_lost))
    if f.remote_access is not None:
        out.append(Report.remote_access_given.is_(f.remote_access))
    if f.brand:
        out.append(exists().where(IndicatorRow.report_id == Report.id, IndicatorRow.type == "brand",
                                  IndicatorRow.normalized == f.brand))
    if f.tactic:
        out.append(exists().where(ReportTactic.report_id == Report.id, ReportTactic.tactic == f.tactic))
    if f.indicator_type and f.indicator:
        key = rules.key(f.indicator_type, f.indicator)
        if key is not None:
            out.append(Report.id.in_(select(IndicatorRow.report_id).where(key_condition(f.indicator_type, key))))
        else:
            out.append(exists().where(IndicatorRow.report_id == Report.id, IndicatorRow.type == f.indicator_type,
                                      IndicatorRow.normalized == f.indicator))
    return out


def _columns() -> Any:
    r = Report
    return select(r.id, r.reference, r.created_at, r.contacted_at, r.channel, r.claimed_organisation, r.area,
                  r.age_band, r.money_lost, r.amount_minor, r.currency, r.remote_access_given, r.verdict, r.score,
                  r.status)


def find_reports(session: Session, rules: LinkRules, f: ReportFilter, *, page_size: int, region: str) -> ReportPage:
    """The page ``f.page`` of the reports matching ``f``, newest first."""
    conditions = _filters(session, rules, f)
    notes: list[str] = []
    if f.q.strip():
        matched, notes = _search(session, rules, f.q, region)
        conditions.append(matched)
    total = int(session.scalar(select(func.count(Report.id)).where(*conditions)) or 0)
    page = max(1, min(f.page, max(1, -(-total // page_size))))
    rows = session.execute(
        _columns().where(*conditions).order_by(Report.created_at.desc(), Report.id.desc())
        .limit(page_size).offset((page - 1) * page_size)
    )
    lines = [ReportLine(*row) for row in rows]
    return ReportPage(lines, total, page, page_size, notes)


def filter_choices(session: Session) -> dict[str, list[tuple[str, str]]]:
    """The tactics and brands present in the store, for the filter form: (value, label)."""
    tactics = session.execute(
        select(ReportTactic.tactic, func.max(ReportTactic.name)).group_by(ReportTactic.tactic).order_by(
            func.max(ReportTactic.name))
    ).all()
    brands = session.scalars(
        select(IndicatorRow.normalized).where(IndicatorRow.type == "brand").group_by(IndicatorRow.normalized)
        .order_by(IndicatorRow.normalized)
    ).all()
    return {"tactic": [(str(t), str(n)) for t, n in tactics], "brand": [(str(b), str(b)) for b in brands]}
