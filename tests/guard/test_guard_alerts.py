"""What the guard says, and where: alert texts, desktop notifications through a real program."""

from __future__ import annotations

import os
import stat
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hangup import notify
from hangup.config import Settings
from hangup.guard import desktop
from hangup.guard.alerts import build_alert, stop_command
from hangup.guard.channels import Channels
from hangup.guard.model import Event
from hangup.state import Flag

EVENT = Event("started", "AnyDesk", 0.0, pid=4242, process="anydesk")


def test_warning_names_the_tool_and_how_to_stop_it() -> None:
    alert = build_alert(EVENT, None)
    assert alert.level == "warning" and alert.title == "Remote access: AnyDesk"
    assert "AnyDesk started (anydesk, pid 4242)" in alert.body
    assert "hangup guard stop anydesk" in alert.body
    assert "{" not in alert.body + alert.title + alert.speech


@pytest.mark.parametrize(("source", "what"), [("call", "call"), ("check", "message"), ("other", "call or message")])
def test_strong_warning_after_a_flag(source: str, what: str) -> None:
    now = datetime.now(UTC)
    flag = Flag(source, "scam", 0.9, "Caller claimed to be BT.", now - timedelta(minutes=12))
    alert = build_alert(EVENT, flag, now=now)
    assert alert.level == "strong" and alert.title.endswith(f"scam-like {what}")
    assert alert.body.startswith("12 minutes ago, hangup flagged")
    assert "(Caller claimed to be BT)" in alert.body
    assert "Hang up now" in alert.body and "Stop." in alert.speech


def test_stop_command_quotes_names_with_spaces() -> None:
    assert stop_command("AnyDesk") == "hangup guard stop anydesk"
    assert stop_command("Quick Assist") == "hangup guard stop 'Quick Assist'"


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_desktop_command_never_splices_text_into_code(platform: str) -> None:
    title, body = 'Remote "access"; rm -rf ~', "$(whoami) `id` ' \\"
    argv, env = desktop.command(title, body, urgent=True, platform=platform)
    script = " ".join(argv)
    if platform == "win32":
        assert env["HANGUP_TITLE"] == title and env["HANGUP_BODY"] == body
        assert title not in script and body not in script
    else:
        assert argv[-2:] == [title, body]  # plain arguments
    if platform == "linux":
        assert "--urgency=critical" in argv


def fake_notify_send(folder: Path) -> Path:
    """A stand-in notify-send that writes its arguments to a file (this machine has no desktop)."""
    out = folder / "shown.txt"
    program = folder / "notify-send"
    program.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "{out}"\n', encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return out


def test_desktop_notification_is_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the stand-in is a notify-send")
    shown = fake_notify_send(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    channels = Channels(Settings(state_dir=tmp_path, guard_speak="never", guard_contact="never"))
    channels.send(build_alert(EVENT, None))
    channels.join()
    lines = shown.read_text(encoding="utf-8").splitlines()
    assert "Remote access: AnyDesk" in lines and "--urgency=normal" in lines


def test_no_desktop_program_is_quietly_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert desktop.notify("t", "b", urgent=False) is False


def test_spoken_warning_goes_through_hangup_notify(tmp_path: Path) -> None:
    wav = tmp_path / "spoken.wav"
    if not notify.speak("test", Settings(), wait=True, to_file=wav):
        pytest.skip("espeak-ng is not installed")
    settings = Settings(state_dir=tmp_path, guard_desktop=False, guard_speak="always", guard_contact="never")
    channels = Channels(settings)
    channels.send(build_alert(EVENT, None))
    channels.join()  # speak() queues the utterance; nothing here may raise
