"""The guard's files in the state folder (setting state_dir)."""

from __future__ import annotations

from pathlib import Path

from hangup.config import Settings
from hangup.state import state_dir


def guard_db(settings: Settings) -> Path:
    """The guard's SQLite file: allowlist and event log."""
    return state_dir(settings) / "guard.sqlite3"


def pid_file(settings: Settings) -> Path:
    """Where a running guard writes its pid (read by ``hangup guard status``)."""
    return state_dir(settings) / "guard.pid"
