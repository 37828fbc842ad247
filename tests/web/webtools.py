"""Helpers for the web tests: sample texts, settings, an app builder, form tokens and the error shape."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hangup.cases.store import CaseStore
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.web import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SCAM_TEXT = (EXAMPLES / "scam-call-microsoft.txt").read_text(encoding="utf-8")
SAFE_TEXT = "Hi Mum, the football starts at 3 on Saturday. See you at the ground!"
TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def web_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test app: data under ``data_dir``, no rate limit unless asked, a fixed form key."""
    values: dict[str, Any] = {"data_dir": data_dir, "web_rate_limit": 0, "web_secret_key": "test-key", **overrides}
    return Settings(**values)


def make_app(tmp: Path, engine: Engine, store: CaseStore | None = None, **overrides: Any) -> FastAPI:
    return create_app(web_settings(tmp, **overrides), engine=engine, store=store, open_store=False)


def token(client: TestClient, path: str = "/") -> str:
    """The form token of the page at ``path`` (the client keeps the cookie that goes with it)."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = TOKEN.search(page.text)
    assert found, f"no form token on {path}"
    return found.group(1)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The answer is ``status`` with the one JSON error shape (and, if given, that code)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert "Traceback" not in response.text
    if code is not None:
        assert body["error"]["code"] == code, body
    return dict(body["error"])


