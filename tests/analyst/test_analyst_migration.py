"""Migration 0002 on both backends: builds what the models describe (plus the search index), keeps
the full-text index in step with the reports, and can be undone."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from analystkit import seed
from sqlalchemy import inspect, select, text, update

from hangup.cases import analystmodels, db
from hangup.cases.linkrules import load_rules
from hangup.cases.models import Base, Report
from hangup.cases.search import ReportFilter, find_reports
from hangup.cases.store import CaseStore

NEW_TABLES = {"analyst_users", "analyst_sessions", "login_failures", "audit_log", "report_notes", "link_decisions"}


def _ours(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Compare only this migration's tables (later migrations and the FTS5 shadow tables are not ours)."""
    if type_ == "table":
        return name in NEW_TABLES
    table = getattr(obj, "table", None)
    return table is None or table.name in NEW_TABLES


def test_schema_matches_the_models_and_downgrades(store: CaseStore) -> None:
    assert analystmodels.AnalystUser.__tablename__ in Base.metadata.tables
    assert db.current_revision(store.db) == db.head_revision()
    assert set(inspect(store.db).get_table_names()) >= NEW_TABLES
    with store.db.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": _ours}), Base.metadata)
    assert diff == [], diff
    db.downgrade(store.db, "0001")
    tables = set(inspect(store.db).get_table_names())
    assert not tables & NEW_TABLES and not any(t.startswith(("reports_fts", "reports_search")) for t in tables)
    db.upgrade(store.db)
    assert set(inspect(store.db).get_table_names()) >= NEW_TABLES


def test_search_index_follows_the_reports(store: CaseStore) -> None:
    ref = seed(store, message_text="gift cards please")

    def hits(word: str) -> list[str]:
        with store.session() as session:
            page = find_reports(session, load_rules(), ReportFilter(q=word), page_size=10, region="GB")
        return [line.reference for line in page.lines]

    assert hits("gift") == [ref]
    with store.session(write=True) as session:
        session.execute(update(Report).where(Report.reference == ref).values(message_text="bitcoin only"))
    assert (hits("gift"), hits("bitcoin")) == ([], [ref])
    with store.session(write=True) as session:
        session.execute(update(Report).where(Report.reference == ref).values(status="closed"))  # not indexed
    assert hits("bitcoin") == [ref]
    with store.session(write=True) as session:
        session.delete(session.scalars(select(Report).where(Report.reference == ref)).one())
    assert hits("bitcoin") == []
    table = "reports_fts" if store.db.dialect.name == "sqlite" else "reports_search"
    with store.db.connect() as conn:
        assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
