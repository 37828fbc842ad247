"""Connecting to the case store: the URL, SQLite's settings, transactions that write, migrations.

SQLite (the default) is one file, ``cases.sqlite3`` under the data directory, in WAL mode (readers
never block the writer) with foreign keys on and a 30-second busy timeout. Transactions that write
start with ``BEGIN IMMEDIATE`` so that concurrent writers queue on the busy timeout instead of
failing with "database is locked" when a read lock cannot be upgraded. PostgreSQL URLs
(``postgresql://...``) use the psycopg 3 driver.

Migrations are the Alembic scripts shipped in ``hangup/cases/migrations``; :func:`upgrade` applies
them in one transaction, holding SQLite's write lock or a PostgreSQL advisory lock, so two processes
starting at once do not race.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from hangup.config import Settings
from hangup.errors import StoreError
from hangup.state import use_wal

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

SQLITE_FILE = "cases.sqlite3"
BUSY_TIMEOUT_S = 30
WRITE = {"hangup_write": True}  # execution option: this transaction writes
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_LOCK_KEY = 0x68616E67  # advisory lock held while migrating ("hang")


def database_url(settings: Settings) -> str:
    """The store's URL: ``database_url`` if set, else the SQLite file in ``data_dir``."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{Path(settings.data_dir).expanduser() / SQLITE_FILE}"


def safe_url(url: str | URL) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def describe(exc: SQLAlchemyError) -> str:
    """The database's own words for an error, without SQLAlchemy's wrapping and links."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        return " ".join(str(exc.orig).split())
    return str(exc).split("\n(Background on this error")[0]


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        use_wal(dbapi_connection, BUSY_TIMEOUT_S)
        cursor.execute("PRAGMA foreign_keys = ON")
        # FULL: a report whose reference was handed out survives even a power cut, not just a killed process
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    writes = conn.get_execution_options().get("hangup_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def create_db_engine(url: str | URL) -> Engine:
    """An SQLAlchemy engine for the store at ``url``, set up for concurrent use from threads."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"invalid database URL {safe_url(url)}: {exc}") from exc
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        if backend == "sqlite":
            return _sqlite_engine(parsed)
        if backend != "postgresql":
            raise StoreError(f"unsupported database {backend!r}: use sqlite or postgresql")
        return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use database URL {safe_url(parsed)}: {exc}") from exc


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    memory = database in ("", ":memory:") or database.startswith("file::memory:")
    args: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}}
    if memory:
        args["poolclass"] = StaticPool  # one connection, or every checkout would see a new empty database
    else:
        path = Path(database).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data directory {path.parent}: {exc.strerror}") from exc
    engine = create_engine(url, **args)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


# Alembic is imported only when migrations are looked at: it is slow to import.


def _alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The newest migration shipped with this version of hangup."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None: an empty database)."""
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the case store at {safe_url(engine.url)}: {describe(exc)}") from exc


def _migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    from alembic import command  # noqa: PLC0415

    try:
        with engine.execution_options(**WRITE).begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
            (command.downgrade if down else command.upgrade)(_alembic_config(conn), revision)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate the case store at {safe_url(engine.url)}: {describe(exc)}") from exc
    logger.info("case store at %s is at migration %s", safe_url(engine.url), revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the shipped migrations up to ``revision``, in one transaction."""
    _migrate(engine, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Undo migrations down to ``revision`` ("base": an empty database). Deletes data; for development."""
    _migrate(engine, revision, down=True)
