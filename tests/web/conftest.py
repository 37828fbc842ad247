"""Web app fixtures: the app on a real SQLite (and PostgreSQL) case store, and test clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_browser import server  # noqa: F401  (fixture)
from webtools import make_app, web_settings

from hangup.cases.store import CaseStore
from hangup.detect.engine import Engine
from pg import pg_url, postgres  # noqa: F401  (fixtures)


@pytest.fixture(scope="session")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Iterator[CaseStore]:
    """One migrated SQLite case store for the web tests of the session."""
    folder = tmp_path_factory.mktemp("web-store")
    with CaseStore.open(web_settings(folder), engine=engine) as store:
        yield store


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory, engine: Engine, sqlite_store: CaseStore) -> FastAPI:
    """The app on the session's SQLite store."""
    return make_app(tmp_path_factory.mktemp("web-app"), engine, sqlite_store)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A fresh browser-like client (own cookies) on the session's app."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_client(
    request: pytest.FixtureRequest, tmp_path: Path, engine: Engine, sqlite_store: CaseStore,
) -> Iterator[TestClient]:
    """A client on the app backed by SQLite, then by a real throwaway PostgreSQL."""
    if request.param == "sqlite":
        with TestClient(make_app(tmp_path, engine, sqlite_store)) as test_client:
            yield test_client
        return
    url = str(request.getfixturevalue("pg_url"))
    with CaseStore.open(web_settings(tmp_path, database_url=url), engine=engine) as store, \
            TestClient(make_app(tmp_path, engine, store)) as test_client:
        yield test_client
