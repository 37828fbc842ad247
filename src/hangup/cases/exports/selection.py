"""Read the selected reports through the privacy rule into an :class:`ExportData`.

>>> data = build_export(store, Selection(since=datetime(2026, 5, 1, tzinfo=UTC)), settings)
>>> data = build_export(store, Selection(report_ids=(12, 15, 31)), settings)   # a campaign

Only the columns in :data:`~hangup.cases.exports.privacy.SHARED_COLUMNS` are read from ``reports``;
contact rows are read only to recognise (and withhold) the people's own details.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, Select, and_, case, func, select, true
from sqlalchemy.orm import Session

from hangup.cases.exports.model import (
    OBSERVABLE_TYPES,
    ExportData,
    Selection,
    SharedIndicator,
    SharedReport,
    TacticRef,
)
from hangup.cases.exports.privacy import FREE_TEXT_TYPES, MAY_BE_VICTIMS, Candidate, PersonalData, PrivacyRule
from hangup.cases.linkrules import LinkRules, load_rules
from hangup.cases.models import Contact, IndicatorRow, Report
from hangup.cases.references import normalize_reference
from hangup.cases.store import CaseStore
from hangup.config import Settings
from hangup.errors import ExportError

logger = logging.getLogger(__name__)

_S = TypeVar("_S", bound="Select[*tuple[Any, ...]]")

CHUNK = 900  # bound parameters per IN (...) list, well under every backend's limit
MAX_CAMPAIGN_REPORTS = 100_000
DEFAULT_PRODUCER = "hangup"
CENT = Decimal("0.01")

_FACTS = (
    Report.id, Report.reference, Report.status, Report.created_at, Report.contacted_at, Report.channel,
    Report.remote_access_given, Report.money_lost, Report.amount_minor, Report.currency, Report.payment_method,
    Report.verdict, Report.score, Report.category, Report.tactics,
)


def day_start(day: date | datetime) -> datetime:
    """A date as midnight UTC at its start; a datetime as UTC."""
    if isinstance(day, datetime):
        return day.replace(tzinfo=UTC) if day.tzinfo is None else day.astimezone(UTC)
    return datetime.combine(day, time(), tzinfo=UTC)


def make_selection(
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    report_ids: Iterable[int] | None = None,
) -> Selection:
    """A checked :class:`Selection`. A date ``until`` is inclusive (the whole day); a datetime is exclusive."""
    start = day_start(since) if since is not None else None
    end = None
    if until is not None:
        end = day_start(until) + (timedelta(days=1) if not isinstance(until, datetime) else timedelta())
    if start and end and end <= start:
        raise ExportError("the end of the period must be after its start")
    ids = None
    if report_ids is not None:
        ids = tuple(sorted(set(report_ids)))
        if not ids:
            raise ExportError("the campaign has no reports")
        if len(ids) > MAX_CAMPAIGN_REPORTS:
            raise ExportError(f"a campaign export is limited to {MAX_CAMPAIGN_REPORTS:,} reports")
    if start is None and end is None and ids is None:
        raise ExportError("choose a period (since/until) or a campaign's reports to export")
    return Selection(since=start, until=end, report_ids=ids)


def resolve_reports(store: CaseStore, tokens: Sequence[str]) -> list[int]:
    """Report ids from ids or references (``12`` or ``HU-2026-7K3M-Q9TX``); unknown ones raise :class:`ExportError`."""
    ids: set[int] = set()
    references: dict[str, str] = {}
    bad = []
    for token in (t.strip() for t in tokens):
        if not token:
            continue
        if token.isdigit():
            ids.add(int(token))
        elif (ref := normalize_reference(token)) is not None:
            references[ref] = token
        else:
            bad.append(token)
    found: set[int] = set()
    with store.session() as session:
        for chunk in _chunks(sorted(ids)):
            found.update(session.scalars(select(Report.id).where(Report.id.in_(chunk))))
        for chunk in _chunks(sorted(references)):
            for rid, ref in session.execute(select(Report.id, Report.reference).where(Report.reference.in_(chunk))):
                ids.add(rid)
                found.add(rid)
                references.pop(ref, None)
    bad += [str(i) for i in sorted(ids - found)] + list(references.values())
    if bad:
        raise ExportError(f"no report has the id or reference {', '.join(bad[:10])}")
    return sorted(found)


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _period(selection: Selection) -> ColumnElement[bool]:
    conditions = []
    if selection.since is not None:
        conditions.append(Report.created_at >= selection.since)
    if selection.until is not None:
        conditions.append(Report.created_at < selection.until)
    return and_(true(), *conditions)


def _selected(selection: Selection, stmt: _S) -> Iterator[_S]:
    """``stmt`` (which reads from ``reports``) restricted to the selection, in as many statements as needed."""
    stmt = stmt.where(_period(selection))
    if selection.report_ids is None:
        yield stmt
        return
    for chunk in _chunks(selection.report_ids):
        yield stmt.where(Report.id.in_(chunk))


def _report_facts(session: Session, selection: Selection) -> list[Any]:
    rows: list[Any] = []
    for stmt in _selected(selection, select(*_FACTS)):
        rows.extend(session.execute(stmt).all())
    return sorted(rows, key=lambda r: r.id)


def _candidates(session: Session, selection: Selection) -> dict[int, list[Candidate]]:
    out: dict[int, list[Candidate]] = defaultdict(list)
    base = select(IndicatorRow.report_id, IndicatorRow.type, IndicatorRow.normalized, IndicatorRow.source).join(
        Report, Report.id == IndicatorRow.report_id
    )
    for stmt in _selected(selection, base):
        for rid, kind, normalized, source in session.execute(stmt.order_by(IndicatorRow.id)):
            out[rid].append(Candidate(rid, kind, normalized, source))
    return out


def _typed(session: Session, selection: Selection) -> dict[int, list[str]]:
    """The websites and email addresses each reporter typed (read to vouch for domains, never exported)."""
    out: dict[int, list[str]] = {}
    for stmt in _selected(selection, select(Report.id, Report.websites, Report.emails)):
        for rid, websites, emails in session.execute(stmt):
            out[rid] = [str(v) for v in [*(websites or []), *(emails or [])]]
    return out


def _corroboration(
    session: Session, candidates: Iterable[Candidate], min_reports: int
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Of the values found in text: those a reporter gave in some report, and those in enough reports."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for c in candidates:
        if c.type in FREE_TEXT_TYPES or (c.source != "reporter" and (c.type in MAY_BE_VICTIMS or c.type == "domain")):
            wanted[c.type].add(c.normalized)
    given: set[tuple[str, str]] = set()
    repeated: set[tuple[str, str]] = set()
    reporter = func.max(case((IndicatorRow.source == "reporter", 1), else_=0))
    for kind, values in wanted.items():
        for chunk in _chunks(sorted(values)):
            stmt = (
                select(IndicatorRow.normalized, func.count(func.distinct(IndicatorRow.report_id)), reporter)
                .where(IndicatorRow.type == kind, IndicatorRow.normalized.in_(chunk))
                .group_by(IndicatorRow.normalized)
            )
            for value, reports, by_reporter in session.execute(stmt):
                if by_reporter:
                    given.add((kind, value))
                if reports >= min_reports:
                    repeated.add((kind, value))
    return given, repeated


def _personal_data(session: Session) -> PersonalData:
    personal = PersonalData()
    stmt = select(Contact.report_id, Contact.name, Contact.email, Contact.phone)
    for rid, name, email, phone in session.execute(stmt):
        personal.add_contact(rid, name, email, phone)
    return personal


def identifying(rules: LinkRules, kind: str, value: str) -> bool:
    """Whether an observable identifies the criminals (not a genuine site, helpline, sort code or session code).

    Uses the linking rules (``cases/data/linking.yaml``): what cannot link reports into a campaign
    is not worth sharing as a scam indicator either, and sharing microsoft.com or a bank's helpline
    as "malicious" would get them blocked.
    """
    if kind not in OBSERVABLE_TYPES:
        return True
    key = rules.key(kind, value)
    if kind == "url":
        host = urlsplit(value).hostname or ""
        return not rules.is_common("url", key or host)
    return key is not None and not rules.is_common(kind, key)


def _shared_report(row: Any, kept: list[tuple[Candidate, str]]) -> SharedReport:
    by_type: dict[str, list[str]] = defaultdict(list)
    for item, value in kept:
        if value not in by_type[item.type]:
            by_type[item.type].append(value)
    tactics = tuple(TacticRef(str(t["id"]), str(t["name"])) for t in (row.tactics or []) if isinstance(t, dict))
    return SharedReport(
        id=row.id, reference=row.reference, status=row.status, reported_at=row.created_at,
        contacted_at=row.contacted_at, channel=row.channel, brands=tuple(by_type["brand"]),
        remote_access_given=bool(row.remote_access_given), remote_access_tools=tuple(by_type["remote_access_tool"]),
        money_lost=bool(row.money_lost),
        amount=(Decimal(row.amount_minor) / 100).quantize(CENT) if row.amount_minor is not None else None,
        currency=row.currency, payment_method=row.payment_method, verdict=row.verdict, score=row.score,
        category=row.category, tactics=tactics,
        indicators=tuple((kind, value) for kind, values in by_type.items() for value in values),
    )


def _aggregate(reports: list[SharedReport]) -> list[SharedIndicator]:
    seen: dict[tuple[str, str], list[SharedReport]] = defaultdict(list)
    for report in reports:
        for key in report.indicators:
            seen[key].append(report)
    out = []
    for (kind, value), hits in seen.items():
        times = [r.seen_at for r in hits]
        filed = [r.reported_at for r in hits]
        out.append(SharedIndicator(
            type=kind, value=value, first_seen=min(times), last_seen=max(times),
            report_ids=tuple(r.id for r in hits), references=tuple(r.reference for r in hits),
            first_reported=min(filed), last_reported=max(filed),
        ))
    return sorted(out, key=lambda i: (i.type, -i.report_count, i.value))


def build_export(store: CaseStore, selection: Selection, settings: Settings | None = None) -> ExportData:
    """The facts and shareable indicators of the selected reports (see :mod:`.privacy` for the rule)."""
    settings = settings or store.settings
    with store.session() as session:
        rows = _report_facts(session, selection)
        candidates = _candidates(session, selection)
        typed = _typed(session, selection)
        given, repeated = _corroboration(
            session, (c for items in candidates.values() for c in items), settings.share_corroborate_reports
        )
        personal = _personal_data(session)
    rule = PrivacyRule(personal, given, repeated)
    rules = load_rules(settings)
    reports = []
    withheld = genuine = 0
    for row in rows:
        kept, dropped = rule.apply(candidates.get(row.id, []), typed.get(row.id, []))
        withheld += dropped
        useful = [(c, v) for c, v in kept if identifying(rules, c.type, v)]
        genuine += len(kept) - len(useful)
        reports.append(_shared_report(row, useful))
    logger.info("export of %s: %d reports, %d indicator values withheld, %d genuine values left out",
                selection.describe(), len(reports), withheld, genuine)
    return ExportData(
        selection=selection, producer=settings.share_producer or DEFAULT_PRODUCER,
        generated_at=datetime.now(UTC).replace(microsecond=0), reports=tuple(reports),
        indicators=tuple(_aggregate(reports)), withheld=withheld,
    )
