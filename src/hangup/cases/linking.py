"""Campaigns: reports linked by the indicators they share.

Two reports are linked when they share a link key (:mod:`hangup.cases.linkrules`: the criminals'
phone number, email address, domain or page, remote-access ID, bank account or wallet). A campaign
is a connected group of linked reports: A and B share a phone number, B and C an AnyDesk ID, so A,
B and C are one campaign.

How it scales: the database does the grouping (only indicator values held by two reports or more
come back, through the ``(type, normalized)`` index; remote-access IDs, written ``anydesk:123456789``
or ``123456789``, are grouped on the ID without the tool), then a union-find joins the reports in
near-linear time. Nothing compares reports pairwise.

Analysts' decisions (:mod:`hangup.cases.linkdecisions`) are applied every time: a *split*
indicator links nothing, a split report is not linked through that indicator, and a *confirmed*
indicator links even when it is on the list of genuine values or shared by more reports than
``link_max_reports``.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Integer, and_, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from hangup.cases.analystmodels import LinkDecision
from hangup.cases.linkrules import LinkRules
from hangup.cases.models import IndicatorRow, Report

logger = logging.getLogger(__name__)

CHUNK = 900  # ids per IN (...) query: under every backend's parameter limit
PG_CHUNK = 100_000  # ids per array parameter on PostgreSQL
LinkKey = tuple[str, str]  # (indicator type, link key)


@dataclass(frozen=True, slots=True)
class Link:
    """Why reports are linked: the shared indicator and the reports that share it."""

    kind: str
    key: str
    report_ids: tuple[int, ...]
    confirmed: bool = False


@dataclass(frozen=True, slots=True)
class Member:
    """A report in a campaign: the facts a campaign is summed from."""

    id: int
    reference: str
    seen_at: datetime  # when the scam happened (when the report was filed, if the reporter did not say)
    money_lost: bool
    amount_minor: int | None
    currency: str | None


@dataclass(slots=True)
class Campaign:
    """A connected group of linked reports. ``key``: the reference of its first report."""

    key: str
    members: list[Member]
    links: list[Link]

    @property
    def report_ids(self) -> list[int]:
        return [m.id for m in self.members]

    @property
    def first_seen(self) -> datetime:
        return min(m.seen_at for m in self.members)

    @property
    def last_seen(self) -> datetime:
        return max(m.seen_at for m in self.members)

    @property
    def money_lost_count(self) -> int:
        return sum(1 for m in self.members if m.money_lost)

    @property
    def losses(self) -> dict[str, int]:
        """Total loss per currency, in hundredths."""
        out: dict[str, int] = defaultdict(int)
        for m in self.members:
            if m.money_lost and m.amount_minor:
                out[m.currency or "?"] += m.amount_minor
        return dict(sorted(out.items()))


@dataclass(frozen=True, slots=True)
class Unlinked:
    """An indicator shared by several reports that does not link them, and why (common, too_many, split)."""

    kind: str
    key: str
    reports: int
    reason: str


@dataclass(slots=True)
class LinkResult:
    """Every campaign (largest first), which campaign each report is in, and what was not linked."""

    campaigns: list[Campaign]
    unlinked: list[Unlinked]
    seconds: float = 0.0
    by_report: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_report = {m.id: c.key for c in self.campaigns for m in c.members}

    def get(self, key: str) -> Campaign | None:
        return next((c for c in self.campaigns if c.key == key), None)


class UnionFind:
    """Disjoint sets of report ids (union by size, path halving)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.size: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        if x not in parent:
            parent[x] = x
            self.size[x] = 1
            return x
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra


def _id_body(session: Session) -> ColumnElement[str]:
    """A remote-access ID without its tool: ``anydesk:123456789`` -> ``123456789`` (in SQL)."""
    ind = IndicatorRow
    position = func.strpos(ind.normalized, ":") if session.get_bind().dialect.name == "postgresql" \
        else func.instr(ind.normalized, ":")
    return func.lower(func.substr(ind.normalized, position + 1))


def _shared_rows(session: Session, rules: LinkRules) -> Iterator[tuple[str, str, int]]:
    """(type, normalized, report id) of the indicator values that could link: held by 2+ reports.

    Remote-access IDs are grouped on the ID without the tool's name, so ``anydesk:123456789`` and
    ``123456789`` meet; :meth:`LinkRules.key` then decides which really match.
    """
    ind = IndicatorRow
    exact = sorted(rules.types - {"remote_access_id"})
    shared = (
        select(ind.type, ind.normalized).where(ind.type.in_(exact))
        .group_by(ind.type, ind.normalized).having(func.count() > 1).subquery()
    )
    query = select(ind.type, ind.normalized, ind.report_id).join(
        shared, and_(ind.type == shared.c.type, ind.normalized == shared.c.normalized)
    )
    for row in session.execute(query):
        yield row[0], row[1], row[2]
    if "remote_access_id" in rules.types:
        body = _id_body(session)
        bodies = (
            select(body.label("body")).where(ind.type == "remote_access_id")
            .group_by(body).having(func.count() > 1).subquery()
        )
        ids = select(ind.type, ind.normalized, ind.report_id).where(
            ind.type == "remote_access_id", body.in_(select(bodies.c.body))
        )
        for row in session.execute(ids):
            yield row[0], row[1], row[2]


def _decisions(session: Session) -> tuple[dict[LinkKey, str], set[tuple[str, str, int]]]:
    whole: dict[LinkKey, str] = {}
    split_edges: set[tuple[str, str, int]] = set()
    for d in session.scalars(select(LinkDecision).order_by(LinkDecision.id)):
        if d.report_id is None:
            whole[(d.kind, d.key)] = d.decision
        elif d.decision == "split":
            split_edges.add((d.kind, d.key, d.report_id))
    return whole, split_edges


def group_reports(rows: Iterable[tuple[str, str, int]], rules: LinkRules) -> dict[LinkKey, set[int]]:
    """Report ids per link key."""
    groups: dict[LinkKey, set[int]] = defaultdict(set)
    for kind, normalized, report_id in rows:
        key = rules.key(kind, normalized)
        if key is not None:
            groups[(kind, key)].add(report_id)
    return groups


def _id_batches(session: Session, ids: list[int]) -> Iterator[ColumnElement[bool]]:
    """``Report.id`` among ``ids``: one array parameter on PostgreSQL, IN lists of :data:`CHUNK` elsewhere."""
    if session.get_bind().dialect.name == "postgresql":
        for start in range(0, len(ids), PG_CHUNK):
            yield Report.id == any_(bindparam("ids", ids[start:start + PG_CHUNK], type_=ARRAY(Integer)))
        return
    for start in range(0, len(ids), CHUNK):
        yield Report.id.in_(ids[start:start + CHUNK])


def _members(session: Session, ids: list[int]) -> dict[int, Member]:
    out: dict[int, Member] = {}
    for among in _id_batches(session, ids):
        rows = session.execute(
            select(Report.id, Report.reference, func.coalesce(Report.contacted_at, Report.created_at),
                   Report.money_lost, Report.amount_minor, Report.currency).where(among)
        )
        for rid, ref, seen, lost, amount, currency in rows:
            out[rid] = Member(rid, ref, seen, bool(lost), amount, currency)
    return out


def find_campaigns(session: Session, rules: LinkRules) -> LinkResult:
    """Link every report in the store into campaigns, respecting analysts' decisions."""
    started = time.perf_counter()
    groups = group_reports(_shared_rows(session, rules), rules)
    whole, split_edges = _decisions(session)
    uf = UnionFind()
    used: list[Link] = []
    unlinked: list[Unlinked] = []
    for (kind, key), reports in groups.items():
        decision = whole.get((kind, key))
        group = sorted(r for r in reports if (kind, key, r) not in split_edges)
        if len(group) < 2:
            continue
        reason = ""
        if decision == "split":
            reason = "split"
        elif decision != "confirm" and rules.is_common(kind, key):
            reason = "common"
        elif decision != "confirm" and rules.max_reports and len(group) > rules.max_reports:
            reason = "too_many"
        if reason:
            unlinked.append(Unlinked(kind, key, len(group), reason))
            continue
        first = group[0]
        for other in group[1:]:
            uf.union(first, other)
        used.append(Link(kind, key, tuple(group), decision == "confirm"))
    components: dict[int, list[int]] = defaultdict(list)
    for report_id in uf.parent:
        components[uf.find(report_id)].append(report_id)
    facts = _members(session, sorted(uf.parent))
    links_of: dict[int, list[Link]] = defaultdict(list)
    for link in used:
        links_of[uf.find(link.report_ids[0])].append(link)
    campaigns = []
    for root, ids in components.items():
        members = sorted((facts[i] for i in ids if i in facts), key=lambda m: m.id)
        if len(members) < 2:
            continue
        links = sorted(links_of[root], key=lambda link: (-len(link.report_ids), link.kind, link.key))
        campaigns.append(Campaign(members[0].reference, members, links))
    campaigns.sort(key=lambda c: (-len(c.members), -c.last_seen.timestamp(), c.key))
    unlinked.sort(key=lambda u: (-u.reports, u.kind, u.key))
    result = LinkResult(campaigns, unlinked, time.perf_counter() - started)
    logger.info("linked %d reports into %d campaigns in %.2f s", len(result.by_report), len(campaigns), result.seconds)
    return result
