"""The check page and its result page, over HTTP, as a browser without JavaScript would use them."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient
from htmlcheck import accessibility_problems, page_facts
from webtools import ROOT, SAFE_TEXT, SCAM_TEXT, token

DOCS = ROOT / "tests" / "fixtures" / "documents"
BROWSER = {"accept": "text/html,application/xhtml+xml"}


def _check(client: TestClient, text: str = "", files: dict[str, tuple[str, bytes]] | None = None,
           kind: str = "auto") -> object:
    data = {"csrf_token": token(client), "text": text, "kind": kind}
    return client.post("/check", data=data, files=files or {"file": ("", b"")}, headers=BROWSER)


@pytest.mark.parametrize("path", ["/", "/call", "/about", "/accessibility", "/api"])
def test_pages_are_accessible_and_secure(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert accessibility_problems(page.text) == []
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"


def test_check_page_sets_a_form_token_cookie(client: TestClient) -> None:
    page = client.get("/")
    cookie = page.headers["set-cookie"]
    assert "hangup_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert page_facts(page.text).hidden_fields["csrf_token"]


def test_scam_result_page(client: TestClient) -> None:
    page = _check(client, SCAM_TEXT)
    assert page.status_code == 200
    assert accessibility_problems(page.text) == []
    text = page.text
    assert "<h1>This looks like a scam</h1>" in text
    assert "Asks for remote access to your computer" in text
    assert "<mark>read me the nine digit number</mark>" in text
    assert "What to do now" in text and "If you already let them onto your computer" in text
    assert "Where to report it" in text and "Report Fraud" in text
    assert 'href="/static/css/print.css" media="print"' in text
    hidden = page_facts(text).hidden_fields
    assert hidden["channel"] == "call" and hidden["remote_access_id"] == "482913776"
    assert "Microsoft" in hidden["claimed_organisation"]


def test_not_flagged_result_page(client: TestClient) -> None:
    page = _check(client, SAFE_TEXT)
    assert page.status_code == 200
    assert "We did not find signs of a scam" in page.text
    assert "<mark>" not in page.text


def test_pasted_markup_is_escaped(client: TestClient) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)> Microsoft says install AnyDesk'
    page = _check(client, attack)
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert html.escape('<script>alert("x")</script>', quote=True) in page.text or "&lt;script&gt;" in page.text


@pytest.mark.parametrize(("name", "headline"), [("multipart.eml", "email"), ("call.srt", "call")])
def test_uploaded_files(client: TestClient, name: str, headline: str) -> None:
    page = _check(client, files={"file": (name, (DOCS / name).read_bytes())})
    assert page.status_code == 200, page.text
    assert page_facts(page.text).hidden_fields["channel"] == {"email": "email", "call": "call"}[headline]


def test_nothing_to_check_shows_the_form_with_an_error(client: TestClient) -> None:
    page = _check(client, "   ")
    assert page.status_code == 422
    assert "There is a problem" in page.text
    assert '<a href="#text">Paste the message, or choose a file to check.</a>' in page.text
    assert 'aria-invalid="true"' in page.text
    assert page_facts(page.text).title.startswith("Error:")
    assert accessibility_problems(page.text) == []


def test_both_text_and_file_is_an_error_that_keeps_the_text(client: TestClient) -> None:
    page = _check(client, "keep me", files={"file": ("a.txt", b"hello")})
    assert page.status_code == 422
    assert ">keep me</textarea>" in page.text


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [("report.docx", b"PK\x03\x04", 415, "cannot be checked"), ("blob.txt", b"\x00\x01\xff" * 100, 422, "binary")],
)
def test_bad_files_show_the_form_with_an_error(client: TestClient, name: str, data: bytes, status: int,
                                               words: str) -> None:
    page = _check(client, files={"file": (name, data)})
    assert page.status_code == status
    assert '<a href="#file">' in page.text and words in page.text


def test_form_without_token_is_refused(client: TestClient) -> None:
    client.get("/")
    page = client.post("/check", data={"text": SCAM_TEXT}, files={"file": ("", b"")}, headers=BROWSER)
    assert page.status_code == 403
    assert "This form has expired" in page.text and "<html" in page.text
    api_style = client.post("/check", data={"text": SCAM_TEXT}, files={"file": ("", b"")})
    assert api_style.json()["error"]["code"] == "csrf_failed"


def test_token_from_another_browser_is_refused(client: TestClient, app: object) -> None:
    stolen = token(client)
    with TestClient(app) as other:  # type: ignore[arg-type]
        other.get("/")  # has its own cookie
        page = other.post("/check", data={"csrf_token": stolen, "text": SCAM_TEXT}, files={"file": ("", b"")})
        assert page.status_code == 403


def test_cross_site_post_is_refused(client: TestClient) -> None:
    data = {"csrf_token": token(client), "text": SCAM_TEXT}
    evil = client.post("/check", data=data, files={"file": ("", b"")}, headers={"origin": "https://evil.example"})
    assert evil.status_code == 403
    fetch = client.post("/check", data=data, files={"file": ("", b"")}, headers={"sec-fetch-site": "cross-site"})
    assert fetch.status_code == 403


def test_unknown_page_is_a_friendly_404_for_browsers(client: TestClient) -> None:
    page = client.get("/no/such/page", headers=BROWSER)
    assert page.status_code == 404
    assert "Page not found" in page.text and accessibility_problems(page.text) == []
