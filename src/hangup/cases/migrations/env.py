"""Alembic environment: runs the migrations on the connection :func:`hangup.cases.db.upgrade` passes in.

For a developer writing a new migration: ``alembic -c <an ini with script_location =
src/hangup/cases/migrations and sqlalchemy.url>`` works too (offline SQL is not supported).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

import hangup.cases.analystmodels
import hangup.cases.bulletinmodels  # noqa: F401 - every table joins Base.metadata
from hangup.cases.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection and no sqlalchemy.url to migrate")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported; run `hangup db upgrade`")
run()
