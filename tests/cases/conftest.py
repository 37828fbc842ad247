"""Case store fixtures: a store on SQLite and on a real throwaway PostgreSQL, and evidence files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hangup.cases.store import CaseStore
from hangup.config import Settings
from hangup.detect.engine import Engine
from pg import pg_url, postgres  # noqa: F401  (fixtures)


def make_store(url: str, tmp_path: Path, engine: Engine, **settings: object) -> CaseStore:
    store = CaseStore(url, settings=Settings(data_dir=tmp_path, **settings), engine=engine)  # type: ignore[arg-type]
    store.migrate()
    return store


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database, on each backend in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(backend_url: str, tmp_path: Path, engine: Engine) -> Iterator[CaseStore]:
    """A migrated, empty store on each backend, sharing the session's scam engine."""
    with make_store(backend_url, tmp_path, engine) as opened:
        yield opened


@pytest.fixture
def sqlite_store(tmp_path: Path, engine: Engine) -> Iterator[CaseStore]:
    with make_store(f"sqlite:///{tmp_path / 'cases.sqlite3'}", tmp_path, engine) as opened:
        yield opened
