"""Rows from inputs, and views from rows: the mapping between the schema and the tables.

Nothing here opens a transaction; :mod:`hangup.cases.store` does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hangup.cases.analysis import SourceVerdict
from hangup.cases.attachments import CheckedAttachment
from hangup.cases.models import (
    Addition,
    Analysis,
    Attachment,
    AttachmentBlob,
    Contact,
    IndicatorRow,
    Report,
    ReportTactic,
)
from hangup.cases.normalize import NormalIndicator
from hangup.cases.schema import (
    AdditionView,
    AttachmentInfo,
    ContactIn,
    ReportIn,
    ReportView,
    TacticSeen,
    VerdictSummary,
)

#: ReportIn fields stored as report columns of the same name.
PLAIN_FIELDS: tuple[str, ...] = tuple(name for name in ReportIn.model_fields if name not in ("amount",))
DEFAULT_CURRENCY = {"uk": "GBP", "us": "USD"}


def report_row(report: ReportIn, *, currency: str, **columns: Any) -> Report:
    """A report row holding the facts of ``report`` (``columns``: reference, secret_hash, via, ...)."""
    values = {name: getattr(report, name) for name in PLAIN_FIELDS}
    for name in ("phone_numbers", "emails", "websites"):
        values[name] = list(values[name])
    if report.amount is not None:
        values["amount_minor"] = int((report.amount * 100).to_integral_value())
        values["currency"] = report.currency or currency
    return Report(**values, **columns, status="new", tactics=[])


def contact_row(contact: ContactIn | None) -> Contact | None:
    """The contact row, only when the reporter agreed to be contacted."""
    if contact is None or not contact.consent_to_contact:
        return None
    return Contact(consent_to_contact=True, name=contact.name, email=contact.email, phone=contact.phone)


def attachment_rows(checked: list[CheckedAttachment], addition: Addition | None = None) -> list[Attachment]:
    """Attachment rows with their bytes."""
    return [
        Attachment(
            filename=a.filename, media_type=a.media_type, kind=a.kind, size=a.size, sha256=a.sha256,
            addition=addition, blob=AttachmentBlob(data=a.data),
        )
        for a in checked
    ]


def indicator_rows(indicators: list[NormalIndicator]) -> list[IndicatorRow]:
    """Indicator rows (already merged: no duplicates)."""
    return [IndicatorRow(type=i.type, value=i.value, normalized=i.normalized, source=i.source) for i in indicators]


def add_verdicts(
    row: Report, verdicts: list[SourceVerdict], attachments: list[Attachment], addition: Addition | None = None
) -> None:
    """Store each verdict and lift the report's summary (verdict, score, tactics) to the strongest seen."""
    for v in verdicts:
        attachment = attachments[v.attachment_index] if v.attachment_index is not None else None
        row.analyses.append(
            Analysis(
                source=v.source, attachment=attachment, addition=addition, verdict=v.verdict, score=v.score,
                category=v.category, tactics=v.tactics, engine_version=v.engine_version, notes=v.notes,
            )
        )
        if row.score is None or v.score > row.score:
            row.verdict, row.score, row.category, row.engine_version = v.verdict, v.score, v.category, v.engine_version
    strongest: dict[str, dict[str, Any]] = {t["id"]: dict(t) for t in row.tactics}
    for v in verdicts:
        for t in v.tactics:
            known = strongest.get(t["id"])
            if known is None or t["score"] > known["score"]:
                strongest[t["id"]] = {"id": t["id"], "name": t["name"], "score": t["score"]}
    row.tactics = sorted(strongest.values(), key=lambda t: -float(t["score"]))
    existing = {rt.tactic: rt for rt in row.report_tactics}
    for t in row.tactics:
        rt = existing.get(t["id"])
        if rt is None:
            row.report_tactics.append(ReportTactic(tactic=t["id"], name=t["name"], score=t["score"]))
        elif rt.score != t["score"]:
            rt.score = t["score"]


def _info(a: Attachment) -> AttachmentInfo:
    return AttachmentInfo(filename=a.filename, content_type=a.media_type, size=a.size, sha256=a.sha256,
                          added_at=a.created_at)


def to_report_in(row: Report) -> ReportIn:
    """The facts as the reporter gave them (not validated again: they were when they came in)."""
    values = {name: getattr(row, name) for name in PLAIN_FIELDS}
    amount = Decimal(row.amount_minor) / 100 if row.amount_minor is not None else None
    return ReportIn.model_construct(**values, amount=amount)


def to_view(row: Report) -> ReportView:
    """What the reporter may see back."""
    verdict = None
    if row.verdict is not None and row.score is not None:
        verdict = VerdictSummary(
            verdict=row.verdict, score=row.score, category=row.category, engine_version=row.engine_version or "",
            tactics=[TacticSeen(id=t["id"], name=t["name"], score=t["score"]) for t in row.tactics],
        )
    return ReportView(
        reference=row.reference,
        status=row.status,
        submitted_at=row.created_at,
        updated_at=row.updated_at,
        report=to_report_in(row),
        verdict=verdict,
        attachments=[_info(a) for a in row.attachments if a.addition_id is None],
        additions=[
            AdditionView(text=add.text, added_at=add.created_at, attachments=[_info(a) for a in add.attachments])
            for add in row.additions
        ],
        contact_on_file=row.contact is not None,
    )
