"""Working a case: moving a report through its statuses and writing notes on it.

Statuses: ``new`` (just in), ``reviewed`` (an analyst has read it), ``linked`` (part of a campaign
an analyst confirmed), ``closed`` (nothing more to do). Any status may follow any other: an
analyst may reopen a closed report. Each change and note goes to the audit log in the same
transaction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hangup.cases import audit
from hangup.cases.analystmodels import ReportNote
from hangup.cases.models import Report, utcnow
from hangup.cases.references import normalize_reference
from hangup.cases.schema import STATUSES
from hangup.errors import InputError, ReportNotFound

MAX_NOTE_CHARS = 10_000


def _report(session: Session, reference: str) -> Report:
    canonical = normalize_reference(reference)
    row = None
    if canonical is not None:
        row = session.scalars(select(Report).where(Report.reference == canonical).with_for_update()).one_or_none()
    if row is None:
        raise ReportNotFound(f"no report has the reference {reference!r}")
    return row


def set_status(session: Session, reference: str, status: str, *, actor: str, client: str | None = None) -> str:
    """Give the report a new status; returns the status it had."""
    if status not in STATUSES:
        raise InputError(f"the status must be one of {', '.join(STATUSES)}")
    row = _report(session, reference)
    before = row.status
    if before != status:
        row.status = status
        row.updated_at = utcnow()
        audit.record(session, actor, "change_status", row.reference, {"from": before, "to": status}, client=client)
    return before


def add_note(session: Session, reference: str, text: str, *, actor: str, client: str | None = None) -> None:
    """Add an analyst's note to the report."""
    body = text.strip()
    if not body:
        raise InputError("the note is empty")
    if len(body) > MAX_NOTE_CHARS:
        raise InputError(f"a note may have at most {MAX_NOTE_CHARS:,} characters")
    if "\x00" in body:
        raise InputError("the note must not contain NUL characters")
    row = _report(session, reference)
    session.add(ReportNote(report_id=row.id, username=actor, text=body))
    audit.record(session, actor, "add_note", row.reference, {"chars": len(body)}, client=client)
