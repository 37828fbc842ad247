"""Migrations build the schema on an empty database (both backends), are safe to re-run, and match the models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import hangup.cases.analystmodels
import hangup.cases.bulletinmodels  # noqa: F401 - their tables join Base.metadata
from hangup.cases import db
from hangup.cases.models import Base
from hangup.cases.store import CaseStore
from hangup.config import Settings
from hangup.errors import StoreError

TABLES = {"reports", "contacts", "indicators", "analyses", "report_tactics", "additions", "attachments",
          "attachment_blobs", "alembic_version"}


def _search_index(change: object) -> bool:
    """The full-text search tables are made by raw SQL (FTS5 / tsvector), not by the models."""
    item = change[1] if isinstance(change, tuple) and len(change) > 1 else None
    table = getattr(item, "table", item)  # an Index names its table; a Table is one
    name = getattr(table, "name", "")
    return isinstance(name, str) and name.startswith(("reports_fts", "reports_search"))


def test_upgrade_on_an_empty_database(backend_url: str) -> None:
    engine = db.create_db_engine(backend_url)
    try:
        assert db.current_revision(engine) is None
        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision() is not None
        assert set(inspect(engine).get_table_names()) >= TABLES
        indexes = {i["name"] for i in inspect(engine).get_indexes("indicators")}
        assert "ix_indicators_type_normalized" in indexes
        db.upgrade(engine)  # again: nothing to do, no error
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        diff = [d for d in diff if not _search_index(d)]
        assert diff == [], diff  # the migrations build exactly what the models describe
        db.downgrade(engine, "base")  # and can be undone
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()


def test_open_migrates_and_sets_sqlite_pragmas(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "new" / "dir")
    with CaseStore.open(settings) as store:
        assert store.healthy()
        with store.db.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_S * 1000
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    path = tmp_path / "new" / "dir" / db.SQLITE_FILE
    assert path.is_file()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (db.head_revision(),)


def test_database_url_setting() -> None:
    assert db.database_url(Settings(data_dir=Path("/srv/hangup"))) == "sqlite:////srv/hangup/cases.sqlite3"
    assert db.database_url(Settings(database_url="postgresql://u:pw@h/x")) == "postgresql://u:pw@h/x"
    engine = db.create_db_engine("postgresql://u:pw@127.0.0.1:1/x")
    assert engine.url.drivername == "postgresql+psycopg"
    assert db.safe_url(engine.url) == "postgresql+psycopg://u:***@127.0.0.1:1/x"
    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        db.create_db_engine("mysql://x@127.0.0.1/db")
    with pytest.raises(StoreError, match="invalid database URL"):
        db.create_db_engine("not a url")
