"""POST /api/v1/check: text as JSON, files as multipart, and every way a request can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webtools import ROOT, SAFE_TEXT, SCAM_TEXT, assert_error, make_app

from hangup.detect.engine import Engine
from hangup.documents import ocr_available, read_text
from hangup.web.api_models import CheckResponse
from pdfs import make_pdf

DOCS = ROOT / "tests" / "fixtures" / "documents"


def test_json_scam_is_explained(client: TestClient) -> None:
    response = client.post("/api/v1/check", json={"text": SCAM_TEXT})
    assert response.status_code == 200
    body = response.json()
    CheckResponse.model_validate(body)  # the documented schema matches the real answer
    assert body["verdict"] == "scam"
    assert body["category"] == "tech_support"
    tactics = {t["id"]: t for t in body["tactics"]}
    assert "REMOTE_ACCESS" in tactics
    for tactic in body["tactics"]:
        for ev in tactic["evidence"]:
            if ev["start"] >= 0:
                assert body["text"][ev["start"]:ev["end"]] == ev["text"]
    assert {"type": "remote_access_id", "value": "482 913 776", "normalized": "482913776"} in body["indicators"]
    assert body["if_already"] and body["report_to"]


def test_json_safe_text_is_not_flagged(client: TestClient) -> None:
    body = client.post("/api/v1/check", json={"text": SAFE_TEXT, "kind": "sms"}).json()
    assert body["verdict"] == "not_scam"
    assert body["kind"] == "sms"
    assert body["tactics"] == []


def test_same_engine_as_the_cli(client: TestClient, engine: Engine) -> None:
    expected = engine.analyse(read_text(SCAM_TEXT))
    body = client.post("/api/v1/check", json={"text": SCAM_TEXT}).json()
    assert body["score"] == round(expected.score, 4)
    assert body["engine_version"] == expected.engine_version


@pytest.mark.parametrize(
    ("name", "kind"),
    [("multipart.eml", "email"), ("call.srt", "call"), ("call.vtt", "call"), ("transcript.txt", "call")],
)
def test_multipart_files(client: TestClient, name: str, kind: str) -> None:
    data = (DOCS / name).read_bytes()
    response = client.post("/api/v1/check", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 200, response.text
    body = response.json()
    CheckResponse.model_validate(body)
    assert body["kind"] == kind
    assert body["source"] == name


def test_mailbox_checks_the_first_message_with_a_note(client: TestClient) -> None:
    data = (DOCS / "three.mbox").read_bytes()
    body = client.post("/api/v1/check", files={"file": ("three.mbox", data)}).json()
    assert any("only the first of 3 messages" in note for note in body["notes"])


@pytest.mark.ocr
@pytest.mark.skipif(not ocr_available(), reason="tesseract (or pytesseract) not installed")
def test_screenshot_through_ocr(client: TestClient) -> None:
    data = (DOCS / "popup.png").read_bytes()
    body = client.post("/api/v1/check", files={"file": ("popup.png", data, "image/png")}).json()
    assert body["kind"] == "popup"
    assert body["verdict"] in ("scam", "suspicious")
    assert "555-0199" in body["text"]


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post("/api/v1/check", content=b'{"text": "unterminated',
                           headers={"content-type": "application/json"})
    assert_error(response, 400, "malformed_json")


def test_missing_and_unknown_fields_are_422_with_details(client: TestClient) -> None:
    error = assert_error(client.post("/api/v1/check", json={"txt": "hello"}), 422, "invalid_input")
    fields = {d["field"] for d in error["details"]}
    assert {"text", "txt"} <= fields


def test_json_that_is_not_an_object_is_422(client: TestClient) -> None:
    assert_error(client.post("/api/v1/check", json=["text"]), 422, "invalid_input")


def test_unknown_kind_is_422(client: TestClient) -> None:
    error = assert_error(client.post("/api/v1/check", json={"text": "hi", "kind": "fax"}), 422)
    assert error["details"][0]["field"] == "kind"


@pytest.mark.parametrize("text", ["", "   \n "])
def test_empty_text_is_422(client: TestClient, text: str) -> None:
    error = assert_error(client.post("/api/v1/check", json={"text": text}), 422, "unreadable_input")
    assert "empty" in error["message"]


def test_binary_file_is_422(client: TestClient) -> None:
    data = b"\x00\x01\x02\xff" * 500
    assert_error(client.post("/api/v1/check", files={"file": ("blob", data)}), 422, "unreadable_input")


def test_unsupported_file_type_is_415(client: TestClient) -> None:
    response = client.post("/api/v1/check", files={"file": ("invoice.docx", b"PK\x03\x04 ...")})
    error = assert_error(response, 415, "unsupported_media_type")
    assert ".docx" in error["message"]


def test_pdf_invoice_is_checked_and_a_damaged_one_is_422(client: TestClient) -> None:
    invoice = make_pdf([["GEEK SQUAD INVOICE", "Your Total Tech Support plan has been renewed for $399.99.",
                         "If you did not authorise this, call our billing department on 1-888-555-0147."]])
    response = client.post("/api/v1/check", files={"file": ("invoice.pdf", invoice)})
    assert response.status_code == 200, response.text
    assert response.json()["verdict"] == "scam"
    damaged = client.post("/api/v1/check", files={"file": ("invoice.pdf", b"%PDF-1.7 ...")})
    assert "PDF is damaged" in assert_error(damaged, 422, "unreadable_input")["message"]


def test_no_file_in_multipart_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/check", data={"kind": "auto"}, files={"other": ("a.txt", b"x")})
    assert_error(response, 422, "invalid_input")


@pytest.mark.parametrize("ctype", ["text/plain", "application/xml", ""])
def test_other_body_types_are_415(client: TestClient, ctype: str) -> None:
    response = client.post("/api/v1/check", content=b"Microsoft calling", headers={"content-type": ctype})
    assert_error(response, 415, "unsupported_media_type")


def test_broken_multipart_is_400(client: TestClient) -> None:
    response = client.post(
        "/api/v1/check", content=b"--xyz\r\nnot a part", headers={"content-type": "multipart/form-data"},
    )
    assert_error(response, 400)


def test_wrong_method_is_405_and_unknown_path_404(client: TestClient) -> None:
    assert_error(client.get("/api/v1/check"), 405, "method_not_allowed")
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")


def test_regex_bomb_like_input_answers(client: TestClient) -> None:
    text = ("a" * 5000 + "!" ) * 40 + " call +44 800 " + "1" * 3000
    response = client.post("/api/v1/check", json={"text": text})
    assert response.status_code == 200


def test_text_over_the_input_limit_is_413(tmp_path: Path, engine: Engine) -> None:
    app = make_app(tmp_path, engine, max_input_bytes=1000)
    with TestClient(app) as small:
        assert_error(small.post("/api/v1/check", json={"text": "x" * 2000}), 413, "input_too_large")
        response = small.post("/api/v1/check", files={"file": ("big.txt", b"y" * 2000)})
        assert_error(response, 413, "input_too_large")
