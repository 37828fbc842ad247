"""The report pages: the form (blank and from a check), the receipt, and adding information with the secret."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from htmlcheck import accessibility_problems, page_facts
from webtools import SCAM_TEXT, token

from hangup.cases.store import CaseStore

REFERENCE = re.compile(r'<p class="big-code" id="reference">([A-Z0-9-]+)</p>')
SECRET = re.compile(r'<code id="secret">([A-Za-z0-9_-]+)</code>')


def _form(client: TestClient) -> dict[str, str]:
    page = client.get("/report")
    assert page.status_code == 200
    return page_facts(page.text).hidden_fields


def _submit(client: TestClient, fields: dict[str, str], files: list[tuple[str, tuple[str, bytes]]] | None = None,
            ) -> object:
    hidden = _form(client)
    return client.post("/report", data={**hidden, **fields}, files=files or [("attachments", ("", b""))])


def _receipt(page: object) -> tuple[str, str]:
    text = page.text  # type: ignore[attr-defined]
    ref, secret = REFERENCE.search(text), SECRET.search(text)
    assert ref and secret, text[:2000]
    return ref.group(1), secret.group(1)


def test_report_form_is_accessible(client: TestClient) -> None:
    page = client.get("/report")
    assert accessibility_problems(page.text) == []
    facts = page_facts(page.text)
    assert facts.hidden_fields["idempotency_key"]
    assert ("radio", "channel") in facts.controls and ("file", "attachments") in facts.controls


def test_report_is_stored_and_can_be_read_back(client: TestClient, sqlite_store: CaseStore) -> None:
    page = _submit(client, {
        "channel": "call", "contacted_date": "2026-01-05", "contacted_time": "14:30",
        "claimed_organisation": "Microsoft", "phone_numbers": "020 7946 0991\n0800 123 4567",
        "remote_access_given": "yes", "remote_access_tool": "AnyDesk", "remote_access_id": "482 913 776",
        "money_lost": "yes", "amount": "299.99", "currency": "GBP", "payment_method": "gift_card",
        "message_text": SCAM_TEXT, "age_band": "75_84", "area": "SW1A",
        "consent_to_contact": "yes", "contact_email": "me@example.org",
    }, files=[("attachments", ("call.txt", SCAM_TEXT.encode()))])
    assert page.status_code == 201, page.text  # type: ignore[attr-defined]
    assert accessibility_problems(page.text) == []  # type: ignore[attr-defined]
    reference, secret = _receipt(page)
    view = sqlite_store.get_for_reporter(reference, secret)
    assert view is not None
    assert view.report.phone_numbers == ["020 7946 0991", "0800 123 4567"]
    assert view.report.contacted_at is not None and view.report.contacted_at.hour == 14
    assert view.report.money_lost and str(view.report.amount) == "299.99"
    assert view.contact_on_file and [a.filename for a in view.attachments] == ["call.txt"]
    assert view.verdict is not None and view.verdict.verdict == "scam"


def test_double_submit_files_one_report(client: TestClient) -> None:
    hidden = _form(client)
    fields = {**hidden, "channel": "email"}
    first = client.post("/report", data=fields, files=[("attachments", ("", b""))])
    second = client.post("/report", data=fields, files=[("attachments", ("", b""))])
    assert _receipt(first)[0] == _receipt(second)[0]


def test_invalid_answers_show_the_form_again_with_links_to_fix(client: TestClient) -> None:
    page = _submit(client, {"channel": "call", "phone_numbers": "call me maybe", "amount": "12",
                            "contact_email": "me@example.org", "area": "Kent"})
    assert page.status_code == 422  # type: ignore[attr-defined]
    text = page.text  # type: ignore[attr-defined]
    assert "There is a problem" in text
    assert '<a href="#phone_numbers">' in text and 'href="#consent_to_contact"' in text
    assert ">call me maybe</textarea>" in text and 'value="Kent"' in text  # nothing typed is lost
    assert accessibility_problems(text) == []


def test_amount_without_money_lost_points_at_the_question(client: TestClient) -> None:
    page = _submit(client, {"channel": "call", "amount": "12"})
    assert page.status_code == 422  # type: ignore[attr-defined]
    assert '<a href="#money_lost">An amount was given' in page.text  # type: ignore[attr-defined]


def test_channel_is_required(client: TestClient) -> None:
    page = _submit(client, {"claimed_organisation": "BT"})
    assert page.status_code == 422  # type: ignore[attr-defined]
    assert '<a href="#channel">Choose how they contacted you.</a>' in page.text  # type: ignore[attr-defined]


def test_date_in_the_future_is_refused(client: TestClient) -> None:
    page = _submit(client, {"channel": "call", "contacted_date": "2999-01-01"})
    assert page.status_code == 422  # type: ignore[attr-defined]
    assert 'href="#contacted_date"' in page.text  # type: ignore[attr-defined]


def test_rejected_attachment_keeps_the_answers(client: TestClient) -> None:
    page = _submit(client, {"channel": "popup", "claimed_organisation": "Norton"},
                   files=[("attachments", ("virus.exe", b"MZ\x90\x00"))])
    assert page.status_code == 422  # type: ignore[attr-defined]
    text = page.text  # type: ignore[attr-defined]
    assert 'href="#attachments"' in text and ".exe" in text and 'value="Norton"' in text


def test_report_this_fills_the_form_from_a_check(client: TestClient) -> None:
    check = client.post("/check", data={"csrf_token": token(client), "text": SCAM_TEXT}, files={"file": ("", b"")})
    hidden = page_facts(check.text).hidden_fields
    form = client.post("/report/prefill", data=hidden)
    assert form.status_code == 200
    text = form.text
    assert "We have filled in what we found" in text
    assert 'value="call" checked' in text
    assert 'value="482913776"' in text and 'value="AnyDesk"' in text
    assert 'value="gift_card" checked' in text and 'value="Google Play"' in text
    assert "read me the nine digit number" in text  # the message itself


def test_prefill_needs_the_form_token(client: TestClient) -> None:
    client.get("/")
    assert client.post("/report/prefill", data={"channel": "call"}).status_code == 403


def test_add_information_and_view(client: TestClient, sqlite_store: CaseStore) -> None:
    reference, secret = _receipt(_submit(client, {"channel": "text"}))
    add_token = page_facts(client.get("/report/add").text).hidden_fields["csrf_token"]
    fields = {"csrf_token": add_token, "reference": reference.lower(), "secret": secret,
              "information": "They texted again from 07700 900123.", "action": "add"}
    page = client.post("/report/add", data=fields, files=[("attachments", ("more.txt", b"second text"))])
    assert page.status_code == 200, page.text
    assert "Information added" in page.text and reference in page.text and "more.txt" in page.text
    assert accessibility_problems(page.text) == []
    view = sqlite_store.get_for_reporter(reference, secret)
    assert view is not None and view.additions[0].text == "They texted again from 07700 900123."
    shown = client.post("/report/add", data={**fields, "action": "view", "information": ""},
                        files=[("attachments", ("", b""))])
    assert shown.status_code == 200 and "Your report" in shown.text and "Information added" not in shown.text
    assert len(sqlite_store.get_for_reporter(reference, secret).additions) == 1  # type: ignore[union-attr]


def test_add_information_with_a_wrong_secret(client: TestClient) -> None:
    reference, _ = _receipt(_submit(client, {"channel": "text"}))
    add_token = page_facts(client.get("/report/add").text).hidden_fields["csrf_token"]
    page = client.post("/report/add", data={"csrf_token": add_token, "reference": reference, "secret": "w" * 32,
                                            "information": "more", "action": "add"})
    assert page.status_code == 404
    assert "We could not find a report" in page.text and f'value="{reference}"' in page.text


def test_add_information_needs_reference_and_secret(client: TestClient) -> None:
    add_token = page_facts(client.get("/report/add").text).hidden_fields["csrf_token"]
    page = client.post("/report/add", data={"csrf_token": add_token, "action": "add"})
    assert page.status_code == 422
    assert 'href="#reference"' in page.text and 'href="#secret"' in page.text


def test_add_nothing_is_an_error(client: TestClient) -> None:
    reference, secret = _receipt(_submit(client, {"channel": "other"}))
    add_token = page_facts(client.get("/report/add").text).hidden_fields["csrf_token"]
    page = client.post("/report/add", data={"csrf_token": add_token, "reference": reference, "secret": secret,
                                            "information": " ", "action": "add"})
    assert page.status_code == 422 and 'href="#information"' in page.text
