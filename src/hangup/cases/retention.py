"""Retention: victims' personal data goes after a set time, the case facts stay.

- Contact details (name, email, phone, and any indicator equal to them) of reports filed more than
  ``retention_personal_data_days`` ago are deleted, as :meth:`CaseStore.delete_personal_data` does
  for one report on request; ``reports.personal_data_deleted_at`` records when.
- With ``retention_evidence_days`` set, the contents of evidence files older than that are deleted
  too; their name, type, size and SHA-256 stay, so the case still says what evidence there was.

Everything else stays: the facts of the scam, the verdicts, the indicators, the statistics. The
work is done in batches, one transaction each, with one audit entry per batch naming the reports;
``dry_run`` only says what would go. ``hangup cases purge`` and the admin page run it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from hangup.cases import audit
from hangup.cases.models import Attachment, AttachmentBlob, Contact, IndicatorRow, Report, utcnow
from hangup.cases.normalize import normal_phone
from hangup.cases.store import CaseStore

logger = logging.getLogger(__name__)

BATCH = 500


@dataclass(frozen=True, slots=True)
class Due:
    """One report with something due for deletion."""

    reference: str
    filed_at: datetime
    what: str  # "contact details", "3 evidence files (120,000 bytes)"


@dataclass(slots=True)
class PurgePlan:
    """What is (or was) due: contact details and evidence contents, by report."""

    personal_cutoff: datetime | None
    evidence_cutoff: datetime | None
    contacts: list[Due] = field(default_factory=list)
    evidence: list[Due] = field(default_factory=list)
    done: bool = False

    @property
    def empty(self) -> bool:
        return not self.contacts and not self.evidence


def _cutoff(now: datetime, days: int) -> datetime | None:
    return now - timedelta(days=days) if days > 0 else None


def _due_contacts(session: Session, cutoff: datetime) -> list[Due]:
    rows = session.execute(
        select(Report.reference, Report.created_at).join(Contact, Contact.report_id == Report.id)
        .where(Report.created_at < cutoff).order_by(Report.id)
    )
    return [Due(ref, at, "contact details") for ref, at in rows]


def _due_evidence(session: Session, cutoff: datetime) -> list[Due]:
    rows = session.execute(
        select(Report.reference, Report.created_at, func.count(Attachment.id), func.sum(Attachment.size))
        .join(Attachment, Attachment.report_id == Report.id)
        .join(AttachmentBlob, AttachmentBlob.attachment_id == Attachment.id)
        .where(Report.created_at < cutoff).group_by(Report.id, Report.reference, Report.created_at).order_by(Report.id)
    )
    return [Due(ref, at, f"{n} evidence file{'s' if n != 1 else ''} ({int(size or 0):,} bytes)")
            for ref, at, n, size in rows]


def plan(store: CaseStore, now: datetime | None = None) -> PurgePlan:
    """What a purge would delete now, by the store's retention settings."""
    now = now or utcnow()
    settings = store.settings
    result = PurgePlan(_cutoff(now, settings.retention_personal_data_days),
                       _cutoff(now, settings.retention_evidence_days))
    with store.session() as session:
        if result.personal_cutoff is not None:
            result.contacts = _due_contacts(session, result.personal_cutoff)
        if result.evidence_cutoff is not None:
            result.evidence = _due_evidence(session, result.evidence_cutoff)
    return result


def _purge_contacts(session: Session, cutoff: datetime, region: str) -> list[str]:
    rows = session.execute(
        select(Contact, Report).join(Report, Report.id == Contact.report_id)
        .where(Report.created_at < cutoff).order_by(Report.id).limit(BATCH).with_for_update()
    ).all()
    now = utcnow()
    for contact, report in rows:
        values = [v for v in (contact.email and contact.email.lower(), contact.phone) if v]
        if contact.phone:
            values.append(normal_phone(contact.phone, region))
        if values:
            session.execute(delete(IndicatorRow).where(IndicatorRow.report_id == report.id,
                                                       IndicatorRow.normalized.in_(values)))
        session.delete(contact)
        report.personal_data_deleted_at = now
    return [report.reference for _, report in rows]


def _purge_evidence(session: Session, cutoff: datetime) -> list[str]:
    rows = session.execute(
        select(Attachment.id, Report.reference).join(Report, Report.id == Attachment.report_id)
        .join(AttachmentBlob, AttachmentBlob.attachment_id == Attachment.id)
        .where(Report.created_at < cutoff).order_by(Attachment.id).limit(BATCH)
    ).all()
    if rows:
        session.execute(delete(AttachmentBlob).where(AttachmentBlob.attachment_id.in_([r[0] for r in rows])))
    return sorted({r[1] for r in rows})


def purge(store: CaseStore, *, actor: str, dry_run: bool = False, now: datetime | None = None,
          client: str | None = None) -> PurgePlan:
    """Delete what is due (or, with ``dry_run``, only say what is). Returns the plan, ``done`` when carried out."""
    result = plan(store, now)
    if dry_run or result.empty:
        return result
    region = store.settings.phone_region
    for kind, cutoff in (("contact details", result.personal_cutoff), ("evidence", result.evidence_cutoff)):
        if cutoff is None:
            continue
        while True:
            with store.session(write=True) as session:
                if kind == "evidence":
                    references = _purge_evidence(session, cutoff)
                else:
                    references = _purge_contacts(session, cutoff, region)
                if references:
                    audit.record(session, actor, "purge", None, {"deleted": kind, "reports": references}, client=client)
            if not references:
                break
            logger.info("retention: %s deleted from %d reports", kind, len(references))
    result.done = True
    return result
