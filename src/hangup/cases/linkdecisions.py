"""Analysts' decisions on links, and looking reports up by a link key.

- *confirm* an indicator: it links reports even if it is on the list of genuine values or very
  common; its reports that are ``new`` or ``reviewed`` become ``linked``.
- *split* an indicator: it links nothing.
- *split* one report from an indicator: that report is no longer linked through it.
  :func:`split_report` does this for every indicator tying a report to its campaign.

Every decision replaces the earlier one on the same indicator (and report), names who made it,
and is written to the audit log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.orm import Session

from hangup.cases import audit
from hangup.cases.analystmodels import LinkDecision
from hangup.cases.linking import CHUNK, Campaign
from hangup.cases.linkrules import LinkRules
from hangup.cases.models import IndicatorRow, Report, utcnow
from hangup.errors import InputError

Decision = Literal["confirm", "split"]
MAX_REASON_CHARS = 2000


def key_condition(kind: str, key: str) -> ColumnElement[bool]:
    """A WHERE clause over ``indicators`` holding every row whose link key is ``key`` (for a web page:
    every page on its site)."""
    ind = IndicatorRow
    if kind == "remote_access_id":
        return (ind.type == kind) & or_(ind.normalized == key, ind.normalized.like(f"%:{key}"),
                                        func.lower(ind.normalized) == key)
    if kind == "url":
        host = key.split("/", 1)[0]
        return (ind.type == kind) & ind.normalized.like(f"%{host}%")
    return (ind.type == kind) & (ind.normalized == key)


def reports_with_key(session: Session, rules: LinkRules, kind: str, key: str) -> set[int]:
    """The ids of every report holding an indicator with this link key."""
    rows = session.execute(select(IndicatorRow.normalized, IndicatorRow.report_id).where(key_condition(kind, key)))
    return {rid for normalized, rid in rows if rules.key(kind, normalized) == key}


def seen_elsewhere(session: Session, rules: LinkRules, report_id: int, indicators: Iterable[tuple[str, str]]) -> dict[
    tuple[str, str], int
]:
    """For each (type, normalized) of a report: how many *other* reports hold the same indicator.

    Linking types count by link key (so ``anydesk:123456789`` and ``123456789`` are the same ID);
    other types (brands, tools, amounts) by their normalised value.
    """
    out: dict[tuple[str, str], int] = {}
    for kind, normalized in indicators:
        key = rules.key(kind, normalized)
        if key is not None:
            out[(kind, normalized)] = len(reports_with_key(session, rules, kind, key) - {report_id})
            continue
        count = session.scalar(
            select(func.count(func.distinct(IndicatorRow.report_id))).where(
                IndicatorRow.type == kind, IndicatorRow.normalized == normalized, IndicatorRow.report_id != report_id
            )
        )
        out[(kind, normalized)] = int(count or 0)
    return out


def _check(kind: str, key: str, rules: LinkRules, reason: str | None) -> None:
    if kind not in rules.types or not key or len(key) > 512:
        raise InputError("this indicator cannot link reports")
    if reason is not None and len(reason) > MAX_REASON_CHARS:
        raise InputError(f"the reason must have at most {MAX_REASON_CHARS} characters")


def decide(
    session: Session, rules: LinkRules, kind: str, key: str, decision: Decision, *, actor: str,
    report_id: int | None = None, reason: str | None = None, client: str | None = None,
) -> None:
    """Record a decision on an indicator (or on one report's tie to it), replacing any earlier one."""
    _check(kind, key, rules, reason)
    if decision not in ("confirm", "split") or (decision == "confirm" and report_id is not None):
        raise InputError("a link is confirmed for an indicator, or split for an indicator or one report")
    _forget(session, kind, key, report_id)
    session.add(LinkDecision(kind=kind, key=key, report_id=report_id, decision=decision, username=actor,
                             reason=reason or None))
    detail: dict[str, object] = {"kind": kind, "key": key}
    if report_id is not None:
        detail["report"] = session.scalar(select(Report.reference).where(Report.id == report_id))
    if reason:
        detail["reason"] = reason
    if decision == "confirm":
        ids = sorted(reports_with_key(session, rules, kind, key))
        for start in range(0, len(ids), CHUNK):
            session.execute(
                update(Report).where(Report.id.in_(ids[start:start + CHUNK]), Report.status.in_(("new", "reviewed")))
                .values(status="linked", updated_at=utcnow())
            )
    audit.record(session, actor, f"link_{decision}", key, detail, client=client)


def _forget(session: Session, kind: str, key: str, report_id: int | None) -> int:
    query = delete(LinkDecision).where(LinkDecision.kind == kind, LinkDecision.key == key)
    query = query.where(LinkDecision.report_id.is_(None) if report_id is None else LinkDecision.report_id == report_id)
    return int(session.execute(query).rowcount or 0)  # type: ignore[attr-defined]


def undo(
    session: Session, kind: str, key: str, *, actor: str, report_id: int | None = None, client: str | None = None
) -> bool:
    """Remove the decision on an indicator (or one report's tie); False if there was none."""
    removed = _forget(session, kind, key, report_id)
    if removed:
        audit.record(session, actor, "link_undo", key, {"kind": kind, "key": key, "report_id": report_id},
                     client=client)
    return removed > 0


def split_report(
    session: Session, rules: LinkRules, campaign: Campaign, report_id: int, *, actor: str,
    reason: str | None = None, client: str | None = None,
) -> int:
    """Split one report out of a campaign: a split decision on each link tying it in. Returns how many."""
    count = 0
    for link in campaign.links:
        if report_id in link.report_ids:
            decide(session, rules, link.kind, link.key, "split", actor=actor, report_id=report_id, reason=reason,
                   client=client)
            count += 1
    if not count:
        raise InputError("this report is not part of the campaign")
    return count


def decisions_for(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str, int | None], LinkDecision]:
    """The decisions recorded on these (kind, key) pairs, by (kind, key, report id or None)."""
    wanted = set(keys)
    if not wanted:
        return {}
    kinds = {k for k, _ in wanted}
    rows = session.scalars(select(LinkDecision).where(LinkDecision.kind.in_(kinds),
                                                      LinkDecision.key.in_({k for _, k in wanted})))
    return {(d.kind, d.key, d.report_id): d for d in rows if (d.kind, d.key) in wanted}
