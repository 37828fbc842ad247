"""Sharing fixtures: case stores on SQLite and on a real throwaway PostgreSQL, seeded through CaseStore."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sharing_seed import Seeded, seed

from hangup.cases.store import CaseStore
from hangup.config import Settings
from hangup.detect.engine import Engine
from pg import PostgresServer, pg_url, postgres  # noqa: F401  (fixtures)


def make_settings(data_dir: Path, **values: object) -> Settings:
    return Settings(data_dir=data_dir, share_producer="Kent Police", **values)  # type: ignore[arg-type]


def _url(request: pytest.FixtureRequest, folder: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{folder / 'cases.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path, engine: Engine) -> Iterator[CaseStore]:
    """A migrated, empty store on each backend (for tests that change it)."""
    with CaseStore(_url(request, tmp_path), settings=make_settings(tmp_path), engine=engine) as opened:
        opened.migrate()
        yield opened


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, engine: Engine
) -> Iterator[tuple[CaseStore, Seeded]]:
    """A store holding the seeded reports, on each backend, shared by a module's read-only tests."""
    folder = tmp_path_factory.mktemp("seeded")
    with CaseStore(_url(request, folder), settings=make_settings(folder), engine=engine) as opened:
        opened.migrate()
        yield opened, seed(opened)


@pytest.fixture
def sqlite_store(tmp_path: Path, engine: Engine) -> Iterator[CaseStore]:
    with CaseStore(f"sqlite:///{tmp_path / 'cases.sqlite3'}", settings=make_settings(tmp_path),
                   engine=engine) as opened:
        opened.migrate()
        yield opened


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database, on each backend in turn."""
    return _url(request, tmp_path)
