"""The guard's event log: every event, what was said about it and what was done, in ``guard.sqlite3``."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hangup.errors import StateError
from hangup.state import open_db

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    kind TEXT NOT NULL,
    tool TEXT NOT NULL,
    pid INTEGER,
    process TEXT,
    detail TEXT NOT NULL,
    level TEXT NOT NULL,
    outcome TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_at ON events (at);
"""


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """One line of the log. ``level``: "" (logged only), "warning" or "strong"; ``outcome``: what
    was done (allowed, suspended, ended, ignored, an error)."""

    at: float
    kind: str
    tool: str
    pid: int | None
    process: str | None
    detail: str
    level: str
    outcome: str
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "at": self.at, "kind": self.kind, "tool": self.tool, "pid": self.pid, "process": self.process,
            "detail": self.detail, "level": self.level, "outcome": self.outcome,
        }
        if self.data:
            out["data"] = self.data
        return out


class EventLog:
    """Append and read the log in ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def add(self, entry: LoggedEvent) -> None:
        conn = open_db(self.path, _SCHEMA)
        try:
            with conn:
                conn.execute(
                    "INSERT INTO events (at, kind, tool, pid, process, detail, level, outcome, data)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry.at, entry.kind, entry.tool, entry.pid, entry.process, entry.detail, entry.level,
                     entry.outcome, json.dumps(entry.data, ensure_ascii=False)),
                )
        except sqlite3.Error as exc:
            raise StateError(f"cannot write the guard's log {self.path}: {exc}") from exc
        finally:
            conn.close()

    def note(self, kind: str, detail: str, *, tool: str = "", outcome: str = "") -> None:
        """A line that is not about a process: the guard started or stopped, a tool was allowed."""
        self.add(LoggedEvent(time.time(), kind, tool, None, None, detail, "", outcome, {}))

    def recent(self, limit: int = 50, since: float | None = None) -> list[LoggedEvent]:
        """The last ``limit`` lines (since ``since``), oldest first."""
        conn = open_db(self.path, _SCHEMA)
        try:
            rows = conn.execute(
                "SELECT at, kind, tool, pid, process, detail, level, outcome, data FROM events"
                " WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?",
                (since or 0.0, max(0, limit)),
            ).fetchall()
        except sqlite3.Error as exc:
            raise StateError(f"cannot read the guard's log {self.path}: {exc}") from exc
        finally:
            conn.close()
        return [
            LoggedEvent(float(at), k, t, p, pr, d, lv, o, json.loads(data) if data else {})
            for at, k, t, p, pr, d, lv, o, data in reversed(rows)
        ]

    def prune(self, days: float) -> int:
        conn = open_db(self.path, _SCHEMA)
        try:
            with conn:
                return conn.execute("DELETE FROM events WHERE at < ?", (time.time() - days * 86400,)).rowcount
        except sqlite3.Error as exc:
            raise StateError(f"cannot prune the guard's log {self.path}: {exc}") from exc
        finally:
            conn.close()
