"""Helpers for the analyst tests: reports written straight into the store (no engine), settings, an
app, signing in, form tokens."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hangup.cases.accounts import Accounts
from hangup.cases.models import Attachment, AttachmentBlob, Contact, IndicatorRow, Report, ReportTactic
from hangup.cases.references import new_reference
from hangup.cases.store import CaseStore
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.web import create_app

TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
PASSWORD = "correct horse battery staple"
NOW = datetime.now(UTC)


# argon2 at its real cost takes most of a second a hash on a busy machine: the tests use a cheap one
# (test_default_hash_cost checks the real one)
FAST_HASH = {"analyst_hash_memory_kib": 256, "analyst_hash_time_cost": 1}
FAST_HASH_ENV = {"HANGUP_ANALYST_HASH_MEMORY_KIB": "256", "HANGUP_ANALYST_HASH_TIME_COST": "1"}


def analyst_settings(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"data_dir": data_dir, "web_rate_limit": 0, "web_secret_key": "test-key", **FAST_HASH,
                              **overrides}
    return Settings(**values)


def seed(
    store: CaseStore,
    *,
    indicators: Iterable[tuple[str, str]] = (),
    tactics: Iterable[tuple[str, str]] = (),
    contact: dict[str, str] | None = None,
    files: Iterable[tuple[str, str, bytes]] = (),
    created_at: datetime | None = None,
    **facts: Any,
) -> str:
    """A report written directly (facts as Report columns); returns its reference."""
    values: dict[str, Any] = {
        "channel": "call", "phone_numbers": [], "emails": [], "websites": [], "remote_access_given": False,
        "money_lost": False, "tactics": [], **facts,
    }
    when = created_at or NOW
    row = Report(reference=new_reference(), secret_hash="0" * 64, request_hash="0" * 64, status="new", via="api",
                 created_at=when, updated_at=when, **values)
    row.indicators = [IndicatorRow(type=t, normalized=n, value=n, source="reporter") for t, n in indicators]
    tactic_list = list(tactics)
    row.tactics = [{"id": t, "name": name, "score": 0.9} for t, name in tactic_list]
    row.report_tactics = [ReportTactic(tactic=t, name=name, score=0.9) for t, name in tactic_list]
    if contact is not None:
        row.contact = Contact(consent_to_contact=True, **contact)
    row.attachments = [Attachment(filename=name, media_type=media, kind="text", size=len(data), sha256="0" * 64,
                                  blob=AttachmentBlob(data=data)) for name, media, data in files]
    with store.session(write=True) as session:
        session.add(row)
    return row.reference


def add_user(store: CaseStore, username: str, role: str = "analyst") -> None:
    Accounts(store).add(username, PASSWORD, role, actor="test")


def make_app(store: CaseStore, engine: Engine) -> FastAPI:
    return create_app(store.settings, engine=engine, store=store, open_store=False)


def token(client: TestClient, path: str = "/analyst/login") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = TOKEN.search(page.text)
    assert found, f"no form token on {path}"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    return client.post("/analyst/login", data={"csrf_token": token(client), "username": username,
                                               "password": password}, follow_redirects=False)


def signed_in(app: FastAPI, username: str, password: str = PASSWORD) -> TestClient:
    client = TestClient(app)
    response = sign_in(client, username, password)
    assert response.status_code == 303, response.text
    return client
