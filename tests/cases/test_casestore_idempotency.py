"""A submission retried with the same key is stored once; concurrent retries too."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from casedata import SCAM_EMAIL
from sqlalchemy import func, select

from hangup.cases.models import Attachment, Report
from hangup.cases.schema import AttachmentIn, ContactIn, ReportIn
from hangup.cases.store import CaseStore
from hangup.errors import IdempotencyConflict, InputError

REPORT = ReportIn(channel="email", emails=["billing@norton-renewals-support.com"])
FILES = [AttachmentIn(filename="mail.eml", data=SCAM_EMAIL)]


def count(store: CaseStore, what: type[object] = Report) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(what)) or 0)


def test_retry_returns_the_same_reference_and_a_fresh_secret(store: CaseStore) -> None:
    first = store.add_report(REPORT, None, FILES, idempotency_key="form-7f3a9c21")
    again = store.add_report(REPORT, None, FILES, idempotency_key="form-7f3a9c21")
    assert again.reference == first.reference and again.replayed and not first.replayed
    assert again.secret != first.secret
    assert store.get_for_reporter(first.reference, again.secret) is not None
    assert store.get_for_reporter(first.reference, first.secret) is None  # replaced by the retry's
    assert count(store) == 1 and count(store, Attachment) == 1
    other = store.add_report(REPORT, None, FILES, idempotency_key="form-00000002")
    assert other.reference != first.reference and count(store) == 2
    assert store.add_report(REPORT, None, FILES).reference not in (first.reference, other.reference)


def test_key_reused_for_another_report_is_refused(store: CaseStore) -> None:
    store.add_report(REPORT, None, idempotency_key="form-7f3a9c21")
    with pytest.raises(IdempotencyConflict, match="already used for a different report"):
        store.add_report(REPORT, ContactIn(consent_to_contact=True, email="x@example.org"),
                         idempotency_key="form-7f3a9c21")
    with pytest.raises(IdempotencyConflict):
        store.add_report(REPORT, None, FILES, idempotency_key="form-7f3a9c21")
    assert count(store) == 1


@pytest.mark.parametrize("key", ["short", "has space in it", "x" * 101, "ünïcode-key"])
def test_bad_keys(sqlite_store: CaseStore, key: str) -> None:
    with pytest.raises(InputError, match="idempotency key"):
        sqlite_store.add_report(REPORT, idempotency_key=key)


def test_concurrent_retries_store_one_report(store: CaseStore) -> None:
    barrier = threading.Barrier(6)

    def submit(_: int) -> str:
        barrier.wait(timeout=30)
        return store.add_report(REPORT, None, FILES, idempotency_key="double-click-42").reference

    with ThreadPoolExecutor(6) as pool:
        references = list(pool.map(submit, range(6)))
    assert len(set(references)) == 1
    assert count(store) == 1 and count(store, Attachment) == 1
