"""The watcher on real processes: copies of sleep named like remote-access tools."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from guardkit import DEADLINE, Spawn, copy_binary, poll_until

from hangup.guard.catalog import Catalog
from hangup.guard.facts import read_facts
from hangup.guard.watcher import Watcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("name", "tool"), [("anydesk", "AnyDesk"), ("AnyDesk.exe", "AnyDesk"),
                                            ("rustdesk", "RustDesk"), ("teamviewerd", "TeamViewer")])
def test_tool_starting_is_reported_within_a_second(catalog: Catalog, spawn: Spawn, name: str, tool: str) -> None:
    watcher = Watcher(catalog)
    watcher.poll()
    began = time.monotonic()
    proc = spawn(name)
    events, took = poll_until(watcher, lambda e: e.pid == proc.pid, since=began)
    mine = [e for e in events if e.pid == proc.pid]
    assert mine, f"{name} not reported"
    assert took < DEADLINE
    assert mine[0].kind == "started" and mine[0].tool == tool
    assert watcher.pids_of(tool) == [proc.pid]


def test_tools_running_before_the_watcher_are_reported_as_running(catalog: Catalog, spawn: Spawn) -> None:
    proc = spawn("rustdesk")
    time.sleep(0.05)
    events = Watcher(catalog).poll()
    assert [(e.kind, e.tool) for e in events if e.pid == proc.pid] == [("running", "RustDesk")]


def test_exit_is_reported(catalog: Catalog, spawn: Spawn) -> None:
    watcher = Watcher(catalog)
    proc = spawn("anydesk")
    poll_until(watcher, lambda e: e.pid == proc.pid)
    proc.kill()
    proc.wait(5)
    events, _ = poll_until(watcher, lambda e: e.kind == "exited")
    assert [(e.kind, e.pid) for e in events] == [("exited", proc.pid)]
    assert watcher.pids_of("AnyDesk") == []


def test_renamed_copy_started_through_a_link(catalog: Catalog, tmp_path: Path) -> None:
    """The file is anydesk, but it runs under the name 'notes' (argv[0] and process name)."""
    real = copy_binary(tmp_path / "hidden", "anydesk")
    link = tmp_path / "notes"
    link.symlink_to(real)
    watcher = Watcher(catalog)
    watcher.poll()
    proc = subprocess.Popen([str(link), "30"])
    try:
        events, _ = poll_until(watcher, lambda e: e.pid == proc.pid)
        mine = [e for e in events if e.pid == proc.pid]
        assert mine and mine[0].tool == "AnyDesk"
        assert any("runs as 'notes' but the file is 'anydesk'" in r for r in mine[0].reasons)
    finally:
        proc.kill()
        proc.wait(5)


def test_a_generic_name_never_alerts_alone(catalog: Catalog, spawn: Spawn) -> None:
    watcher = Watcher(catalog)
    watcher.poll()
    names = ["rundll32.exe", "svchost.exe", "dwm.exe", "explorer.exe", "java", "python3"]
    pids = {spawn(name).pid for name in names}
    control = spawn("anydesk")  # shows the watcher does see what these processes are
    events, _ = poll_until(watcher, lambda e: e.pid in pids, timeout=0.5)
    assert [e for e in events if e.pid in pids] == []
    assert any(e.pid == control.pid for e in events)


def test_a_launcher_that_execs_the_tool_is_seen_after_exec(catalog: Catalog, tmp_path: Path) -> None:
    tool = copy_binary(tmp_path / "bin", "rustdesk")
    watcher = Watcher(catalog)
    watcher.poll()
    proc = subprocess.Popen(["/bin/sh", "-c", f"sleep 0.2; exec {tool} 30"])
    try:
        events, _ = poll_until(watcher, lambda e: e.pid == proc.pid and e.tool == "RustDesk", timeout=1.5)
        assert any(e.pid == proc.pid and e.tool == "RustDesk" for e in events)
    finally:
        proc.kill()
        proc.wait(5)


def test_vanishing_processes_never_crash_the_watcher(catalog: Catalog) -> None:
    """Hundreds of processes that start and end while the watcher scans."""
    true = shutil.which("true")
    assert true
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            subprocess.run([true], check=False)

    workers = [threading.Thread(target=churn) for _ in range(3)]
    for worker in workers:
        worker.start()
    try:
        watcher = Watcher(catalog, settle=5.0, sweep_every=2)
        deadline = time.monotonic() + 1.0
        polls = 0
        while time.monotonic() < deadline:
            assert [e for e in watcher.poll() if e.kind != "listening"] == []
            polls += 1
    finally:
        stop.set()
        for worker in workers:
            worker.join()
    assert polls > 5


def test_reading_a_vanished_process_gives_none(spawn: Spawn) -> None:
    proc = spawn("anydesk")
    pid = proc.pid
    assert read_facts(pid) is not None
    proc.kill()
    proc.wait(5)
    assert read_facts(pid) is None
    assert read_facts(2**22 + 7) is None  # never existed


def test_processes_of_other_users_never_crash_it(spawn: Spawn) -> None:
    """Run the watcher as an unprivileged user: root's processes will not show their files."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to run the watcher as another user")
    pwd = pytest.importorskip("pwd")
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user 'nobody'")
    python = _python_for_nobody()
    if python is None:
        pytest.skip("no Python here that the user 'nobody' may run with this environment")
    proc = spawn("anydesk")  # owned by root
    script = (
        "import json, psutil\n"
        "from hangup.guard.catalog import load_catalog\n"
        "from hangup.guard.watcher import Watcher\n"
        "try:\n    psutil.Process(1).exe(); denied = False\n"
        "except psutil.AccessDenied:\n    denied = True\n"
        "w = Watcher(load_catalog())\n"
        "events = w.poll() + w.poll()\n"
        "print(json.dumps({'denied': denied, 'seen': [[e.tool, e.pid] for e in events]}))\n"
    )
    done = subprocess.run([python, "-c", script], capture_output=True, text=True, timeout=60, check=False,
                          user="nobody", env=_env_for(python), cwd="/")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["denied"] is True  # the case is real: root's executables are hidden from nobody
    assert ["AnyDesk", proc.pid] in report["seen"]  # still seen by its name


def _env_for(python: str) -> dict[str, str]:
    site = next(p for p in sys.path if p.endswith("site-packages"))
    return {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{ROOT / 'src'}:{site}", "HOME": "/"}


def _python_for_nobody() -> str | None:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}", shutil.which(version)):
        if not candidate:
            continue
        try:
            probe = subprocess.run([candidate, "-c", "import psutil, hangup.guard.watcher"], capture_output=True,
                                   timeout=60, check=False, user="nobody", env=_env_for(candidate), cwd="/")
        except OSError:  # this Python lives where that user may not go
            continue
        if probe.returncode == 0:
            return candidate
    return None
