"""The analyst pages and API on a real store: a report with its evidence, verdict and indicators,
status and notes, campaigns with confirm and split, statistics with charts and CSV, the admin pages,
and the audit log that records each view, change and export."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from analystkit import add_user, analyst_settings, make_app, seed, signed_in, token
from fastapi.testclient import TestClient
from sqlalchemy import select

from hangup.cases.analystmodels import AuditEntry
from hangup.cases.models import Attachment, Contact
from hangup.cases.store import CaseStore
from hangup.detect.engine import Engine

PHONE = ("phone", "+447700900111")
TACTIC = ("remote_access", "Asks for remote access")
MESSAGE = "This is Microsoft. Your computer has a virus. Install AnyDesk and read me the number."
ANALYSIS_TACTICS = [{"id": "remote_access", "name": "Asks for remote access", "score": 0.9,
                     "evidence": [{"text": "Install AnyDesk", "start": 50, "end": 65}]}]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("pages")
    with CaseStore.open(analyst_settings(folder), engine=engine) as store:
        when = datetime(2026, 3, 3, 12, tzinfo=UTC)
        main = seed(store, created_at=when, message_text=MESSAGE, claimed_organisation="Microsoft", area="SW1A",
                    money_lost=True, amount_minor=12_345, currency="GBP", indicators=[PHONE, ("brand", "Microsoft")],
                    tactics=[TACTIC], verdict="scam", score=0.97,
                    contact={"name": "Ann Example", "email": "ann@example.com"},
                    files=[("call notes.txt", "text/plain", b"They said: install AnyDesk"),
                           ("page.html", "text/html", b"<script>alert(1)</script>")])
        other = seed(store, created_at=when, indicators=[PHONE], area="=HYPERLINK(\"http://x\")")
        add_user(store, "admin", "admin")
        add_user(store, "analyst")
        yield {"store": store, "app": make_app(store, engine), "main": main, "other": other}


@pytest.fixture(scope="module")
def analyst(world: dict[str, Any]) -> TestClient:
    return signed_in(world["app"], "analyst")


@pytest.fixture(scope="module")
def admin(world: dict[str, Any]) -> TestClient:
    return signed_in(world["app"], "admin")


def _audit(world: dict[str, Any], action: str) -> list[AuditEntry]:
    with world["store"].session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_report_page(world: dict[str, Any], analyst: TestClient) -> None:
    page = analyst.get(f"/analyst/reports/{world['main'].lower()}")
    assert page.status_code == 200
    text = page.text
    assert MESSAGE in text and "Ann Example" in text and "ann@example.com" in text
    assert "Seen in 1 other report" in text and "(does not link reports)" in text  # the brand
    assert f'href="/analyst/campaigns/{world["main"]}"' in text
    assert "£123.45" in text and "call notes.txt" in text
    assert "Delete this reporter's personal data" not in text  # admins only
    assert "<script>alert(1)</script>" not in text  # nothing a reporter wrote is markup
    views = _audit(world, "view_report")
    assert views[-1].username == "analyst" and views[-1].target == world["main"]
    assert analyst.get("/analyst/reports/HU-2026-AAAA-BBBB").status_code == 404
    assert analyst.get("/analyst/reports/not-a-reference").status_code == 404


def test_evidence_downloads_safely(world: dict[str, Any], analyst: TestClient) -> None:
    with world["store"].session() as session:
        files = {a.filename: a.id for a in session.scalars(select(Attachment))}
    text = analyst.get(f"/analyst/reports/{world['main']}/evidence/{files['call notes.txt']}")
    assert text.status_code == 200 and text.content == b"They said: install AnyDesk"
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert text.headers["content-disposition"] == (
        "attachment; filename=\"call notes.txt\"; filename*=UTF-8''call%20notes.txt")
    assert text.headers["x-content-type-options"] == "nosniff"
    html = analyst.get(f"/analyst/reports/{world['main']}/evidence/{files['page.html']}")
    assert html.headers["content-type"] == "application/octet-stream"  # never served as a page
    assert html.headers["content-disposition"].startswith("attachment;")
    wrong_report = analyst.get(f"/analyst/reports/{world['other']}/evidence/{files['call notes.txt']}")
    assert wrong_report.status_code == 404
    assert _audit(world, "download_evidence")[-1].detail["filename"] == "page.html"


def test_status_and_notes(world: dict[str, Any], analyst: TestClient) -> None:
    ref = world["main"]
    changed = analyst.post(f"/analyst/reports/{ref}/status", data={"csrf_token": token(analyst, "/analyst"),
                                                                   "status": "reviewed"}, follow_redirects=False)
    assert changed.status_code == 303 and changed.headers["location"] == f"/analyst/reports/{ref}?changed=status"
    bad = analyst.post(f"/analyst/reports/{ref}/status", data={"csrf_token": token(analyst, "/analyst"),
                                                               "status": "deleted"})
    assert bad.status_code == 422
    note = analyst.post(f"/analyst/reports/{ref}/notes", data={"csrf_token": token(analyst, "/analyst"),
                                                               "note": "Rang the victim <b>back</b>."})
    assert note.status_code == 200 and "Note added." in note.text
    assert "Rang the victim &lt;b&gt;back&lt;/b&gt;." in note.text and "Reviewed" in note.text
    empty = analyst.post(f"/analyst/reports/{ref}/notes", data={"csrf_token": token(analyst, "/analyst"),
                                                                "note": "   "})
    assert empty.status_code == 422
    status = _audit(world, "change_status")[-1]
    assert (status.username, status.target, status.detail) == ("analyst", ref, {"from": "new", "to": "reviewed"})
    assert _audit(world, "add_note")[-1].target == ref


def test_report_list(world: dict[str, Any], analyst: TestClient) -> None:
    page = analyst.get("/analyst/reports", params={"q": "anydesk", "money_lost": "yes"})
    assert page.status_code == 200 and "1 report" in page.text and world["main"] in page.text
    assert world["other"] not in page.text
    assert analyst.get("/analyst/reports", params={"since": "yesterday"}).status_code == 422
    assert analyst.get("/analyst/reports", params={"channel": "carrier pigeon"}).status_code == 422
    listed = _audit(world, "list_reports")[-1]
    assert listed.detail["q"] == "anydesk" and listed.detail["shown"] == [world["main"]]


def test_campaign_confirm_and_split(world: dict[str, Any], analyst: TestClient) -> None:
    key = world["main"]
    page = analyst.get(f"/analyst/campaigns/{key}")
    assert page.status_code == 200 and "+447700900111" in page.text and world["other"] in page.text
    confirmed = analyst.post("/analyst/links", data={"csrf_token": token(analyst, "/analyst"), "kind": "phone",
                                                     "key": "+447700900111", "decision": "confirm", "campaign": key})
    assert confirmed.status_code == 200 and "Your decision is saved" in confirmed.text
    assert "Confirmed by analyst" in confirmed.text
    split = analyst.post(f"/analyst/campaigns/{key}/split", data={"csrf_token": token(analyst, "/analyst"),
                                                                  "report": world["other"]}, follow_redirects=False)
    assert split.status_code == 303 and split.headers["location"] == "/analyst/campaigns"  # nothing left linked
    assert analyst.get(f"/analyst/campaigns/{key}").status_code == 404
    undo = analyst.post("/analyst/links", data={"csrf_token": token(analyst, "/analyst"), "kind": "phone",
                                                "key": "+447700900111", "decision": "undo",
                                                "report": world["other"], "back": "/analyst/campaigns"})
    assert undo.status_code == 200 and analyst.get(f"/analyst/campaigns/{key}").status_code == 200
    decisions = _audit(world, "link_confirm") + _audit(world, "link_split") + _audit(world, "link_undo")
    assert [e.action for e in decisions] == ["link_confirm", "link_split", "link_undo"]
    api = analyst.get(f"/api/v1/analyst/campaigns/{key}").json()
    assert api["reports"] == 2 and api["links"][0]["confirmed"] is True
    assert {m["reference"]: m["status"] for m in api["members"]}[world["other"]] == "linked"  # set by confirming
    bad = analyst.post("/analyst/links", data={"csrf_token": token(analyst, "/analyst"), "kind": "brand",
                                               "key": "Microsoft", "decision": "confirm"})
    assert bad.status_code == 422


def test_statistics_page_and_csv(world: dict[str, Any], analyst: TestClient) -> None:
    page = analyst.get("/analyst/stats", params={"since": "2026-03-01", "until": "2026-03-31"})
    assert page.status_code == 200
    assert re.search(r'id="figure-reports">2<', page.text) and re.search(r'id="figure-total-loss">£123.45<', page.text)
    svg = re.findall(r"<svg [^>]*>.*?</svg>", page.text, re.S)
    assert len(svg) == 7 and all('role="img"' in s and "<title id=" in s and "<desc id=" in s for s in svg)
    assert " style=" not in page.text  # the Content-Security-Policy allows no inline style
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert "/analyst/stats/area.csv?since=2026-03-01&amp;until=2026-03-31" in page.text
    csv_response = analyst.get("/analyst/stats/area.csv", params={"since": "2026-03-01", "until": "2026-03-31"})
    assert csv_response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in csv_response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(csv_response.text)))
    assert rows[0] == ["Area", "Reports", "Lost money", "Loss (GBP)"]
    assert ["SW1A", "1", "1", "123.45"] in rows
    assert ["'=HYPERLINK(\"HTTP://X\")", "1", "0", "0.00"] in rows  # no formula runs in a spreadsheet
    assert analyst.get("/analyst/stats/secrets.csv").status_code == 404
    assert analyst.get("/analyst/stats", params={"since": "2026-03-31", "until": "2026-03-01"}).status_code == 422
    export = _audit(world, "export")[-1]
    assert export.target == "stats:area" and export.detail["format"] == "csv"
    assert _audit(world, "view_stats")


def test_api(world: dict[str, Any], analyst: TestClient) -> None:
    listed = analyst.get("/api/v1/analyst/reports", params={"q": world["main"]}).json()
    assert listed["total"] == 1 and listed["reports"][0]["reference"] == world["main"]
    case = analyst.get(f"/api/v1/analyst/reports/{world['main']}").json()
    assert case["contact"]["email"] == "ann@example.com" and case["facts"]["claimed_organisation"] == "Microsoft"
    campaigns = analyst.get("/api/v1/analyst/campaigns").json()
    assert campaigns["total"] >= 1 and campaigns["campaigns"][0]["links"][0]["type"] == "phone"
    stats = analyst.get("/api/v1/analyst/stats", params={"since": "2026-03-01"}).json()
    assert stats["reports"] == 2 and stats["total_loss_minor"] == 12_345
    assert analyst.get("/api/v1/analyst/campaigns/HU-2026-AAAA-BBBB").status_code == 404


def test_admin_pages(world: dict[str, Any], admin: TestClient) -> None:
    users = admin.get("/analyst/admin/users")
    assert users.status_code == 200 and "analyst" in users.text
    added = admin.post("/analyst/admin/users", data={"csrf_token": token(admin, "/analyst"), "username": "Bob",
                                                     "password": "a long enough password", "role": "analyst"})
    assert added.status_code == 200 and "Account added." in added.text and ">bob<" in added.text
    weak = admin.post("/analyst/admin/users", data={"csrf_token": token(admin, "/analyst"), "username": "carl",
                                                    "password": "short", "role": "analyst"})
    assert weak.status_code == 422
    bob = signed_in(world["app"], "bob", "a long enough password")
    assert bob.get("/api/v1/analyst/reports").status_code == 200
    reset = admin.post("/analyst/admin/users/bob/reset", data={"csrf_token": token(admin, "/analyst"),
                                                               "password": "another long password"})
    assert reset.status_code == 200 and "Password reset" in reset.text
    assert bob.get("/api/v1/analyst/reports").status_code == 401  # a reset signs the account out
    removed = admin.post("/analyst/admin/users/bob/remove", data={"csrf_token": token(admin, "/analyst")})
    assert removed.status_code == 200 and ">bob<" not in removed.text
    itself = admin.post("/analyst/admin/users/admin/remove", data={"csrf_token": token(admin, "/analyst")})
    assert itself.status_code == 422
    retention = admin.get("/analyst/admin/retention")
    assert retention.status_code == 200 and "Nothing is due for deletion." in retention.text
    audit_page = admin.get("/analyst/admin/audit", params={"action": "user_add"})
    assert audit_page.status_code == 200 and "bob" in audit_page.text
    api = admin.get("/api/v1/analyst/admin/audit", params={"username": "analyst", "action": "view_report"}).json()
    assert api["total"] >= 1 and all(e["username"] == "analyst" for e in api["entries"])


def test_forget_on_request(world: dict[str, Any], admin: TestClient) -> None:
    ref = world["main"]
    page = admin.get(f"/analyst/reports/{ref}")
    assert "Delete this reporter's personal data" in page.text
    done = admin.post(f"/analyst/admin/reports/{ref}/forget", data={"csrf_token": token(admin, "/analyst")})
    assert done.status_code == 200 and "Personal data deleted." in done.text and "Ann Example" not in done.text
    with world["store"].session() as session:
        assert session.scalars(select(Contact)).all() == []
    assert MESSAGE in done.text  # the facts stay
    assert _audit(world, "delete_personal_data")[-1].detail == {"deleted": True}
