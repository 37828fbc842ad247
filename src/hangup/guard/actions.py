"""Suspending, resuming or ending a tool's processes (and their children), never our own."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from typing import Literal

import psutil

Action = Literal["suspend", "resume", "end"]
_PAST = {"suspend": "suspended", "resume": "resumed", "end": "ended"}


@dataclass(slots=True)
class ActionResult:
    action: Action
    done: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.done) and not self.failed

    def summary(self) -> str:
        parts = []
        if self.done:
            parts.append(f"{_PAST[self.action]} pid {', '.join(map(str, self.done))}")
        parts += [f"pid {pid}: {why}" for pid, why in self.failed.items()]
        return "; ".join(parts) or "nothing to do"


def protected() -> set[int]:
    """Never touched: this process and its ancestors, and the system's first processes (0, 1, 2)."""
    family = {0, 1, 2, os.getpid()}
    with contextlib.suppress(psutil.Error, OSError):
        family.update(p.pid for p in psutil.Process().parents())
    return family


def plan(pids: list[int], *, children: bool = True) -> list[psutil.Process]:
    """The processes an action would touch: ``pids`` and (with ``children``) their descendants.

    Protected processes are removed *before* looking for children, so neither they nor anything
    started under them (which, for pid 1, is every process) can ever be reached.
    """
    keep = protected()
    procs: dict[int, psutil.Process] = {}
    for pid in pids:
        if pid in keep:
            continue
        try:
            proc = psutil.Process(pid)
            procs.setdefault(pid, proc)
            if children:
                for child in proc.children(recursive=True):
                    procs.setdefault(child.pid, child)
        except (psutil.Error, OSError):
            continue
    return [p for pid, p in procs.items() if pid not in keep]


def _why(exc: Exception) -> str:
    if isinstance(exc, psutil.AccessDenied):
        return "permission denied (it runs as another user; try as administrator)"
    return str(exc) or type(exc).__name__


def act(action: Action, pids: list[int], timeout: float = 3.0, *, children: bool = True) -> ActionResult:
    """Do ``action`` to ``pids`` (and their children, see :func:`plan`). Ending asks politely
    first, then kills after ``timeout`` seconds. A process that is already gone counts as ended."""
    result = ActionResult(action)
    procs = plan(pids, children=children)
    if action == "end":
        _end(procs, timeout, result)
        return result
    for proc in procs:
        try:
            proc.suspend() if action == "suspend" else proc.resume()
            result.done.append(proc.pid)
        except psutil.NoSuchProcess:
            continue
        except (psutil.Error, OSError) as exc:
            result.failed[proc.pid] = _why(exc)
    return result


def _gone(proc: psutil.Process) -> bool:
    """Ended: no longer running, or a zombie waiting for its parent to collect it."""
    try:
        return not proc.is_running() or proc.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True
    except (psutil.Error, OSError):
        return False


def _wait(procs: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Those of ``procs`` still alive after up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    alive = [p for p in procs if not _gone(p)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if not _gone(p)]
    return alive


def _signal(proc: psutil.Process, kill: bool, result: ActionResult) -> bool:
    try:
        proc.kill() if kill else proc.terminate()
        with contextlib.suppress(psutil.Error, OSError):
            proc.resume()  # a suspended process gets the signal only once it runs again
    except psutil.NoSuchProcess:
        return False
    except (psutil.Error, OSError) as exc:
        result.failed[proc.pid] = _why(exc)
        return False
    return True


def _end(procs: list[psutil.Process], timeout: float, result: ActionResult) -> None:
    asked = [p for p in procs if _signal(p, False, result)]
    alive = _wait(asked, timeout)
    killed = [p for p in alive if _signal(p, True, result)]
    still = _wait(killed, 2.0)
    for proc in still:
        result.failed[proc.pid] = "still running after kill"
    result.done = sorted(p.pid for p in procs if p.pid not in result.failed)
