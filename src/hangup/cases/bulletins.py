"""Public warning bulletins: drafted from the statistics, edited and approved by an analyst, kept with
every version and who approved which, and rendered as plain text, HTML or Markdown.

>>> record = draft_bulletin(store, BulletinRequest(area="ME14", since=date(2026, 5, 1), area_name="Maidstone"),
...                         by="analyst1")
>>> record = save_draft(store, record.id, edited_content, by="analyst1", expected_version=record.version)
>>> record = approve_bulletin(store, record.id, by="inspector2", expected_version=record.version)
>>> render(record.approved or record.content, "html")

The workflow: a draft is version 1; each save adds a version (never overwriting one); approving marks
the current version approved (who, when) and the bulletin ``approved``; saving again after approval
starts a new draft version while the approved one stays on record. ``expected_version`` guards
against approving or overwriting a text the analyst has not seen (:class:`BulletinConflict`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hangup.cases.bulletincompose import Period, compose
from hangup.cases.bulletincontent import BulletinContent
from hangup.cases.bulletinfigures import Figures, gather
from hangup.cases.bulletinmodels import Bulletin, BulletinVersion
from hangup.cases.bulletinrender import BULLETIN_FORMATS, render
from hangup.cases.models import utcnow
from hangup.cases.records import DEFAULT_CURRENCY
from hangup.cases.store import CaseStore
from hangup.config import Settings
from hangup.errors import BulletinConflict, BulletinError, BulletinNotFound

__all__ = [
    "BULLETIN_FORMATS", "BulletinRecord", "BulletinRequest", "BulletinSummary", "VersionInfo", "approve_bulletin",
    "draft_bulletin", "get_bulletin", "get_version", "list_bulletins", "render", "save_draft",
]

logger = logging.getLogger(__name__)

Status = Literal["draft", "approved"]
_USER = re.compile(r"^[^\x00-\x1f\x7f]{1,64}$")
MAX_LIST = 500


@dataclass(frozen=True, slots=True)
class BulletinRequest:
    """What to draft: reports filed in ``area`` (as the statistics match it: the area starts with it;
    empty: every area) from ``since`` to ``until`` (inclusive; None: to today). ``area_name`` is how
    the bulletin names the area (default: ``area``)."""

    area: str
    since: date
    until: date | None = None
    area_name: str = ""


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One saved version: who saved it and when, and who approved it and when (if anyone did)."""

    number: int
    created_by: str
    created_at: datetime
    approved_by: str | None
    approved_at: datetime | None


@dataclass(frozen=True, slots=True)
class BulletinRecord:
    """A bulletin with its current text, its last approved text, its figures and its history."""

    id: int
    area: str
    area_name: str
    since: date
    until: date | None
    jurisdiction: str
    status: Status
    version: int
    content: BulletinContent
    approved: BulletinContent | None
    approved_version: int | None
    approved_by: str | None
    approved_at: datetime | None
    figures: Figures
    created_by: str
    created_at: datetime
    updated_at: datetime
    versions: tuple[VersionInfo, ...]


@dataclass(frozen=True, slots=True)
class BulletinSummary:
    """A bulletin as listed: no text."""

    id: int
    area_name: str
    since: date
    until: date | None
    status: Status
    version: int
    headline: str
    created_by: str
    created_at: datetime
    approved_by: str | None
    approved_at: datetime | None


def _user(by: str) -> str:
    name = by.strip()
    if not _USER.match(name):
        raise BulletinError("say who is doing this: a user name of 1 to 64 printable characters")
    return name


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, UTC)


def _load(session: Session, bulletin_id: int, *, lock: bool = False) -> Bulletin:
    query = select(Bulletin).where(Bulletin.id == bulletin_id).options(selectinload(Bulletin.versions))
    if lock:
        query = query.with_for_update(of=Bulletin)
    row = session.scalars(query).one_or_none()
    if row is None:
        raise BulletinNotFound(f"no bulletin has the number {bulletin_id}")
    return row


def _record(row: Bulletin) -> BulletinRecord:
    by_number = {v.number: v for v in row.versions}
    approved = by_number.get(row.approved_version) if row.approved_version else None
    return BulletinRecord(
        id=row.id, area=row.area, area_name=row.area_name, since=row.since.date(),
        until=row.until.date() if row.until else None, jurisdiction=row.jurisdiction,
        status="approved" if row.status == "approved" else "draft", version=row.version,
        content=BulletinContent.model_validate(by_number[row.version].content),
        approved=BulletinContent.model_validate(approved.content) if approved else None,
        approved_version=row.approved_version, approved_by=row.approved_by, approved_at=row.approved_at,
        figures=Figures.from_json(row.figures), created_by=row.created_by, created_at=row.created_at,
        updated_at=row.updated_at,
        versions=tuple(VersionInfo(v.number, v.created_by, v.created_at, v.approved_by, v.approved_at)
                       for v in row.versions),
    )


def _check_version(row: Bulletin, expected: int | None) -> None:
    if expected is not None and expected != row.version:
        raise BulletinConflict(f"bulletin {row.id} is now at version {row.version} (you had version {expected}); "
                               "reload it and check the latest text")


def draft_bulletin(
    store: CaseStore, request: BulletinRequest, *, by: str, settings: Settings | None = None,
    today: date | None = None,
) -> BulletinRecord:
    """Draft a bulletin from the statistics of ``request`` and save it as version 1 of a new bulletin."""
    settings = settings or store.settings
    author = _user(by)
    area, area_name = request.area.strip(), (request.area_name or request.area).strip()
    if not area_name:
        raise BulletinError("name the area the bulletin is for")
    if len(area) > 200 or len(area_name) > 200:
        raise BulletinError("the area is too long (200 characters at most)")
    today = today or datetime.now(UTC).date()
    if request.until is not None and request.until < request.since:
        raise BulletinError("the end of the period is before its start")
    if request.since > today:
        raise BulletinError("the period starts in the future")
    currency = DEFAULT_CURRENCY.get(settings.jurisdiction, "GBP")
    figures = gather(store, area, request.since, request.until, currency)
    content = compose(figures, area_name=area_name, period=Period(request.since, request.until),
                      issuer=settings.share_producer, issued_on=today, jurisdiction=settings.jurisdiction)
    with store.session(write=True) as session:
        row = Bulletin(
            area=area, area_name=area_name, since=_midnight(request.since),
            until=_midnight(request.until) if request.until else None, jurisdiction=settings.jurisdiction,
            figures=figures.to_json(), status="draft", version=1, created_by=author,
        )
        row.versions.append(BulletinVersion(number=1, content=content.model_dump(mode="json"), created_by=author))
        session.add(row)
        session.flush()
        record = _record(row)
    logger.info("bulletin %d drafted by %s for %s (%d reports)", record.id, author, area_name, figures.reports)
    return record


def get_bulletin(store: CaseStore, bulletin_id: int) -> BulletinRecord:
    """One bulletin; :class:`BulletinNotFound` if there is none with that number."""
    with store.session() as session:
        return _record(_load(session, bulletin_id))


def get_version(store: CaseStore, bulletin_id: int, number: int) -> BulletinContent:
    """The text of one saved version of a bulletin."""
    with store.session() as session:
        row = _load(session, bulletin_id)
        for version in row.versions:
            if version.number == number:
                return BulletinContent.model_validate(version.content)
    raise BulletinNotFound(f"bulletin {bulletin_id} has no version {number}")


def list_bulletins(
    store: CaseStore, *, status: Status | None = None, limit: int = 50, offset: int = 0
) -> list[BulletinSummary]:
    """Bulletins, newest first (``status``: only drafts or only approved ones)."""
    query = select(Bulletin).options(selectinload(Bulletin.versions)).order_by(Bulletin.id.desc())
    if status is not None:
        query = query.where(Bulletin.status == status)
    query = query.limit(max(1, min(limit, MAX_LIST))).offset(max(0, offset))
    with store.session() as session:
        rows = session.scalars(query).all()
        return [
            BulletinSummary(
                id=r.id, area_name=r.area_name, since=r.since.date(), until=r.until.date() if r.until else None,
                status="approved" if r.status == "approved" else "draft", version=r.version,
                headline=str(next(v.content.get("headline", "") for v in r.versions if v.number == r.version)),
                created_by=r.created_by, created_at=r.created_at, approved_by=r.approved_by,
                approved_at=r.approved_at,
            )
            for r in rows
        ]


def save_draft(
    store: CaseStore, bulletin_id: int, content: BulletinContent, *, by: str, expected_version: int | None = None
) -> BulletinRecord:
    """Save an edited text as a new version (a draft again if the bulletin was approved).

    Saving the same text as the current version changes nothing. Raises :class:`BulletinConflict`
    when ``expected_version`` is not the current version.
    """
    editor = _user(by)
    with store.session(write=True) as session:
        row = _load(session, bulletin_id, lock=True)
        _check_version(row, expected_version)
        current = next(v for v in row.versions if v.number == row.version)
        data = content.model_dump(mode="json")
        if current.content == data:
            return _record(row)
        row.version += 1
        row.versions.append(BulletinVersion(number=row.version, content=data, created_by=editor))
        row.status = "draft"
        row.updated_at = utcnow()
        session.flush()
        record = _record(row)
    logger.info("bulletin %d: version %d saved by %s", bulletin_id, record.version, editor)
    return record


def approve_bulletin(
    store: CaseStore, bulletin_id: int, *, by: str, expected_version: int | None = None
) -> BulletinRecord:
    """Approve the current version: it becomes the bulletin's approved text, with who approved it and when.

    Raises :class:`BulletinConflict` when ``expected_version`` is not the current version, the
    current version is already approved, or (setting ``bulletin_four_eyes``) ``by`` wrote it.
    """
    approver = _user(by)
    with store.session(write=True) as session:
        row = _load(session, bulletin_id, lock=True)
        _check_version(row, expected_version)
        if row.status == "approved" and row.approved_version == row.version:
            raise BulletinConflict(f"bulletin {bulletin_id} version {row.version} is already approved "
                                   f"(by {row.approved_by} at {row.approved_at:%Y-%m-%d %H:%M} UTC)")
        version = next(v for v in row.versions if v.number == row.version)
        if store.settings.bulletin_four_eyes and version.created_by == approver:
            raise BulletinConflict(f"bulletin {bulletin_id} version {row.version} was written by {approver}; "
                                   "another analyst must approve it (setting bulletin_four_eyes)")
        now = utcnow()
        version.approved_by, version.approved_at = approver, now
        row.status, row.approved_version, row.approved_by, row.approved_at = "approved", row.version, approver, now
        row.updated_at = now
        session.flush()
        record = _record(row)
    logger.info("bulletin %d: version %d approved by %s", bulletin_id, record.version, approver)
    return record
