"""References, secrets and who may read a report; deleting personal data keeps the case facts."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import select

from hangup.cases.models import Contact, IndicatorRow, Report
from hangup.cases.references import hash_secret, new_reference, new_secret, normalize_reference, secret_matches
from hangup.cases.schema import ContactIn, ReportIn
from hangup.cases.store import CaseStore
from hangup.errors import InputError, ReportNotFound

REFERENCE = re.compile(r"^HU-20\d\d-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_reference_shape_and_spread() -> None:
    refs = {new_reference() for _ in range(2000)}
    assert len(refs) == 2000
    assert all(REFERENCE.match(r) for r in refs)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("HU-2026-7K3M-Q9TX", "HU-2026-7K3M-Q9TX"),
        (" hu 2026 7k3m q9tx ", "HU-2026-7K3M-Q9TX"),
        ("HU20267K3MQ9TX", "HU-2026-7K3M-Q9TX"),
        ("HU-2026-OK3M-Q9TL", "HU-2026-0K3M-Q9T1"),  # O read as 0, L as 1
        ("HU-2026-7K3M-Q9T", None),
        ("HU-2026-7K3M-Q9TU", None),  # U is not in the alphabet
        ("XX-2026-7K3M-Q9TX", None),
        ("'; DROP TABLE reports; --", None),
        ("", None),
    ],
)
def test_reference_as_typed(typed: str, canonical: str | None) -> None:
    assert normalize_reference(typed) == canonical


def test_secret_matching() -> None:
    stored = hash_secret("s3cret-value-with-enough-length")
    assert secret_matches("s3cret-value-with-enough-length", stored)
    assert not secret_matches("s3cret-value-with-enough-lengtH", stored)
    assert not secret_matches("", stored)
    assert not secret_matches("s3cret-value-with-enough-length", None)
    assert not secret_matches("x" * 10_000, stored)


def test_a_new_secret_can_be_typed_back_loosely() -> None:
    secret = new_secret()
    assert len(secret) == 39 and secret.count("-") == 7
    stored = hash_secret(secret)
    assert secret_matches(secret, stored)
    assert secret_matches(" " + secret.lower().replace("-", " ") + " ", stored)
    assert secret_matches(secret.replace("-", "").replace("0", "O").replace("1", "I"), stored)
    changed = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    assert not secret_matches(changed, stored)
    assert not secret_matches(secret[:-5], stored)


def test_secrets_of_the_earlier_form_still_match_exactly() -> None:
    old = "Zm9vYmFyLWJhei1xdXV4LTEyMzQ1Njc4OTBhYmNk"[:32]
    stored = hashlib.sha256(old.encode()).hexdigest()  # what the store kept for such a secret
    assert secret_matches(old, stored)
    assert not secret_matches(old.lower(), stored)


def test_only_the_secret_opens_a_report(store: CaseStore) -> None:
    receipt = store.add_report(ReportIn(channel="call", area="Leeds"))
    other = store.add_report(ReportIn(channel="email"))
    assert store.get_for_reporter(receipt.reference, receipt.secret) is not None
    assert store.get_for_reporter(receipt.reference.lower().replace("-", " "), receipt.secret) is not None
    assert store.get_for_reporter(receipt.reference, other.secret) is None
    assert store.get_for_reporter(receipt.reference, receipt.secret[:-1]) is None
    assert store.get_for_reporter(receipt.reference, "") is None
    assert store.get_for_reporter("HU-2026-0000-0000", receipt.secret) is None
    assert store.get_for_reporter("nonsense", receipt.secret) is None
    with pytest.raises(ReportNotFound):
        store.add_information(receipt.reference, other.secret, "more")
    with pytest.raises(InputError, match="nothing to add"):
        store.add_information(receipt.reference, receipt.secret, "   ")
    with store.session() as session:
        row = session.scalars(select(Report).where(Report.reference == receipt.reference)).one()
        assert row.secret_hash == hash_secret(receipt.secret)
        assert receipt.secret not in repr(row.__dict__)


def test_delete_personal_data_keeps_the_facts(store: CaseStore) -> None:
    contact = ContactIn(consent_to_contact=True, name="Ada", email="Ada@Example.org", phone="07700 900123")
    report = ReportIn(
        channel="email", phone_numbers=["0800 123 4567"],
        message_text="Hello ada@example.org, your Microsoft licence expired. Call 0800 123 4567 or we call "
        "07700 900123.",
    )
    receipt = store.add_report(report, contact)
    with store.session() as session:
        values = set(session.scalars(select(IndicatorRow.normalized)))
    assert "+448001234567" in values
    assert "ada@example.org" not in values and "+447700900123" not in values  # the reporter's own details

    assert store.delete_personal_data(receipt.reference) is True
    assert store.delete_personal_data(receipt.reference) is False  # nothing left to delete
    view = store.get_for_reporter(receipt.reference, receipt.secret)
    assert view is not None and not view.contact_on_file
    assert view.report == report and view.verdict is not None
    with store.session() as session:
        assert session.scalars(select(Contact)).all() == []
        row = session.scalars(select(Report)).one()
        assert row.personal_data_deleted_at is not None
        assert "+448001234567" in set(session.scalars(select(IndicatorRow.normalized)))
    with pytest.raises(ReportNotFound):
        store.delete_personal_data("HU-2026-0000-0000")


def test_no_contact_row_without_consent(store: CaseStore) -> None:
    store.add_report(ReportIn(channel="text"), ContactIn(consent_to_contact=False))
    with store.session() as session:
        assert session.scalars(select(Contact)).all() == []


def test_a_taken_reference_is_drawn_again(store: CaseStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import hangup.cases.store as store_module  # noqa: PLC0415

    drawn = iter(["HU-2026-AAAA-AAAA", "HU-2026-AAAA-AAAA", "HU-2026-BBBB-BBBB"])
    monkeypatch.setattr(store_module, "new_reference", lambda: next(drawn))
    first = store.add_report(ReportIn(channel="call"))
    second = store.add_report(ReportIn(channel="text"))
    assert (first.reference, second.reference) == ("HU-2026-AAAA-AAAA", "HU-2026-BBBB-BBBB")
    view = store.get_for_reporter(second.reference, second.secret)
    assert view is not None and view.report.channel == "text"
