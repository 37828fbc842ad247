"""Who may use what: every analyst page and API route, taken from the route table, refuses an
anonymous visitor, every admin route refuses an analyst, every form refuses a missing or forged
anti-forgery token; session cookies are http-only and SameSite=Strict (and Secure over https)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from analystkit import PASSWORD, add_user, analyst_settings, make_app, seed, sign_in, signed_in, token
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from hangup.cases.accounts import Accounts
from hangup.cases.bulletins import BulletinRequest, draft_bulletin
from hangup.cases.models import Attachment
from hangup.cases.store import CaseStore
from hangup.detect.engine import Engine
from hangup.web.analyst.routes import ADMIN, PUBLIC, ROUTERS

PHONE = ("phone", "+447700900111")
ROUTES = sorted({(r.path, m) for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)
                 for m in r.methods})
PUBLIC_ROUTES = {(r.path, m) for router in PUBLIC for r in router.routes if isinstance(r, APIRoute) for m in r.methods}
ADMIN_ROUTES = {(r.path, m) for router in ADMIN for r in router.routes if isinstance(r, APIRoute) for m in r.methods}
PROTECTED = [route for route in ROUTES if route not in PUBLIC_ROUTES]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Iterator[dict[str, Any]]:
    """One app with an admin, an analyst, a bystander account, a campaign and an evidence file."""
    folder = tmp_path_factory.mktemp("access")
    with CaseStore.open(analyst_settings(folder), engine=engine) as store:
        first = seed(store, indicators=[PHONE], files=[("a.txt", "text/plain", b"evidence")])
        seed(store, indicators=[PHONE])
        add_user(store, "admin", "admin")
        add_user(store, "analyst")
        add_user(store, "bystander")
        with store.session() as session:
            attachment = session.scalars(select(Attachment.id)).one()
        bulletin = draft_bulletin(store, BulletinRequest(area="", since=date(2026, 1, 1), area_name="Kent"),
                                  by="admin").id
        yield {"store": store, "app": make_app(store, engine), "reference": first, "attachment": attachment,
               "bulletin": bulletin}


def _path(template: str, world: dict[str, Any]) -> str:
    values = {"reference": world["reference"], "key": world["reference"], "table_id": "area",
              "attachment_id": str(world["attachment"]), "username": "bystander",
              "fmt": "md" if "bulletins" in template else "csv",
              "bulletin_id": str(world["bulletin"])}
    path = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)
    assert "{" not in path
    return path


def _send(client: TestClient, method: str, path: str, *, html: bool, csrf: bool = True) -> Any:
    headers = {"accept": "text/html" if html else "application/json"}
    if method == "GET":
        return client.get(path, headers=headers, follow_redirects=False)
    data = {"csrf_token": token(client)} if csrf else {"note": "x"}
    return client.post(path, data=data, headers=headers, follow_redirects=False)


def _refused_json(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, (response.status_code, response.text[:300])
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code


def test_the_route_table_is_what_the_app_serves(world: dict[str, Any]) -> None:
    app: FastAPI = world["app"]
    served = set()
    for route in app.routes:
        for inner in getattr(getattr(route, "original_router", None), "routes", [route]):
            if isinstance(inner, APIRoute) and inner.path.startswith(("/analyst", "/api/v1/analyst")):
                served |= {(inner.path, m) for m in inner.methods}
    assert served == set(ROUTES)
    assert {("/analyst/login", "GET"), ("/analyst/login", "POST"), ("/analyst/logout", "POST")} == PUBLIC_ROUTES
    assert all(p.startswith(("/analyst/admin/", "/api/v1/analyst/admin/")) for p, _ in ADMIN_ROUTES)
    assert all(not p.startswith(("/analyst/admin", "/api/v1/analyst/admin")) for p, _ in set(ROUTES) - ADMIN_ROUTES)


@pytest.mark.parametrize(("template", "method"), PROTECTED)
def test_anonymous_is_refused(world: dict[str, Any], template: str, method: str) -> None:
    path = _path(template, world)
    with TestClient(world["app"]) as client:
        _refused_json(_send(client, method, path, html=False), 401, "login_required")
        page = _send(client, method, path, html=True)
        if method == "GET" and not path.startswith("/api/"):
            assert page.status_code == 303 and page.headers["location"].startswith("/analyst/login?next=%2Fanalyst")
        else:
            assert page.status_code == 401
        stale = TestClient(world["app"], cookies={"hangup_analyst": "made-up-session-token"})
        _refused_json(_send(stale, method, path, html=False), 401, "login_required")


@pytest.mark.parametrize(("template", "method"), sorted(ADMIN_ROUTES))
def test_analyst_is_refused_admin_routes(world: dict[str, Any], template: str, method: str) -> None:
    client = signed_in(world["app"], "analyst")
    _refused_json(_send(client, method, _path(template, world), html=False), 403, "forbidden")


@pytest.mark.parametrize(("template", "method"), [r for r in ROUTES if r[1] == "POST"])
def test_forms_need_the_anti_forgery_token(world: dict[str, Any], template: str, method: str) -> None:
    client = signed_in(world["app"], "admin")
    path = _path(template, world)
    _refused_json(_send(client, method, path, html=False, csrf=False), 403, "csrf_failed")
    forged = client.post(path, data={"csrf_token": "0" * 64}, follow_redirects=False)
    _refused_json(forged, 403, "csrf_failed")
    cross_site = client.post(path, data={"csrf_token": token(client)}, follow_redirects=False,
                             headers={"origin": "https://evil.example", "sec-fetch-site": "cross-site"})
    _refused_json(cross_site, 403, "csrf_failed")
    assert client.get("/api/v1/analyst/reports").status_code == 200  # still signed in


def test_analyst_may_use_analyst_routes(world: dict[str, Any]) -> None:
    client = signed_in(world["app"], "analyst")
    for template, method in PROTECTED:
        if method == "GET" and (template, method) not in ADMIN_ROUTES:
            path = _path(template, world)
            if path == "/analyst/exports/download":
                path += "?since=2026-01-01&format=csv"
            response = client.get(path, follow_redirects=False)
            assert response.status_code == 200, (template, response.text[:300])


def test_cookie_flags(world: dict[str, Any], tmp_path: Path, engine: Engine) -> None:
    plain = TestClient(world["app"])
    cookie = sign_in(plain, "analyst").headers["set-cookie"]
    assert "hangup_analyst=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie and "Max-Age=28800" in cookie
    https = TestClient(world["app"], base_url="https://testserver")
    assert "Secure" in sign_in(https, "analyst").headers["set-cookie"]
    with CaseStore.open(analyst_settings(tmp_path, analyst_secure_cookie=True), engine=engine) as store:
        add_user(store, "ann")
        proxied = TestClient(make_app(store, engine))
        assert "Secure" in sign_in(proxied, "ann").headers["set-cookie"]


def test_sign_in_goes_only_to_analyst_pages(world: dict[str, Any]) -> None:
    for target, expected in [("/analyst/stats", "/analyst/stats"), ("//evil.example/x", "/analyst"),
                             ("https://evil.example", "/analyst"), ("/analyst\\..\\x", "/analyst"),
                             ("/report", "/analyst")]:
        client = TestClient(world["app"])
        response = client.post("/analyst/login", data={"csrf_token": token(client), "username": "analyst",
                                                       "password": PASSWORD, "next": target}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == expected


def test_wrong_password_and_sign_out(world: dict[str, Any]) -> None:
    client = TestClient(world["app"])
    wrong = sign_in(client, "analyst", "not my password")
    assert wrong.status_code == 401 and "The user name or the password is wrong." in wrong.text
    assert "hangup_analyst" not in wrong.headers.get("set-cookie", "")
    empty = client.post("/analyst/login", data={"csrf_token": token(client), "username": ""})
    assert empty.status_code == 422
    client = signed_in(world["app"], "analyst")
    out = client.post("/analyst/logout", data={"csrf_token": token(client, "/analyst")}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/analyst/login"
    assert client.get("/api/v1/analyst/reports").status_code == 401


def test_removed_account_is_signed_out(world: dict[str, Any]) -> None:
    add_user(world["store"], "temporary")
    client = signed_in(world["app"], "temporary")
    assert client.get("/api/v1/analyst/reports").status_code == 200
    Accounts(world["store"]).remove("temporary", actor="admin")
    _refused_json(client.get("/api/v1/analyst/reports"), 401, "login_required")


def test_lock_out_on_the_sign_in_page(tmp_path: Path, engine: Engine) -> None:
    with CaseStore.open(analyst_settings(tmp_path, analyst_max_failed_logins=2), engine=engine) as store:
        add_user(store, "ann")
        client = TestClient(make_app(store, engine))
        assert sign_in(client, "ann", "wrong one").status_code == 401
        locked = sign_in(client, "ann", "wrong two")
        assert locked.status_code == 429 and "locked for 15 minutes" in locked.text
        assert int(locked.headers["retry-after"]) == 900
        again = sign_in(client, "ann")  # the right password, too late
        assert again.status_code == 429 and "hangup_analyst" not in again.headers.get("set-cookie", "")
