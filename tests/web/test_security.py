"""Limits and hardening: request size, rate limit, security headers, and no traceback ever."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webtools import SCAM_TEXT, assert_error, make_app, token

from hangup.detect.engine import Engine
from hangup.web.csrf import Csrf
from hangup.web.ratelimit import RateLimiter


def test_declared_oversized_body_is_refused_before_reading(tmp_path: Path, engine: Engine) -> None:
    with TestClient(make_app(tmp_path, engine, web_max_request_bytes=1000)) as small:
        response = small.post("/api/v1/check", content=b"{}", headers={"content-type": "application/json",
                                                                        "content-length": "5000000000"})
        error = assert_error(response, 413, "request_too_large")
        assert "1,000 bytes" in error["message"]
        assert response.headers["x-content-type-options"] == "nosniff"  # headers on early answers too
        page = small.post("/check", content=b"x" * 2000, headers={"accept": "text/html",
                                                                 "content-type": "multipart/form-data; boundary=x"})
        assert page.status_code == 413 and "too large" in page.text and "<html" in page.text


def test_streamed_oversized_body_is_cut_off(tmp_path: Path, engine: Engine) -> None:
    sent = []

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            sent.append(1)
            yield b'{"text": "' + b"a" * 500

    with TestClient(make_app(tmp_path, engine, web_max_request_bytes=2000)) as small:
        response = small.post("/api/v1/check", content=chunks(), headers={"content-type": "application/json"})
        assert_error(response, 413, "request_too_large")
        files = small.post("/api/v1/check", files={"file": ("a.txt", b"b" * 5000)})
        assert_error(files, 413, "request_too_large")


def test_bad_content_length_is_400(client: TestClient) -> None:
    response = client.post("/api/v1/check", content=b"{}", headers={"content-type": "application/json",
                                                                    "content-length": "lots"})
    assert_error(response, 400)


def test_rate_limit_on_public_posts(tmp_path: Path, engine: Engine) -> None:
    with TestClient(make_app(tmp_path, engine, web_rate_limit=2)) as limited:
        for _ in range(2):
            assert limited.post("/api/v1/check", json={"text": "hello there"}).status_code == 200
        refused = limited.post("/api/v1/check", json={"text": "hello there"})
        assert_error(refused, 429, "rate_limited")
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert limited.get("/api/v1/health").status_code == 200  # reading is not limited
        assert_error(limited.post("/api/v1/reports", json={"report": {"channel": "call"}}), 429)
        form = limited.post("/check", data={"csrf_token": token(limited), "text": SCAM_TEXT},
                            headers={"accept": "text/html"})
        assert form.status_code == 429 and "Too many requests" in form.text


def test_rate_limiter_window() -> None:
    now = [1000.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    assert [limiter.hit("a") for _ in range(3)] == [None, None, None]
    assert limiter.hit("a") == 60
    assert limiter.hit("b") is None  # per client
    now[0] += 30
    assert limiter.hit("a") == 30
    now[0] += 30.5
    assert limiter.hit("a") is None
    assert RateLimiter(0).hit("a") is None


def test_csrf_tokens() -> None:
    csrf = Csrf("k")
    assert csrf.token_for("n" * 40) == Csrf("k").token_for("n" * 40)
    assert csrf.token_for("n" * 40) != Csrf("other").token_for("n" * 40)
    assert Csrf("").token_for("n" * 40) != Csrf("").token_for("n" * 40)  # random key per start


def test_internal_errors_are_the_error_shape_without_traceback(tmp_path: Path, engine: Engine,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(tmp_path, engine)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        error = assert_error(test_client.get("/boom"), 500, "internal_error")
        assert "secret internals" not in error["message"]
        page = test_client.get("/boom", headers={"accept": "text/html"})
        assert page.status_code == 500 and "Sorry, something went wrong" in page.text
        assert "secret internals" not in page.text
    assert "secret internals" in caplog.text  # logged for the operator


@pytest.mark.parametrize("path", ["/", "/api/v1/health", "/static/css/site.css", "/missing"])
def test_security_headers_everywhere(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_static_files_cannot_escape_their_folder(client: TestClient) -> None:
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/css/../../app.py"):
        assert client.get(path).status_code == 404
