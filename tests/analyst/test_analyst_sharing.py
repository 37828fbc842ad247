"""Sharing from the analyst pages: a campaign as STIX 2.1 (validates and re-imports) and as a MISP
event (loads in PyMISP), a period as CSV, with no victim's personal data; a bulletin drafted, edited,
approved and downloaded. Every download is in the audit log."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import stix2
from analystkit import add_user, analyst_settings, make_app, seed, signed_in, token
from fastapi.testclient import TestClient
from pymisp import MISPEvent
from sqlalchemy import select

from hangup.cases.analystmodels import AuditEntry
from hangup.cases.store import CaseStore
from hangup.detect.engine import Engine

PHONE = ("phone", "+447700900111")
VICTIM = {"name": "Ann Example", "email": "ann.victim@example.com", "phone": "07911 123456"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("sharing")
    with CaseStore.open(analyst_settings(folder), engine=engine) as store:
        when = datetime.now(UTC) - timedelta(days=3)
        first = seed(store, created_at=when, indicators=[PHONE, ("remote_access_id", "anydesk:123456789")],
                     contact=VICTIM, area="SW1A", money_lost=True, amount_minor=50_000, currency="GBP",
                     message_text="Microsoft here. Call us back on 07700 900111. Ann, your licence expired.")
        seed(store, created_at=when, indicators=[PHONE, ("email", "ann.victim@example.com")], contact=VICTIM,
             area="SW1A")
        add_user(store, "analyst")
        yield {"store": store, "app": make_app(store, engine), "key": first}


@pytest.fixture(scope="module")
def analyst(world: dict[str, Any]) -> TestClient:
    return signed_in(world["app"], "analyst")


def _no_personal_data(text: str) -> None:
    for value in ("Ann Example", "ann.victim@example.com", "07911", "447911123456"):
        assert value not in text


def test_campaign_as_stix_and_misp(world: dict[str, Any], analyst: TestClient) -> None:
    key = world["key"]
    page = analyst.get(f"/analyst/campaigns/{key}")
    assert f'href="/analyst/campaigns/{key}/export/stix"' in page.text
    stix = analyst.get(f"/analyst/campaigns/{key}/export/stix")
    assert stix.status_code == 200 and "attachment" in stix.headers["content-disposition"]
    bundle = stix2.parse(stix.text, allow_custom=False)
    assert bundle.type == "bundle" and stix2.parse(bundle.serialize()).id == bundle.id  # re-imports
    assert "+447700900111" in stix.text
    _no_personal_data(stix.text)
    misp = analyst.get(f"/analyst/campaigns/{key}/export/misp")
    event = MISPEvent()
    event.load(misp.text)
    values = {a.value for o in event.objects for a in o.attributes}
    assert "+447700900111" in values
    _no_personal_data(misp.text)
    with world["store"].session() as session:
        exports = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert [(e.target, e.detail["format"]) for e in exports][-2:] == [(f"campaign:{key}", "stix"),
                                                                     (f"campaign:{key}", "misp")]
    assert analyst.get(f"/analyst/campaigns/{key}/export/pdf").status_code == 422


def test_period_as_csv(world: dict[str, Any], analyst: TestClient) -> None:
    since = (datetime.now(UTC) - timedelta(days=7)).date().isoformat()
    response = analyst.get("/analyst/exports/download", params={"since": since, "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2
    _no_personal_data(response.text)
    assert analyst.get("/analyst/exports/download", params={"format": "csv"}).status_code == 422
    assert analyst.get("/analyst/exports").status_code == 200


def test_bulletin_draft_edit_approve(world: dict[str, Any], analyst: TestClient) -> None:
    since = (datetime.now(UTC) - timedelta(days=30)).date().isoformat()
    drafted = analyst.post("/analyst/bulletins", data={"csrf_token": token(analyst, "/analyst"), "area": "SW1",
                                                       "area_name": "Westminster", "since": since},
                           follow_redirects=False)
    assert drafted.status_code == 303
    path = drafted.headers["location"]
    page = analyst.get(path)
    assert page.status_code == 200 and "Westminster" in page.text and 'id="b-headline"' in page.text
    headline = re.search(r'id="b-headline" name="headline" type="text" value="([^"]*)"', page.text)
    assert headline
    form = {name: re.search(rf'name="{name}"[^>]*>([^<]*)</textarea>', page.text, re.S).group(1)  # type: ignore
            for name in ("summary", "tactics", "advice", "report", "closing")}
    form = {k: v.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"') for k, v in form.items()}
    for name in ("issuer", "tactics_heading", "advice_heading", "report_heading"):
        found = re.search(rf'name="{name}" type="text" value="([^"]*)"', page.text)
        assert found
        form[name] = found.group(1).replace("&#39;", "'").replace("&amp;", "&")
    saved = analyst.post(path, data={**form, "csrf_token": token(analyst, "/analyst"), "version": "1",
                                     "headline": "Westminster: beware of fake Microsoft calls"})
    assert saved.status_code == 200 and "Saved as version 2." in saved.text
    stale = analyst.post(f"{path}/approve", data={"csrf_token": token(analyst, "/analyst"), "version": "1"})
    assert stale.status_code == 409  # the text changed since version 1 was read
    approved = analyst.post(f"{path}/approve", data={"csrf_token": token(analyst, "/analyst"), "version": "2"})
    assert approved.status_code == 200 and "Version 2 is approved." in approved.text
    text = analyst.get(f"{path}/download/text")
    assert text.status_code == 200 and "Westminster: beware of fake Microsoft calls" in text.text
    assert "approved" in text.headers["content-disposition"]
    _no_personal_data(text.text)
    markdown = analyst.get(f"{path}/download/md")
    assert markdown.headers["content-type"].startswith("text/markdown")
    empty = analyst.post(path, data={**form, "csrf_token": token(analyst, "/analyst"), "version": "2",
                                     "headline": "", "advice": ""})
    assert empty.status_code == 422
    assert analyst.get("/analyst/bulletins/99999").status_code == 404
    assert "Westminster" in analyst.get("/analyst/bulletins").text
