"""The reports API on SQLite and on a real PostgreSQL: file, read back with the secret, add information."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from fastapi.testclient import TestClient
from webtools import SCAM_TEXT, assert_error, make_app

from hangup.cases.schema import ReportReceipt, ReportView
from hangup.detect.engine import Engine

REPORT = {
    "channel": "call",
    "claimed_organisation": "Microsoft",
    "phone_numbers": ["020 7946 0991"],
    "remote_access_given": True,
    "remote_access_tool": "AnyDesk",
    "remote_access_id": "482 913 776",
    "money_lost": True,
    "amount": "299.99",
    "currency": "GBP",
    "payment_method": "gift_card",
    "paid_to_gift_card_type": "Google Play",
    "message_text": SCAM_TEXT,
    "age_band": "75_84",
    "area": "SW1A",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)


def _file(client: TestClient, **extra: object) -> ReportReceipt:
    response = client.post("/api/v1/reports", json={"report": REPORT, **extra})
    assert response.status_code == 201, response.text
    receipt = ReportReceipt.model_validate(response.json())
    assert response.headers["location"] == f"/api/v1/reports/{receipt.reference}"
    return receipt


def test_file_read_back_and_add_information(backend_client: TestClient) -> None:
    receipt = _file(backend_client, contact={"consent_to_contact": True, "email": "me@example.org"})
    got = backend_client.get(f"/api/v1/reports/{receipt.reference}", headers={"X-Report-Secret": receipt.secret})
    assert got.status_code == 200, got.text
    view = ReportView.model_validate(got.json())
    assert view.reference == receipt.reference
    assert view.report.remote_access_id == "482 913 776"
    assert view.verdict is not None and view.verdict.verdict == "scam"
    assert view.contact_on_file is True
    assert "me@example.org" not in got.text  # contact details are never shown back

    added = backend_client.post(
        f"/api/v1/reports/{receipt.reference}/information",
        json={"text": "They called again from 020 7946 0992.",
              "attachments": [{"filename": "shot.png", "data_base64": base64.b64encode(PNG).decode()}]},
        headers={"X-Report-Secret": receipt.secret},
    )
    assert added.status_code == 200, added.text
    after = ReportView.model_validate(added.json())
    assert [a.text for a in after.additions] == ["They called again from 020 7946 0992."]
    assert [f.filename for f in after.additions[0].attachments] == ["shot.png"]


def test_reference_is_accepted_as_a_person_types_it(backend_client: TestClient) -> None:
    receipt = _file(backend_client)
    typed = receipt.reference.lower().replace("-", " ")
    got = backend_client.get(f"/api/v1/reports/{typed}", headers={"X-Report-Secret": receipt.secret})
    assert got.status_code == 200


def test_wrong_or_missing_secret(backend_client: TestClient) -> None:
    receipt = _file(backend_client)
    url = f"/api/v1/reports/{receipt.reference}"
    assert_error(backend_client.get(url), 401, "secret_required")
    assert_error(backend_client.get(url, headers={"X-Report-Secret": "x" * 32}), 404, "report_not_found")
    assert_error(backend_client.get("/api/v1/reports/HU-2026-AAAA-BBBB", headers={"X-Report-Secret": receipt.secret}),
                 404, "report_not_found")
    wrong = backend_client.post(f"{url}/information", json={"text": "hi"}, headers={"X-Report-Secret": "y" * 32})
    assert_error(wrong, 404, "report_not_found")
    assert_error(backend_client.post(f"{url}/information", json={"text": "hi"}), 401, "secret_required")


def test_multipart_report_with_attachments(backend_client: TestClient) -> None:
    response = backend_client.post(
        "/api/v1/reports",
        data={"report": json.dumps({"channel": "email"}), "contact": json.dumps({"consent_to_contact": False})},
        files=[("attachments", ("scam.eml", b"From: a@b.example\r\nSubject: Norton\r\n\r\nCall 0800 123 4567", "")),
               ("attachments", ("screen.png", PNG, "image/png"))],
    )
    assert response.status_code == 201, response.text
    receipt = ReportReceipt.model_validate(response.json())
    view = backend_client.get(f"/api/v1/reports/{receipt.reference}", headers={"X-Report-Secret": receipt.secret})
    assert sorted(a["filename"] for a in view.json()["attachments"]) == ["scam.eml", "screen.png"]


def test_idempotent_retry_and_conflict(backend_client: TestClient) -> None:
    headers = {"Idempotency-Key": "retry-key-0001"}
    first = backend_client.post("/api/v1/reports", json={"report": REPORT}, headers=headers)
    again = backend_client.post("/api/v1/reports", json={"report": REPORT}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]
    assert again.json()["replayed"] is True
    other = backend_client.post("/api/v1/reports", json={"report": {"channel": "email"}}, headers=headers)
    assert_error(other, 409, "idempotency_conflict")


def test_invalid_reports_name_the_fields(client: TestClient) -> None:
    bad = {**REPORT, "phone_numbers": ["not a number"], "channel": "fax", "amount": "lots"}
    error = assert_error(client.post("/api/v1/reports", json={"report": bad}), 422, "invalid_input")
    fields = {d["field"] for d in error["details"]}
    assert {"report.phone_numbers.0", "report.channel", "report.amount"} <= fields
    error = assert_error(client.post("/api/v1/reports", json={"report": {"channel": "call"}, "extra": 1}), 422)
    assert error["details"][0]["field"] == "extra"
    assert_error(client.post("/api/v1/reports", json={}), 422, "invalid_input")


def test_contact_without_consent_is_422(client: TestClient) -> None:
    body = {"report": {"channel": "call"}, "contact": {"email": "me@example.org"}}
    error = assert_error(client.post("/api/v1/reports", json=body), 422)
    assert "consent" in error["details"][0]["message"]


def test_bad_bodies(client: TestClient) -> None:
    assert_error(client.post("/api/v1/reports", content=b"{", headers={"content-type": "application/json"}),
                 400, "malformed_json")
    assert_error(client.post("/api/v1/reports", content=b"channel=call",
                             headers={"content-type": "application/x-www-form-urlencoded"}), 415)
    assert_error(client.post("/api/v1/reports", data={"contact": "{}"}, files={"x": ("a.txt", b"a")}), 422)
    assert_error(client.post("/api/v1/reports", data={"report": "{not json"}, files={"x": ("a.txt", b"a")}), 422)
    body = {"report": {"channel": "call"}, "attachments": [{"filename": "a.png", "data_base64": "!!!"}]}
    assert_error(client.post("/api/v1/reports", json=body), 422, "invalid_input")


def test_attachment_limits(client: TestClient) -> None:
    fake_png = {"filename": "shot.png", "data_base64": base64.b64encode(b"not an image").decode()}
    response = client.post("/api/v1/reports", json={"report": {"channel": "call"}, "attachments": [fake_png]})
    error = assert_error(response, 422, "attachment_rejected")
    assert "shot.png" in error["message"]
    exe = {"filename": "tool.exe", "data_base64": base64.b64encode(b"MZ\x90\x00").decode()}
    assert_error(client.post("/api/v1/reports", json={"report": {"channel": "call"}, "attachments": [exe]}),
                 422, "attachment_rejected")
    empty = {"filename": "a.txt", "data_base64": ""}
    assert_error(client.post("/api/v1/reports", json={"report": {"channel": "call"}, "attachments": [empty]}), 422)


def test_nothing_to_add_is_422(client: TestClient) -> None:
    receipt = _file(client)
    response = client.post(f"/api/v1/reports/{receipt.reference}/information", json={"text": "  "},
                           headers={"X-Report-Secret": receipt.secret})
    assert_error(response, 422, "unreadable_input")


def test_without_a_store_reports_are_503_and_health_degraded(tmp_path: Path, engine: Engine) -> None:
    with TestClient(make_app(tmp_path, engine)) as no_store:
        assert_error(no_store.post("/api/v1/reports", json={"report": REPORT}), 503, "store_unavailable")
        health = no_store.get("/api/v1/health").json()
        assert health["status"] == "degraded" and health["store"] == "unavailable"


def test_health(client: TestClient) -> None:
    health = client.get("/api/v1/health").json()
    assert health["status"] == "ok" and health["store"] == "ok"
    assert health["engine_version"].startswith(health["version"])
