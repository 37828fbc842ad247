"""``guard.pid`` in the state folder: lets ``hangup guard status`` tell whether a guard is running."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import psutil


def write(path: Path) -> None:
    """Record this process as the running guard (pid and creation time)."""
    me = psutil.Process()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{me.pid} {me.create_time()}\n", encoding="ascii")


def remove(path: Path) -> None:
    """Forget the running guard, if this process is the one recorded."""
    if running(path) == os.getpid():
        with contextlib.suppress(OSError):
            path.unlink()


def running(path: Path) -> int | None:
    """The pid of the guard recorded in ``path`` if that very process still runs."""
    try:
        pid_text, created = path.read_text(encoding="ascii").split()
        proc = psutil.Process(int(pid_text))
        if abs(proc.create_time() - float(created)) < 0.01:
            return proc.pid
    except (OSError, ValueError, psutil.Error):
        return None
    return None
