"""A report as an analyst sees it: the facts, the reporter's contact details (when they agreed to be
contacted and they have not been deleted), the original evidence, every verdict of the engine with
its tactics and quoted evidence, the normalised indicators with how many other reports hold each,
what the reporter added later, and the analysts' notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from hangup.cases.analystmodels import ReportNote
from hangup.cases.linkdecisions import seen_elsewhere
from hangup.cases.linkrules import LinkRules
from hangup.cases.models import Addition, Analysis, Attachment, AttachmentBlob, Report
from hangup.cases.records import to_report_in
from hangup.cases.references import normalize_reference
from hangup.cases.schema import ReportIn


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    type: str
    value: str
    normalized: str
    source: str
    others: int  # how many other reports hold it
    links: bool  # whether it can link reports into a campaign


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    added_at: datetime
    addition_id: int | None
    available: bool  # False once retention deleted its contents


@dataclass(frozen=True, slots=True)
class VerdictLine:
    source: str
    filename: str | None
    verdict: str
    score: float
    category: str | None
    tactics: list[dict[str, Any]]
    engine_version: str
    notes: list[Any]


@dataclass(frozen=True, slots=True)
class ContactLine:
    name: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class NoteLine:
    username: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AdditionLine:
    text: str | None
    added_at: datetime
    files: list[EvidenceFile]


@dataclass(frozen=True, slots=True)
class CaseFile:
    id: int
    reference: str
    status: str
    via: str
    created_at: datetime
    updated_at: datetime
    personal_data_deleted_at: datetime | None
    facts: ReportIn
    verdict: str | None
    score: float | None
    category: str | None
    contact: ContactLine | None
    verdicts: list[VerdictLine]
    indicators: list[IndicatorLine]
    evidence: list[EvidenceFile]
    additions: list[AdditionLine]
    notes: list[NoteLine]


def _file(a: Attachment, available: set[int]) -> EvidenceFile:
    return EvidenceFile(a.id, a.filename, a.media_type, a.size, a.sha256, a.created_at, a.addition_id,
                        a.id in available)


def _verdict(a: Analysis) -> VerdictLine:
    return VerdictLine(a.source, a.attachment.filename if a.attachment else None, a.verdict, a.score, a.category,
                       list(a.tactics or []), a.engine_version, list(a.notes or []))


def load_casefile(session: Session, rules: LinkRules, reference: str) -> CaseFile | None:
    """The whole case file of the report with ``reference`` (any spelling of it), or None."""
    canonical = normalize_reference(reference)
    if canonical is None:
        return None
    row = session.scalars(
        select(Report).where(Report.reference == canonical).options(
            joinedload(Report.contact), selectinload(Report.attachments), selectinload(Report.indicators),
            selectinload(Report.analyses).joinedload(Analysis.attachment),
            selectinload(Report.additions).selectinload(Addition.attachments),
        )
    ).one_or_none()
    if row is None:
        return None
    ids = [a.id for a in row.attachments]
    available = set(session.scalars(select(AttachmentBlob.attachment_id).where(AttachmentBlob.attachment_id.in_(ids))))
    seen = seen_elsewhere(session, rules, row.id, [(i.type, i.normalized) for i in row.indicators])
    notes = session.scalars(select(ReportNote).where(ReportNote.report_id == row.id).order_by(ReportNote.id)).all()
    contact = row.contact
    return CaseFile(
        id=row.id, reference=row.reference, status=row.status, via=row.via, created_at=row.created_at,
        updated_at=row.updated_at, personal_data_deleted_at=row.personal_data_deleted_at, facts=to_report_in(row),
        verdict=row.verdict, score=row.score, category=row.category,
        contact=ContactLine(contact.name, contact.email, contact.phone) if contact else None,
        verdicts=[_verdict(a) for a in row.analyses],
        indicators=[
            IndicatorLine(i.type, i.value, i.normalized, i.source, seen.get((i.type, i.normalized), 0),
                          rules.key(i.type, i.normalized) is not None)
            for i in row.indicators
        ],
        evidence=[_file(a, available) for a in row.attachments if a.addition_id is None],
        additions=[AdditionLine(add.text, add.created_at, [_file(a, available) for a in add.attachments])
                   for add in row.additions],
        notes=[NoteLine(n.username, n.text, n.created_at) for n in notes],
    )


@dataclass(frozen=True, slots=True)
class EvidenceBytes:
    filename: str
    media_type: str
    data: bytes


def load_evidence(session: Session, reference: str, attachment_id: int) -> EvidenceBytes | None:
    """The bytes of one evidence file of one report; None if there is no such file or it was deleted."""
    canonical = normalize_reference(reference)
    if canonical is None:
        return None
    found = session.execute(
        select(Attachment.filename, Attachment.media_type, AttachmentBlob.data)
        .join(Report, Report.id == Attachment.report_id)
        .join(AttachmentBlob, AttachmentBlob.attachment_id == Attachment.id)
        .where(Report.reference == canonical, Attachment.id == attachment_id)
    ).one_or_none()
    return None if found is None else EvidenceBytes(found[0], found[1], bytes(found[2]))


def report_id(session: Session, reference: str) -> int | None:
    """The row id of the report with ``reference``, or None."""
    canonical = normalize_reference(reference)
    if canonical is None:
        return None
    return session.scalar(select(Report.id).where(Report.reference == canonical))
