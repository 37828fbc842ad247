"""Reports go in whole and come back whole, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from casedata import PNG, SCAM_CALL, SCAM_EMAIL, wav_bytes
from sqlalchemy import select

from hangup.cases.models import Analysis, AttachmentBlob, Contact, IndicatorRow, Report, ReportTactic
from hangup.cases.schema import AttachmentIn, ContactIn, ReportIn
from hangup.cases.store import CaseStore

FULL = ReportIn(
    channel="call",
    contacted_at=datetime(2026, 3, 2, 14, 30, tzinfo=UTC),
    claimed_organisation="Microsoft Windows Support",
    phone_numbers=["0800 123 4567", "+1 (888) 555-0100"],
    emails=["Help@Windows-Fix-Desk.COM"],
    websites=["https://www.windows-fix-desk.com/support?id=7"],
    remote_access_given=True,
    remote_access_tool="AnyDesk",
    remote_access_id="987 654 321",
    money_lost=True,
    amount=Decimal("1250.50"),
    currency="EUR",
    payment_method="bank_transfer",
    paid_to_account_number="12345678",
    paid_to_sort_code="12-34-56",
    paid_to_iban="GB82 WEST 1234 5698 7654 32",
    paid_to_card_merchant="TECH FIX LTD",
    paid_to_gift_card_type="Google Play",
    paid_to_crypto_wallet="bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    suspicious_because="Microsoft never calls people; they wanted me to keep it from my bank.",
    message_text=SCAM_CALL,
    age_band="75_84",
    area="Kent",
)


def test_every_field_round_trips(store: CaseStore) -> None:
    contact = ContactIn(consent_to_contact=True, name="Ada Reporter", email="ada@example.org", phone="07700 900123")
    files = [
        AttachmentIn(filename="email.eml", content_type="message/rfc822", data=SCAM_EMAIL),
        AttachmentIn(filename="C:\\Users\\ada\\screen.png", content_type="image/png", data=PNG),
        AttachmentIn(filename="call.wav", content_type="audio/x-wav", data=wav_bytes()),
    ]
    receipt = store.add_report(FULL, contact, files, via="web")
    view = store.get_for_reporter(receipt.reference, receipt.secret)
    assert view is not None
    assert view.report.model_dump() == FULL.model_dump()
    assert view.report.amount == Decimal("1250.50")
    assert view.report.contacted_at == datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
    assert view.status == "new"
    assert view.contact_on_file
    assert view.submitted_at.tzinfo is not None and abs((datetime.now(UTC) - view.submitted_at).total_seconds()) < 120
    assert [(a.filename, a.content_type) for a in view.attachments] == [
        ("email.eml", "message/rfc822"), ("screen.png", "image/png"), ("call.wav", "audio/wav"),
    ]
    assert view.attachments[1].size == len(PNG)
    assert view.verdict is not None and view.verdict.verdict == "scam"
    assert view.verdict.category == "tech_support"
    assert {"REMOTE_ACCESS", "PAYMENT_DEMAND"} <= {t.id for t in view.verdict.tactics}

    with store.session() as session:
        row = session.scalars(select(Report).where(Report.reference == receipt.reference)).one()
        assert row.via == "web" and row.amount_minor == 125050 and row.currency == "EUR"
        assert row.engine_version == store.engine.version
        contact_row = session.scalars(select(Contact).where(Contact.report_id == row.id)).one()
        assert (contact_row.name, contact_row.email, contact_row.phone) == ("Ada Reporter", "ada@example.org",
                                                                             "07700 900123")
        blobs = session.scalars(select(AttachmentBlob.data)).all()
        assert sorted(blobs) == sorted([SCAM_EMAIL, PNG, wav_bytes()])
        sources = session.scalars(select(Analysis.source).where(Analysis.report_id == row.id)).all()
        assert sorted(sources) == ["attachment", "message"]  # the .eml is read; the image and audio are not
        tactics = set(session.scalars(select(ReportTactic.tactic).where(ReportTactic.report_id == row.id)))
        assert tactics == {t["id"] for t in row.tactics}


def test_indicators_are_normalised_from_reporter_and_engine(store: CaseStore) -> None:
    receipt = store.add_report(
        FULL, None, [AttachmentIn(filename="email.eml", data=SCAM_EMAIL)],
    )
    with store.session() as session:
        rows = session.scalars(
            select(IndicatorRow).join(Report).where(Report.reference == receipt.reference)
        ).all()
    found = {(r.type, r.normalized): r.source for r in rows}
    assert found[("phone", "+448001234567")] == "reporter"
    assert found[("phone", "+18885550100")] == "reporter"
    assert found[("phone", "+18885550199")] == "attachment"  # from the email's body
    assert found[("email", "help@windows-fix-desk.com")] == "reporter"
    assert found[("domain", "windows-fix-desk.com")] == "reporter"
    assert ("url", "https://www.windows-fix-desk.com/support") in found
    assert found[("remote_access_id", "anydesk:987654321")] == "reporter"
    assert found[("remote_access_id", "anydesk:123456789")] == "message"  # read out in the call
    assert found[("remote_access_tool", "AnyDesk")] == "reporter"
    assert ("bank_account", "iban:GB82WEST12345698765432") in found
    assert ("bank_account", "uk_account:123456:12345678") in found
    assert ("crypto_wallet", "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq") in found
    assert ("card_merchant", "tech fix ltd") in found
    assert ("brand", "Microsoft") in found
    assert ("payment_method", "gift_card:google_play") in found
    assert len(rows) == len(found)  # one row per (type, normalized value)


def test_minimal_report_and_no_contact(store: CaseStore) -> None:
    receipt = store.add_report(ReportIn(channel="popup"))
    view = store.get_for_reporter(receipt.reference, receipt.secret)
    assert view is not None
    assert view.report == ReportIn(channel="popup")
    assert view.verdict is None and view.attachments == [] and not view.contact_on_file


def test_add_information_later(store: CaseStore) -> None:
    receipt = store.add_report(ReportIn(channel="call", suspicious_because="they knew my name"))
    view = store.add_information(
        receipt.reference, receipt.secret, "They called back from 0800 999 1234 and asked me to install TeamViewer.",
        [AttachmentIn(filename="email.eml", data=SCAM_EMAIL)],
    )
    assert len(view.additions) == 1
    assert view.additions[0].attachments[0].filename == "email.eml"
    assert view.attachments == []  # evidence added later is listed under its addition
    assert view.verdict is not None  # the addition was analysed and lifted the report's verdict
    with store.session() as session:
        found = set(session.execute(select(IndicatorRow.type, IndicatorRow.normalized, IndicatorRow.source)))
    assert ("phone", "+448009991234", "addition") in found
    assert ("phone", "+18885550199", "addition") in found
    again = store.get_for_reporter(receipt.reference, receipt.secret)
    assert again is not None and again.updated_at >= again.submitted_at
