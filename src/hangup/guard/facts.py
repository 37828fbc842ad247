"""Reading one process through psutil, never failing: vanished or unreadable processes give None."""

from __future__ import annotations

import logging
import os
import sys
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import psutil

from hangup.guard.model import ProcessFacts
from hangup.guard.pe import original_filename

logger = logging.getLogger(__name__)
T = TypeVar("T")
_PE_CACHE_SIZE = 512


def _quiet(read: Callable[[], T]) -> T | None:
    """One attribute; None when this process will not tell (other user's, protected, kernel thread)."""
    try:
        return read()
    except psutil.AccessDenied:
        return None
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        raise
    except (psutil.Error, OSError, ValueError):  # odd /proc entries, races psutil does not map
        return None


class VersionInfoCache:
    """Original file names of executables, read once per (path, size, modification time)."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.platform == "win32" if enabled is None else enabled
        self._cache: OrderedDict[tuple[str, int, int], str | None] = OrderedDict()

    def get(self, exe: str | None) -> str | None:
        if not exe or not (self.enabled or exe.lower().endswith(".exe")):
            return None
        try:
            st = os.stat(exe)
        except OSError:
            return None
        key = (exe, st.st_size, st.st_mtime_ns)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        value = original_filename(exe)
        self._cache[key] = value
        if len(self._cache) > _PE_CACHE_SIZE:
            self._cache.popitem(last=False)
        return value


def read_facts(pid: int, versions: VersionInfoCache | None = None) -> ProcessFacts | None:
    """What psutil can say about ``pid``; None when it has gone (or never was)."""
    try:
        proc = psutil.Process(pid)
        with proc.oneshot():
            create_time = proc.create_time()
            name = _quiet(proc.name) or ""
            exe = _quiet(proc.exe) or None
            cmdline = tuple(_quiet(proc.cmdline) or ())
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return None
    except (psutil.Error, OSError, ValueError) as exc:
        logger.debug("cannot read process %s: %s", pid, exc)
        return None
    original = versions.get(exe) if versions is not None else None
    return ProcessFacts(pid, create_time, name, exe, cmdline, original)


def current_name(pid: int) -> tuple[float, str] | None:
    """Creation time and name only: the cheap re-read of a young process (did it just exec?)."""
    try:
        proc = psutil.Process(pid)
        with proc.oneshot():
            return proc.create_time(), proc.name()
    except (psutil.Error, OSError, ValueError):
        return None


def create_time(pid: int) -> float | None:
    try:
        return psutil.Process(pid).create_time()
    except (psutil.Error, OSError, ValueError):
        return None
