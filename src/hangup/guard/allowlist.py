"""Allowlist: tools a genuine helper uses (a grandson, the company IT desk), with a reason and an expiry.

Stored in ``guard.sqlite3`` in the state folder, so ``hangup guard allow`` takes effect in a guard
that is already running. An allowed tool is still logged, never alerted or stopped.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from hangup.errors import GuardError, StateError
from hangup.state import open_db

_SCHEMA = """
CREATE TABLE IF NOT EXISTS allow (
    tool TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    added REAL NOT NULL,
    expires REAL
);
"""
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(w|d|h|m|min|s)", re.IGNORECASE)
_UNIT = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "min": 60, "s": 1}
FOREVER = ("forever", "always", "never-expires")


def parse_duration(text: str) -> timedelta | None:
    """``2h``, ``30m``, ``1d``, ``1h30m``, ``90s``, ``1w`` -> timedelta; ``forever`` -> None."""
    cleaned = text.strip().lower()
    if cleaned in FOREVER:
        return None
    parts = _DURATION.findall(cleaned)
    if not parts or _DURATION.sub("", cleaned).strip():
        raise GuardError(f"cannot read the duration {text!r}: use e.g. 2h, 30m, 1d, 1h30m or forever")
    seconds = sum(float(n) * _UNIT[u.lower()] for n, u in parts)
    if seconds <= 0:
        raise GuardError(f"the duration {text!r} must be longer than zero")
    return timedelta(seconds=seconds)


@dataclass(frozen=True, slots=True)
class Allowed:
    tool: str
    reason: str
    added: float
    expires: float | None  # None: until removed

    def active(self, now: float) -> bool:
        return self.expires is None or now < self.expires


class Allowlist:
    """The allowlist in ``path`` (``guard.sqlite3``); each call opens and closes the file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _conn(self) -> sqlite3.Connection:
        return open_db(self.path, _SCHEMA)

    def add(self, tool: str, reason: str, duration: timedelta | None, now: float | None = None) -> Allowed:
        """Allow ``tool`` for ``duration`` (None: until removed); replaces an earlier entry."""
        if not reason.strip():
            raise GuardError("say why the tool is allowed (--reason), e.g. 'Tom fixes my printer'")
        now = time.time() if now is None else now
        expires = None if duration is None else now + duration.total_seconds()
        entry = Allowed(tool, " ".join(reason.split()), now, expires)
        conn = self._conn()
        try:
            with conn:
                conn.execute(
                    "INSERT OR REPLACE INTO allow (tool, reason, added, expires) VALUES (?, ?, ?, ?)",
                    (entry.tool, entry.reason, entry.added, entry.expires),
                )
        except sqlite3.Error as exc:
            raise StateError(f"cannot write the allowlist {self.path}: {exc}") from exc
        finally:
            conn.close()
        return entry

    def remove(self, tool: str) -> bool:
        conn = self._conn()
        try:
            with conn:
                return conn.execute("DELETE FROM allow WHERE tool = ?", (tool,)).rowcount > 0
        except sqlite3.Error as exc:
            raise StateError(f"cannot write the allowlist {self.path}: {exc}") from exc
        finally:
            conn.close()

    def entries(self, now: float | None = None, *, expired: bool = False) -> list[Allowed]:
        """Entries in force at ``now`` (and, with ``expired``, the lapsed ones too)."""
        now = time.time() if now is None else now
        conn = self._conn()
        try:
            rows = conn.execute("SELECT tool, reason, added, expires FROM allow ORDER BY tool").fetchall()
        except sqlite3.Error as exc:
            raise StateError(f"cannot read the allowlist {self.path}: {exc}") from exc
        finally:
            conn.close()
        found = [Allowed(str(t), str(r), float(a), None if e is None else float(e)) for t, r, a, e in rows]
        return [entry for entry in found if expired or entry.active(now)]

    def lookup(self, tool: str, now: float | None = None) -> Allowed | None:
        """The entry allowing ``tool`` at ``now``, if any."""
        now = time.time() if now is None else now
        return next((e for e in self.entries(now) if e.tool == tool), None)
