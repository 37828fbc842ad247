"""The analyst side: accounts, sessions, sign-in failures, audit log, notes, link decisions; full-text search.

Full-text search over the reports' words (message, what made them suspicious, who they claimed to
be, area), in a table kept in step with ``reports`` by triggers: on SQLite the FTS5 table
``reports_fts`` (skipped when this SQLite has no FTS5: search then falls back to LIKE); on
PostgreSQL ``reports_search``, one stored ``tsvector`` per report with a GIN index (stored, so that
a search matching most reports does not recompute every vector). A later migration that rebuilds
``reports`` on SQLite (batch mode copies the table) must create the ``reports_fts_*`` triggers again.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import OperationalError

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

COLUMNS = ("message_text", "suspicious_because", "claimed_organisation", "area")


def _document(row: str = "") -> str:
    """The words of a report as one English ``tsvector`` (``row``: "NEW." in a trigger)."""
    return "to_tsvector('english', " + " || ' ' || ".join(f"coalesce({row}{c}, '')" for c in COLUMNS) + ")"


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _accounts() -> None:
    op.create_table(
        "analyst_users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        _when("created_at"),
        _when("password_changed_at"),
        _when("last_login_at", nullable=True),
    )
    op.create_table(
        "analyst_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("analyst_users.id", ondelete="CASCADE"), nullable=False),
        _when("created_at"),
        _when("last_seen_at"),
        _when("expires_at"),
        sa.Column("client", sa.String(64)),
    )
    op.create_index("ix_analyst_sessions_user_id", "analyst_sessions", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        _when("last_failure_at"),
        _when("locked_until", nullable=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        _when("at"),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.String(200)),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("client", sa.String(64)),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_username", "audit_log", ["username"])
    op.create_index("ix_audit_log_action", "audit_log", ["action"])


def _casework() -> None:
    op.create_table(
        "report_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _when("created_at"),
    )
    op.create_index("ix_report_notes_report_id", "report_notes", ["report_id"])
    op.create_table(
        "link_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE")),
        sa.Column("decision", sa.String(8), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text()),
        _when("created_at"),
    )
    op.create_index("ix_link_decisions_kind_key", "link_decisions", ["kind", "key"])
    op.create_index("ix_link_decisions_report_id", "link_decisions", ["report_id"])


def _sqlite_search() -> None:
    conn = op.get_bind()
    cols = ", ".join(COLUMNS)
    new = ", ".join(f"new.{c}" for c in COLUMNS)
    old = ", ".join(f"old.{c}" for c in COLUMNS)
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(
                f"CREATE VIRTUAL TABLE reports_fts USING fts5({cols}, content='reports', content_rowid='id', "
                "tokenize='porter unicode61 remove_diacritics 2')"
            )
    except OperationalError:  # this SQLite was built without FTS5: search uses LIKE
        return
    insert = f"INSERT INTO reports_fts(rowid, {cols}) VALUES (new.id, {new});"
    delete = f"INSERT INTO reports_fts(reports_fts, rowid, {cols}) VALUES ('delete', old.id, {old});"
    conn.exec_driver_sql(f"CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN {insert} END")
    conn.exec_driver_sql(f"CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN {delete} END")
    conn.exec_driver_sql(
        f"CREATE TRIGGER reports_fts_update AFTER UPDATE OF {cols} ON reports BEGIN {delete} {insert} END"
    )
    conn.exec_driver_sql("INSERT INTO reports_fts(reports_fts) VALUES ('rebuild')")


def _postgresql_search() -> None:
    op.execute("CREATE TABLE reports_search (report_id integer PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE, "
               "document tsvector NOT NULL)")
    op.execute("CREATE INDEX ix_reports_search_document ON reports_search USING gin (document)")
    op.execute(
        "CREATE FUNCTION reports_search_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO reports_search (report_id, document) VALUES (NEW.id, {_document('NEW.')}) "
        "ON CONFLICT (report_id) DO UPDATE SET document = EXCLUDED.document; RETURN NULL; END $$"
    )
    op.execute(f"CREATE TRIGGER reports_search_update AFTER INSERT OR UPDATE OF {', '.join(COLUMNS)} ON reports "
               "FOR EACH ROW EXECUTE FUNCTION reports_search_update()")
    op.execute(f"INSERT INTO reports_search (report_id, document) SELECT id, {_document()} FROM reports")


def upgrade() -> None:
    _accounts()
    _casework()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_search()
    elif dialect == "postgresql":
        _postgresql_search()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS reports_fts_{name}")
        op.execute("DROP TABLE IF EXISTS reports_fts")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS reports_search_update ON reports")
        op.execute("DROP FUNCTION IF EXISTS reports_search_update()")
        op.execute("DROP TABLE IF EXISTS reports_search")
    for table in ("link_decisions", "report_notes", "audit_log", "login_failures", "analyst_sessions",
                  "analyst_users"):
        op.drop_table(table)
