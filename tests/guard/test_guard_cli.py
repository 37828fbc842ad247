"""`hangup guard` as a user runs it: real processes, exit codes, the allowlist, the log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from guardkit import Spawn
from typer.testing import CliRunner, Result

from hangup.cli import app
from hangup.errors import HangupError
from hangup.guard.catalog import load_catalog
from hangup.guard.watcher import Watcher

HANGUP = str(Path(sys.executable).with_name("hangup"))
runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HANGUP_STATE_DIR": str(tmp_path / "state"), "HANGUP_GUARD_DESKTOP": "false",
            "HANGUP_GUARD_SPEAK": "never", "HANGUP_GUARD_CONTACT": "never"}


def hangup(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([HANGUP, "guard", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env}, check=False, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def guard(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    """In-process run (fast); a HangupError is left in ``result.exception`` (main() maps it to exit 2)."""
    return runner.invoke(app, ["guard", *args], env=env, input=stdin)


def others_running(catalog_pids: set[int]) -> bool:
    """True when this shared machine runs some other recognised tool (a test would then act on it)."""
    watcher = Watcher(load_catalog())
    return any(e.pid not in catalog_pids for e in watcher.poll() if e.kind in ("running", "listening"))


def test_run_once_warns_and_exits_1(env: dict[str, str], spawn: Spawn) -> None:
    proc = spawn("anydesk")
    time.sleep(0.05)
    done = hangup(env, "run", "--once", "--no-color")
    assert done.returncode == 1
    assert "Remote access: AnyDesk" in done.stdout and f"pid {proc.pid}" in done.stdout
    assert proc.poll() is None  # warned, not stopped


def test_run_once_strict_ends_it(env: dict[str, str], spawn: Spawn) -> None:
    proc = spawn("rustdesk")
    time.sleep(0.05)
    if others_running({proc.pid}):
        pytest.skip("another remote-access tool runs on this machine; strict mode would stop it too")
    assert guard(env, "run", "--once", "--strict").exit_code == 1
    assert proc.wait(5) == -15
    log = guard(env, "log", "--json")
    lines = [json.loads(line) for line in log.output.splitlines()]
    assert any(e["tool"] == "RustDesk" and "ended" in e["outcome"] for e in lines)


def test_allowed_tool_is_quiet(env: dict[str, str], spawn: Spawn) -> None:
    assert guard(env, "allow", "AnyDesk.exe", "--reason", "Tom, my grandson", "--for", "1h").exit_code == 0
    proc = spawn("anydesk")
    time.sleep(0.05)
    assert "Remote access: AnyDesk" not in guard(env, "run", "--once").output
    status = json.loads(guard(env, "status", "--json").output)
    mine = [s for s in status["seen"] if s["pid"] == proc.pid]
    assert mine and mine[0]["allowed"] == "Tom, my grandson"
    assert status["allowlist"][0]["tool"] == "AnyDesk"
    assert "AnyDesk: until" in guard(env, "allow").output
    assert guard(env, "allow", "anydesk", "--remove").exit_code == 0
    assert "empty" in guard(env, "allow").output
    assert any("allowed until" in e for e in guard(env, "log").output.splitlines())


def test_status_shows_a_running_tool(env: dict[str, str], spawn: Spawn) -> None:
    proc = spawn("rustdesk")
    time.sleep(0.05)
    result = guard(env, "status", "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert any(s["tool"] == "RustDesk" and s["pid"] == proc.pid for s in report["seen"])
    assert report["attention"] is True and report["guard_pid"] is None


def test_stop_and_resume_from_the_command_line(env: dict[str, str], spawn: Spawn) -> None:
    proc = spawn("anydesk")
    time.sleep(0.05)
    if others_running({proc.pid}):
        pytest.skip("another remote-access tool runs on this machine")
    suspended = guard(env, "stop", "anydesk", "--suspend")
    assert suspended.exit_code == 0 and f"suspended pid {proc.pid}" in suspended.output
    assert guard(env, "resume", "anydesk").exit_code == 0
    ended = guard(env, "stop", "anydesk")
    assert ended.exit_code == 0 and f"ended pid {proc.pid}" in ended.output
    assert proc.wait(5) == -15
    assert "not running" in guard(env, "stop", "anydesk").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stop", "notepad"], "no remote-access tool called 'notepad'"),
        (["allow", "anydesk", "--reason", "x", "--for", "soon"], "cannot read the duration"),
        (["allow", "anydesk"], "say why"),
        (["log", "--since", "yesterday"], "cannot read the duration"),
    ],
)
def test_bad_input_is_a_clear_error(env: dict[str, str], args: list[str], message: str) -> None:
    result = guard(env, *args)
    assert isinstance(result.exception, HangupError) and message in str(result.exception)


def test_bad_input_exits_2(env: dict[str, str]) -> None:
    done = hangup(env, "stop", "notepad")
    assert done.returncode == 2 and done.stderr.startswith("hangup: error: no remote-access tool")


def test_interactive_answer_suspends(env: dict[str, str], spawn: Spawn) -> None:
    proc = spawn("rustdesk")
    time.sleep(0.05)
    if others_running({proc.pid}):
        pytest.skip("another remote-access tool runs on this machine")
    result = guard(env, "run", "--once", "--ask", stdin="s\n")
    assert result.exit_code == 1 and "What should happen to RustDesk?" in result.output
    deadline = time.monotonic() + 2
    while psutil.Process(proc.pid).status() != psutil.STATUS_STOPPED and time.monotonic() < deadline:
        time.sleep(0.02)
    assert psutil.Process(proc.pid).status() == psutil.STATUS_STOPPED
