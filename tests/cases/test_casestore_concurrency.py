"""Many writers at once: no "database is locked", no lost or half-written report."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from casedata import SCAM_CALL, SCAM_EMAIL
from sqlalchemy import func, select

from hangup.cases.models import Analysis, Attachment, AttachmentBlob, Contact, IndicatorRow, Report
from hangup.cases.schema import AttachmentIn, ContactIn, ReportIn
from hangup.cases.store import CaseStore
from hangup.errors import StoreError

THREADS = 8
PER_THREAD = 6


def _submit(store: CaseStore, n: int) -> list[tuple[str, str]]:
    out = []
    for i in range(PER_THREAD):
        report = ReportIn(channel="call", phone_numbers=[f"0800 100 {n:02d}{i:02d}"], message_text=SCAM_CALL)
        files = [AttachmentIn(filename="mail.eml", data=SCAM_EMAIL)]
        receipt = store.add_report(report, ContactIn(consent_to_contact=True, email=f"r{n}@example.org"), files,
                                   idempotency_key=f"thread-{n}-report-{i}")
        out.append((receipt.reference, receipt.secret))
        if i % 2:
            store.add_information(receipt.reference, receipt.secret, f"note {i}")
    return out


def test_concurrent_adds(store: CaseStore) -> None:
    with ThreadPoolExecutor(THREADS) as pool:
        results = [r for batch in pool.map(lambda n: _submit(store, n), range(THREADS)) for r in batch]
    assert len({ref for ref, _ in results}) == THREADS * PER_THREAD
    for ref, secret in results:
        view = store.get_for_reporter(ref, secret)
        assert view is not None and len(view.attachments) == 1 and view.verdict is not None
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == THREADS * PER_THREAD
        assert session.scalar(select(func.count()).select_from(Attachment)) == THREADS * PER_THREAD
        assert session.scalar(select(func.count()).select_from(AttachmentBlob)) == THREADS * PER_THREAD


def test_a_failed_write_leaves_nothing(store: CaseStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database refuses the last rows of a report: the report, its contact and evidence all go."""
    import hangup.cases.store as store_module  # noqa: PLC0415

    def broken(_: object) -> list[IndicatorRow]:
        return [IndicatorRow(type=None, value="x", normalized="x", source="message")]  # NOT NULL violated

    monkeypatch.setattr(store_module, "indicator_rows", broken)
    report = ReportIn(channel="call", message_text=SCAM_CALL)
    files = [AttachmentIn(filename="mail.eml", data=SCAM_EMAIL)]
    with pytest.raises(StoreError, match="could not save the report"):
        store.add_report(report, ContactIn(consent_to_contact=True, email="a@example.org"), files)
    with store.session() as session:
        for table in (Report, Contact, Attachment, AttachmentBlob, Analysis):
            assert session.scalar(select(func.count()).select_from(table)) == 0, table
    monkeypatch.undo()
    assert store.add_report(report, None, files).reference.startswith("HU-")
