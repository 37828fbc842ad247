"""No victim's personal data leaves in any export format, on SQLite and PostgreSQL; the scammers' does."""

from __future__ import annotations

from datetime import date

import pytest
from sharing_seed import (
    ANYDESK_ID,
    CALLBACK_PHONE_E164,
    OTHER_EMAIL,
    SCAM_EMAIL_ADDRESS,
    SCAM_PHONE_E164,
    VICTIM_EMAIL,
    Seeded,
    leaks,
    seed,
)
from sqlalchemy import inspect

from hangup.cases.exports.formats import FORMATS, render_export
from hangup.cases.exports.privacy import KEPT_COLUMNS, SHARED_COLUMNS, PersonalData, shareable_url
from hangup.cases.exports.selection import build_export, make_selection
from hangup.cases.models import Report
from hangup.cases.schema import ContactIn, ReportIn
from hangup.cases.store import CaseStore


def _every_format(store: CaseStore, selection_kwargs: dict[str, object]) -> dict[str, str]:
    data = build_export(store, make_selection(**selection_kwargs))  # type: ignore[arg-type]
    return {fmt: render_export(data, fmt, store.settings, min_reports=1).text for fmt in FORMATS}


def test_leak_detector_works() -> None:
    assert {VICTIM_EMAIL, "07911 123456"} <= set(leaks(f"call 07911-123-456 or {VICTIM_EMAIL.upper()}"))
    assert leaks("Mrs THISTLEWOOD") == ["thistlewood"]
    assert leaks("+442079460991 anydesk:123456789") == []


@pytest.mark.parametrize("selection", [{"since": date(2026, 4, 1)}, {"report_ids": "campaign"}],
                         ids=["period", "campaign"])
def test_no_personal_data_in_any_format(seeded_store: tuple[CaseStore, Seeded], selection: dict[str, object]) -> None:
    store, seeded = seeded_store
    if selection.get("report_ids") == "campaign":
        selection = {"report_ids": seeded.campaign}
    outputs = _every_format(store, selection)
    assert set(outputs) == set(FORMATS)
    for fmt, text in outputs.items():
        assert leaks(text) == [], f"{fmt} leaks {leaks(text)}"
        assert "example.org" not in text and "quincefamily" not in text, fmt  # victims' email domains
    # the scammers' details do leave
    assert SCAM_PHONE_E164 in outputs["phone-list"]
    for fmt in ("json", "stix", "misp", "csv-indicators"):
        assert SCAM_PHONE_E164 in outputs[fmt] and "123456789" in outputs[fmt], fmt
    if selection.get("report_ids") is None:
        assert CALLBACK_PHONE_E164 in outputs["phone-list"]  # found in the text of two reports: corroborated


def test_scam_values_leave_victims_values_do_not(seeded_store: tuple[CaseStore, Seeded]) -> None:
    store, seeded = seeded_store
    data = build_export(store, make_selection(since=date(2026, 4, 1)))
    values = {(i.type, i.value) for i in data.indicators}
    assert ("email", SCAM_EMAIL_ADDRESS) in values  # typed by the reporter as the scammer's
    assert ("remote_access_id", ANYDESK_ID) in values
    assert ("url", "https://fix-my-pc-now.com/login") in values  # without ?user=<victim's address>
    assert ("bank_account", "uk_account:123456:12345678") in values
    assert ("bank_account", "sort_code:123456") not in values  # a branch, not an account
    assert not any(kind == "email" and value in (VICTIM_EMAIL, OTHER_EMAIL) for kind, value in values)
    assert not any(kind == "card_merchant" for kind, _ in values)  # held the victim's name
    assert data.withheld >= 3
    assert len(data.reports) == len(seeded.all)


def test_text_only_values_need_corroboration(store: CaseStore) -> None:
    text = ("Caller: This is Microsoft, your computer has a virus. Install AnyDesk.\n"
            "Me: my email is jo.victim@privatemail-example.co.uk and my phone is 07933 111222.\n")
    store.add_report(ReportIn(channel="call", message_text=text))
    data = build_export(store, make_selection(since=date(2020, 1, 1)))
    shared = " ".join(v for r in data.reports for _, v in r.indicators)
    assert "jo.victim" not in shared and "privatemail-example" not in shared and "933111222" not in shared
    # the same address in two reports counts as corroborated (a scam address many victims quote)
    store.add_report(ReportIn(channel="call", message_text=text))
    data = build_export(store, make_selection(since=date(2020, 1, 1)))
    assert any(v == "jo.victim@privatemail-example.co.uk" for r in data.reports for _, v in r.indicators)


def test_contact_details_hold_even_when_repeated(store: CaseStore) -> None:
    victim = ContactIn(consent_to_contact=True, name="Rosalind Pemberton", email="ros.p@pemberton-home.net",
                       phone="07944 222333")
    text = "Caller: Microsoft here. Me: reach me at ros.p@pemberton-home.net or 07944 222333."
    for _ in range(3):
        store.add_report(ReportIn(channel="call", message_text=text, phone_numbers=["07944 222333"]), victim)
    for text_out in _every_format(store, {"since": date(2020, 1, 1)}).values():
        assert "pemberton" not in text_out.lower() and "944222333" not in text_out.replace(" ", "")


def test_personal_data_stays_out_after_deletion(store: CaseStore) -> None:
    seeded = seed(store)
    for reference in [seeded.references[i] for i in seeded.campaign[:2]]:
        assert store.delete_personal_data(reference)
    for fmt, text in _every_format(store, {"report_ids": seeded.campaign}).items():
        assert leaks(text) == [], fmt
        assert "example.org" not in text, fmt


def test_genuine_sites_and_helplines_are_left_out(store: CaseStore) -> None:
    for _ in range(2):
        store.add_report(ReportIn(channel="call", phone_numbers=["0300 123 2040", "020 7946 0000"],
                                  websites=["https://www.microsoft.com/en-gb/support", "anydesk.com"],
                                  claimed_organisation="Microsoft"))
    data = build_export(store, make_selection(since=date(2020, 1, 1)))
    values = {v for i in data.indicators for v in [i.value]}
    assert "+442079460000" in values
    assert not values & {"+443001232040", "microsoft.com", "anydesk.com", "https://www.microsoft.com/en-gb/support"}


def test_every_report_column_is_classified() -> None:
    columns = {c.name for c in inspect(Report).columns}
    assert SHARED_COLUMNS.isdisjoint(KEPT_COLUMNS)
    assert columns == SHARED_COLUMNS | KEPT_COLUMNS, "classify new report columns in exports/privacy.py"
    assert {"message_text", "suspicious_because", "area", "age_band"} <= KEPT_COLUMNS


@pytest.mark.parametrize(("url", "expected"), [
    ("https://evil.example.com/fix?user=jane@x.com#top", "https://evil.example.com/fix"),
    ("http://user:pw@evil.example.com:8080/a", "http://evil.example.com:8080/a"),
    ("https://evil.example.com/u/jane%40x.com/", "https://evil.example.com/"),
    ("evil.example.com/login", "http://evil.example.com/login"),
    ("https://evil.example.com/thistlewood/login", "https://evil.example.com/"),
    ("http://[::1", None),
])
def test_urls_are_trimmed(url: str, expected: str | None) -> None:
    personal = PersonalData()
    personal.add_contact(7, "Margaret Thistlewood", None, None)
    assert shareable_url(url, personal, 7) == expected
