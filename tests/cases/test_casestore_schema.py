"""What the intake accepts and the plain-English reasons it refuses the rest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from hangup.cases.schema import AttachmentIn, ContactIn, InformationIn, ReportIn, explain, field_errors


def problems(**fields: object) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        ReportIn.model_validate(fields)
    return field_errors(info.value)


def test_form_values_are_tidied() -> None:
    report = ReportIn.model_validate({
        "channel": "email", "contacted_at": "2026-01-05", "claimed_organisation": "  BT  ", "area": "",
        "phone_numbers": "0800 123 4567", "emails": ["", "x@example.com"], "paid_to_sort_code": "123456",
        "paid_to_iban": "gb82 west 1234 5698 7654 32", "currency": "gbp", "amount": "", "age_band": "",
    })
    assert report.contacted_at == datetime(2026, 1, 5, tzinfo=UTC)
    assert report.claimed_organisation == "BT" and report.area is None and report.amount is None
    assert report.phone_numbers == ["0800 123 4567"] and report.emails == ["x@example.com"]
    assert report.paid_to_sort_code == "12-34-56" and report.paid_to_iban == "GB82WEST12345698765432"
    assert report.currency == "GBP"
    assert ReportIn(channel="text", contacted_at=date(2026, 1, 5)).contacted_at == datetime(2026, 1, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "where", "says"),
    [
        ({"channel": "fax"}, "channel", "'call', 'email', 'text', 'popup' or 'other'"),
        ({}, "channel", "Field required"),
        ({"channel": "call", "phone_numbers": ["call me"]}, "phone_numbers.0", "is not a phone number"),
        ({"channel": "call", "emails": ["bob.example.com"]}, "emails.0", "is not an email address"),
        ({"channel": "call", "websites": ["not a site"]}, "websites.0", "is not a website address"),
        ({"channel": "call", "paid_to_iban": "GB00WEST12345698765432"}, "paid_to_iban", "not a valid IBAN"),
        ({"channel": "call", "paid_to_sort_code": "12-34"}, "paid_to_sort_code", "six digits"),
        ({"channel": "call", "paid_to_account_number": "12ab5678"}, "paid_to_account_number", "digits only"),
        ({"channel": "call", "paid_to_crypto_wallet": "bc1 abc"}, "paid_to_crypto_wallet", "without spaces"),
        ({"channel": "call", "currency": "pounds"}, "currency", "three-letter currency code"),
        ({"channel": "call", "amount": "-5", "money_lost": True}, "amount", "greater than or equal to 0"),
        ({"channel": "call", "amount": "1.234", "money_lost": True}, "amount", "2 decimal places"),
        ({"channel": "call", "amount": "20"}, "", "tick 'money lost' or clear the amount"),
        ({"channel": "call", "age_band": "old"}, "age_band", "'under_18'"),
        ({"channel": "call", "contacted_at": "1970-01-01"}, "contacted_at", "too far in the past"),
        ({"channel": "call", "claimed_organisation": "x" * 201}, "claimed_organisation", "at most 200 characters"),
        ({"channel": "call", "area": "Kent\x07"}, "area", "control characters"),
        ({"channel": "call", "phone_numbers": ["0800 123 4567"] * 21}, "phone_numbers", "at most 20 items"),
        ({"channel": "call", "surprise": 1}, "surprise", "Extra inputs are not permitted"),
    ],
)
def test_bad_fields_are_named_with_a_reason(fields: dict[str, object], where: str, says: str) -> None:
    found = problems(**fields)
    assert any(w == where and says in msg for w, msg in found), found


def test_future_dates_are_refused() -> None:
    tomorrow_and_more = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    assert problems(channel="call", contacted_at=tomorrow_and_more) == [("contacted_at", "the date is in the future")]


def test_explain_is_one_readable_line() -> None:
    with pytest.raises(ValidationError) as info:
        ReportIn.model_validate({"channel": "call", "emails": ["nope"], "amount": "x"})
    text = explain(info.value)
    assert "emails.0: 'nope' is not an email address" in text
    assert "amount:" in text and "\n" not in text and "Value error" not in text


def test_contact_needs_consent_and_a_way_to_reach() -> None:
    assert ContactIn().consent_to_contact is False
    assert ContactIn(consent_to_contact=True, phone="07700 900123").phone == "07700 900123"
    with pytest.raises(ValidationError, match="without consent"):
        ContactIn(name="Ada", email="ada@example.org")
    with pytest.raises(ValidationError, match="give an email address or a phone number"):
        ContactIn(consent_to_contact=True, name="Ada")
    assert ContactIn(consent_to_contact=True, email="a@example.org", name="", phone="").name is None


def test_attachment_names_are_plain() -> None:
    assert AttachmentIn(filename="../../etc/passwd.txt", data=b"x").filename == "passwd.txt"
    assert AttachmentIn(filename="C:\\evil\\shot.png", data=b"x", content_type="").content_type == (
        "application/octet-stream"
    )
    with pytest.raises(ValidationError, match="the file is empty"):
        AttachmentIn(filename="a.txt", data=b"")
    with pytest.raises(ValidationError, match="not printable"):
        AttachmentIn(filename="dir/", data=b"x")
    with pytest.raises(ValidationError, match="not printable"):
        AttachmentIn(filename="a\x00.txt", data=b"x")


def test_information_text() -> None:
    assert InformationIn(text="  ").text is None
    with pytest.raises(ValidationError):
        InformationIn(text="x" * 20_001)
