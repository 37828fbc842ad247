"""`hangup check call.wav` and `hangup listen` as a user runs them: real processes, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hangup.calls.testcalls import GeneratedCall

HANGUP = str(Path(sys.executable).with_name("hangup"))


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HANGUP_STT_MODEL": "bundled", "HANGUP_STT_DOWNLOAD": "false", "HANGUP_STT_THREADS": "1",
           "HANGUP_CALL_SPEAK": "false", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run([HANGUP, *args], capture_output=True, text=True, timeout=timeout, check=False, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_check_recording_gives_verdict_transcript_and_warning_times(clip_file: Callable[..., Path]) -> None:
    out = run("check", str(clip_file("scam_microsoft_anydesk-clean", 0, 4)), "--no-color")
    assert out.returncode == 1, out.stderr
    assert "SCAM" in out.stdout and "transcribed from audio" in out.stdout
    assert "When a warning would have come during the call" in out.stdout
    assert "Transcript" in out.stdout and "0:00–0:05" in out.stdout
    assert "warning at 0:2" in out.stdout  # during the AnyDesk request, about 26 s in


def test_check_recording_json_has_the_call(
    clip_file: Callable[..., Path], test_calls: dict[str, GeneratedCall]
) -> None:
    name = "scam_bank_safe_account-clean"
    turns = test_calls[name].turns
    out = run("check", str(clip_file(name, 4, 6)), "--json")
    assert out.returncode == 1, out.stderr
    verdict = json.loads(out.stdout)
    assert verdict["verdict"] in ("scam", "suspicious") and verdict["kind"] == "call"
    call = verdict["call"]
    assert call["transcribed"] and len(call["transcript"]) == 3
    decisive_end = turns[6].end - turns[4].start + 0.5  # the clip starts half a second before turn 4
    assert call["alerts"] and call["alerts"][0]["time"] <= decisive_end + 1.5


def test_check_genuine_recording_exits_0(clip_file: Callable[..., Path]) -> None:
    out = run("check", str(clip_file("legit_appointment-clean", 0, 2)), "--no-color")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "No warning would have come during the call." in out.stdout


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"\x00\xff" * 400, "is not a recording hangup can read"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\xa0\x0f\x00\x00\x40\x1f\x00\x00\x02\x00\x10\x00"
     b"data\x00\x10\x00\x00" + b"\x10\x00" * 2048, "4000 Hz, too low"),
])
def test_check_bad_recording_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "call.wav"
    path.write_bytes(content)
    out = run("check", str(path))
    assert out.returncode == 2
    assert out.stderr.startswith("hangup: error:") and message in out.stderr


def test_listen_plays_a_recording_as_a_live_call(clip_file: Callable[..., Path]) -> None:
    out = run("listen", "--file", str(clip_file("scam_refund_trick-clean", 5, 8)), "--json", "--no-speak")
    assert out.returncode == 1, out.stderr
    events = [json.loads(line) for line in out.stdout.splitlines()]
    types = {e["type"] for e in events}
    assert {"transcript", "alert", "end"} <= types
    assert events[-1]["type"] == "end" and events[-1]["alerts"]


def test_listen_without_a_microphone_says_so() -> None:
    out = run("listen", "--no-speak")
    assert out.returncode == 2
    assert "hangup: error:" in out.stderr and "microphone" in out.stderr and "--file" in out.stderr
