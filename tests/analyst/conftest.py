"""Analyst workspace fixtures: a migrated store on SQLite and on a real throwaway PostgreSQL, an app
on it, and the web tests' browser harness (a real `hangup serve`)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from analystkit import analyst_settings

from hangup.cases.store import CaseStore
from hangup.detect.engine import Engine
from pg import pg_url, postgres  # noqa: F401  (fixtures)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))  # the web tests' browser harness


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path, engine: Engine) -> Iterator[CaseStore]:
    """A migrated, empty store on each backend in turn."""
    overrides = {} if request.param == "sqlite" else {"database_url": str(request.getfixturevalue("pg_url"))}
    with CaseStore.open(analyst_settings(tmp_path, **overrides), engine=engine) as opened:
        yield opened


@pytest.fixture
def sqlite_store(tmp_path: Path, engine: Engine) -> Iterator[CaseStore]:
    with CaseStore.open(analyst_settings(tmp_path), engine=engine) as opened:
        yield opened
