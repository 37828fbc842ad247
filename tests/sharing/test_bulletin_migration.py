"""Migration 0003 adds the bulletin tables after the analysts' 0002, matches the models, and can be undone."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from hangup.cases import bulletinmodels, db
from hangup.cases.models import Base

OURS = {"bulletins", "bulletin_versions"}


def _ours(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Compare only this migration's tables (the other migrations have their own tests)."""
    if type_ == "table":
        return name in OURS
    table = getattr(obj, "table", None)
    return table is None or table.name in OURS


def test_upgrade_compare_and_downgrade(backend_url: str) -> None:
    assert bulletinmodels.Bulletin.__tablename__ in Base.metadata.tables
    engine = db.create_db_engine(backend_url)
    try:
        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision() == "0003"
        assert set(inspect(engine).get_table_names()) >= OURS
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": _ours}), Base.metadata)
        assert diff == [], diff
        db.downgrade(engine, "0002")
        assert OURS.isdisjoint(inspect(engine).get_table_names())
        assert "reports" in inspect(engine).get_table_names()
        db.upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= OURS
    finally:
        engine.dispose()
