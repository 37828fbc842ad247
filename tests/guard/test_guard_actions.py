"""Suspending, resuming and ending real processes, children included, never the guard itself."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import psutil
from guardkit import Spawn, reap, wait_status

from hangup.guard.actions import act, plan, protected


def test_suspend_and_resume(spawn: Spawn) -> None:
    proc = spawn("anydesk")
    result = act("suspend", [proc.pid])
    assert result.ok and result.done == [proc.pid]
    assert wait_status(proc.pid, lambda s: s == psutil.STATUS_STOPPED) == psutil.STATUS_STOPPED
    assert act("resume", [proc.pid]).ok
    assert wait_status(proc.pid, lambda s: s != psutil.STATUS_STOPPED) in (psutil.STATUS_SLEEPING,
                                                                           psutil.STATUS_RUNNING)


def test_end_asks_politely_first(spawn: Spawn) -> None:
    proc = spawn("rustdesk")
    result = act("end", [proc.pid], timeout=2.0)
    assert result.ok, result.summary()
    assert reap(proc) == -15  # SIGTERM was enough


def test_end_kills_what_will_not_close() -> None:
    stubborn = subprocess.Popen([sys.executable, "-c",
                                 "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                                 "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE)
    try:
        assert stubborn.stdout is not None and stubborn.stdout.readline() == b"ready\n"
        began = time.monotonic()
        result = act("end", [stubborn.pid], timeout=0.3)
        assert result.ok, result.summary()
        assert reap(stubborn) == -9
        assert time.monotonic() - began < 3.0
    finally:
        if stubborn.poll() is None:
            stubborn.kill()
        stubborn.wait(5)


def test_end_a_suspended_tool(spawn: Spawn) -> None:
    proc = spawn("anydesk")
    act("suspend", [proc.pid])
    wait_status(proc.pid, lambda s: s == psutil.STATUS_STOPPED)
    assert act("end", [proc.pid], timeout=2.0).ok
    assert reap(proc) == -15


def test_children_go_with_the_tool() -> None:
    parent = subprocess.Popen(["/bin/sh", "-c", "sleep 30 & sleep 30 & wait"])
    try:
        deadline = time.monotonic() + 2
        while len(psutil.Process(parent.pid).children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        children = [c.pid for c in psutil.Process(parent.pid).children()]
        assert len(children) == 2
        result = act("end", [parent.pid], timeout=2.0)
        assert sorted(result.done) == sorted([parent.pid, *children])
        assert reap(parent) is not None
        for pid in children:
            assert wait_status(pid, lambda s: s in ("gone", psutil.STATUS_ZOMBIE)) in ("gone", psutil.STATUS_ZOMBIE)
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.wait(5)


def test_never_plans_to_touch_itself_its_parents_or_the_system(spawn: Spawn) -> None:
    # Only the plan is checked: no signal is sent to any of these processes.
    me, parent = os.getpid(), os.getppid()
    assert {me, parent, 1} <= protected()
    assert plan([me, parent, 1, 0]) == []  # and nothing started under them (under pid 1: everything)
    tool = spawn("anydesk")
    assert [p.pid for p in plan([me, tool.pid, 1])] == [tool.pid]


def test_gone_processes_are_nothing_to_do(spawn: Spawn) -> None:
    proc = spawn("anydesk")
    proc.kill()
    proc.wait(5)
    result = act("end", [proc.pid])
    assert result.failed == {} and result.summary() == "nothing to do"
