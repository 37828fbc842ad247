"""Small local state shared by ``check``, call protection and the remote-access guard.

One SQLite file, ``state.sqlite3``, in the state folder (setting ``state_dir``; default
``$XDG_STATE_HOME/hangup``, i.e. ``~/.local/state/hangup``; on Windows ``%LOCALAPPDATA%\\hangup``).
It remembers recent scam flags: when a call or message was flagged, the guard warns more strongly
if a remote-access tool starts soon after. Flags older than :data:`KEEP` are dropped.

    from hangup.state import record_flag, recent_flags
    record_flag("call", "scam", 0.93, "Caller claimed to be Microsoft and asked for AnyDesk")
    recent_flags(timedelta(minutes=30))  # -> [Flag(...)], newest first

Several processes may use it at once (SQLite WAL mode, busy timeout). Errors are
:class:`~hangup.errors.StateError`; :func:`record_verdicts` never raises.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from hangup.config import Settings, load_settings
from hangup.errors import HangupError, StateError

if TYPE_CHECKING:
    from hangup.detect.verdict import Verdict

logger = logging.getLogger(__name__)

KEEP = timedelta(days=30)
FLAGGED = ("scam", "suspicious")
_SUMMARY_CHARS = 500
_SCHEMA = """
CREATE TABLE IF NOT EXISTS flags (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    source TEXT NOT NULL,
    verdict TEXT NOT NULL,
    score REAL NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS flags_at ON flags (at);
"""


@dataclass(frozen=True, slots=True)
class Flag:
    """A call or message that was flagged: where from (``check``, ``call``...), verdict, score, when."""

    source: str
    verdict: str
    score: float
    summary: str
    when: datetime

    def age(self, now: datetime | None = None) -> timedelta:
        return (now or datetime.now(UTC)) - self.when


def state_dir(settings: Settings | None = None) -> Path:
    """The state folder: setting ``state_dir``, else the platform's per-user state folder."""
    configured = (settings or load_settings()).state_dir
    if configured is not None:
        return configured.expanduser()
    if os.environ.get("XDG_STATE_HOME"):
        return Path(os.environ["XDG_STATE_HOME"]) / "hangup"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "hangup"
    return Path.home() / ".local" / "state" / "hangup"


_OPEN_TIMEOUT_S = 5.0


def use_wal(conn: sqlite3.Connection, timeout: float = _OPEN_TIMEOUT_S) -> None:
    """Switch ``conn``'s file to WAL mode, waiting while another connection creates or switches it.

    SQLite does not call the busy handler while a brand-new file changes journal mode, so
    several processes opening the same new file at once get "database is locked" at once;
    this retries until ``timeout``. Once the file is in WAL mode (it stays so) this is a read.
    """
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)


def open_db(path: Path, schema: str) -> sqlite3.Connection:
    """Open (creating folder and tables) one SQLite file of the state folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=_OPEN_TIMEOUT_S, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(_OPEN_TIMEOUT_S * 1000)}")
        use_wal(conn)
        conn.executescript(schema)
    except (OSError, sqlite3.Error) as exc:
        raise StateError(f"cannot open {path}: {exc} (setting state_dir)") from exc
    return conn


def _connect(settings: Settings | None) -> sqlite3.Connection:
    return open_db(state_dir(settings) / "state.sqlite3", _SCHEMA)


def _utc(when: datetime | None) -> datetime:
    if when is None:
        return datetime.now(UTC)
    return when if when.tzinfo else when.astimezone(UTC)


def _make_flag(source: str, verdict: str, score: float, summary: str, when: datetime | None) -> Flag:
    if not source.strip() or not verdict.strip():
        raise ValueError("source and verdict must not be empty")
    if not 0.0 <= float(score) <= 1.0:
        raise ValueError(f"score must be between 0 and 1, not {score}")
    return Flag(source.strip(), verdict.strip(), float(score), " ".join(summary.split())[:_SUMMARY_CHARS], _utc(when))


def _store(flags: list[Flag], settings: Settings) -> None:
    conn = _connect(settings)
    try:
        with conn:
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT INTO flags (at, source, verdict, score, summary) VALUES (?, ?, ?, ?, ?)",
                [(f.when.timestamp(), f.source, f.verdict, f.score, f.summary) for f in flags],
            )
            conn.execute("DELETE FROM flags WHERE at < ?", ((datetime.now(UTC) - KEEP).timestamp(),))
    except sqlite3.Error as exc:
        raise StateError(f"cannot record the flag in {state_dir(settings)}: {exc}") from exc
    finally:
        conn.close()


def record_flag(
    source: str,
    verdict: str,
    score: float,
    summary: str,
    when: datetime | None = None,
    *,
    settings: Settings | None = None,
) -> Flag | None:
    """Remember that ``source`` flagged something. None when recording is off (setting record_flags).

    ``when`` defaults to now; a naive datetime is taken as local time. Raises StateError when the
    state folder cannot be written, ValueError for an empty source or a score outside 0..1.
    """
    settings = settings or load_settings()
    if not settings.record_flags:
        return None
    flag = _make_flag(source, verdict, score, summary, when)
    _store([flag], settings)
    return flag


def recent_flags(
    within: timedelta, *, settings: Settings | None = None, now: datetime | None = None
) -> list[Flag]:
    """Flags recorded in the last ``within`` (up to ``now``), newest first."""
    now = _utc(now)
    conn = _connect(settings)
    try:
        rows = conn.execute(
            "SELECT source, verdict, score, summary, at FROM flags WHERE at >= ? AND at <= ? ORDER BY at DESC",
            ((now - within).timestamp(), now.timestamp() + 1.0),
        ).fetchall()
    except sqlite3.Error as exc:
        raise StateError(f"cannot read flags from {state_dir(settings)}: {exc}") from exc
    finally:
        conn.close()
    return [Flag(s, v, float(sc), sm, datetime.fromtimestamp(at, UTC)) for s, v, sc, sm, at in rows]


def record_verdicts(verdicts: Iterable[Verdict], settings: Settings, source: str = "check") -> int:
    """Record every flagged verdict (one write for all); never raises: a state folder that cannot
    be written only logs a warning. Returns how many were recorded."""
    if not settings.record_flags:
        return 0
    try:
        flags = [
            _make_flag(source, v.verdict, v.score, v.summary + (f" ({v.source})" if v.source else ""), None)
            for v in verdicts
            if v.verdict in FLAGGED
        ]
        if flags:
            _store(flags, settings)
    except (HangupError, ValueError) as exc:
        logger.warning("the scam flag was not remembered: %s", exc)
        return 0
    return len(flags)
