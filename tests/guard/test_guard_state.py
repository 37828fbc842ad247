"""The shared local state: recording scam flags (also from `hangup check`), reading recent ones."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from hangup.cli import app
from hangup.config import Settings
from hangup.errors import StateError
from hangup.state import Flag, recent_flags, record_flag, state_dir

SCAM = "This is Microsoft support. Your computer has a virus. Install AnyDesk now and read me the code."


def test_record_and_read_back(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path)
    flag = record_flag("call", "scam", 0.93, "  Caller claimed\n to be Microsoft  ", settings=settings)
    assert isinstance(flag, Flag) and flag.summary == "Caller claimed to be Microsoft"
    assert recent_flags(timedelta(minutes=5), settings=settings) == [flag]
    assert (tmp_path / "state.sqlite3").is_file()


def test_only_flags_within_the_window_newest_first(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path)
    now = datetime.now(UTC)
    record_flag("check", "suspicious", 0.5, "older", when=now - timedelta(minutes=20), settings=settings)
    record_flag("call", "scam", 0.9, "newer", when=now - timedelta(minutes=2), settings=settings)
    record_flag("call", "scam", 0.9, "too old", when=now - timedelta(hours=5), settings=settings)
    assert [f.summary for f in recent_flags(timedelta(minutes=30), settings=settings)] == ["newer", "older"]
    assert [f.summary for f in recent_flags(timedelta(minutes=5), settings=settings)] == ["newer"]


def test_naive_time_is_local_time(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path)
    flag = record_flag("call", "scam", 0.9, "x", when=datetime.now() - timedelta(minutes=1), settings=settings)
    assert flag is not None and timedelta(seconds=50) < flag.age() < timedelta(seconds=70)


def test_recording_can_be_turned_off(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path, record_flags=False)
    assert record_flag("call", "scam", 0.9, "x", settings=settings) is None
    assert recent_flags(timedelta(days=1), settings=settings) == []


@pytest.mark.parametrize(("source", "score"), [("", 0.5), ("call", 1.5), ("call", -0.1)])
def test_bad_arguments(tmp_path: Path, source: str, score: float) -> None:
    with pytest.raises(ValueError, match="must"):
        record_flag(source, "scam", score, "x", settings=Settings(state_dir=tmp_path))


def test_unwritable_state_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StateError, match="state_dir"):
        record_flag("call", "scam", 0.9, "x", settings=Settings(state_dir=blocker / "state"))


def test_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HANGUP_STATE_DIR", raising=False)  # the test suite points it at a temporary folder
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert state_dir(Settings()) == tmp_path / "hangup"
    monkeypatch.delenv("XDG_STATE_HOME")
    assert state_dir(Settings()) == Path.home() / ".local" / "state" / "hangup"


def test_several_writers_at_once(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path)

    def write(n: int) -> None:
        for i in range(10):
            record_flag(f"writer{n}", "scam", 0.9, str(i), settings=settings)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(recent_flags(timedelta(minutes=5), settings=settings)) == 40


def test_many_first_opens_of_a_new_file_at_once(tmp_path: Path) -> None:
    """Opening a brand-new state file from several places at once never fails with "locked"."""
    failures: list[BaseException] = []
    for round_ in range(15):
        settings = Settings(state_dir=tmp_path / str(round_))
        barrier = threading.Barrier(6)

        def write(n: int, settings: Settings = settings, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                record_flag(f"writer{n}", "scam", 0.9, "first", settings=settings)
            except StateError as exc:
                failures.append(exc)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures, failures
        assert len(recent_flags(timedelta(minutes=5), settings=settings)) == 6


def run_check(state: Path, *args: str, **env: str) -> Result:
    result = CliRunner().invoke(app, ["check", *args], env={"HANGUP_STATE_DIR": str(state), **env})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def flags_in(state: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(state / "state.sqlite3") as conn:
        return [(s, v) for s, v in conn.execute("SELECT source, verdict FROM flags")]


def test_check_records_a_flagged_message(tmp_path: Path) -> None:
    assert run_check(tmp_path, "--text", SCAM).exit_code == 1
    assert flags_in(tmp_path) in ([("check", "scam")], [("check", "suspicious")])
    assert run_check(tmp_path, "--text", "See you at the football on Saturday!").exit_code == 0
    assert len(flags_in(tmp_path)) == 1  # nothing recorded for a message that is not flagged


def test_check_still_works_when_the_state_cannot_be_written(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = run_check(blocker / "state", "--text", SCAM)
    assert result.exit_code == 1 and "SCAM" in result.output.upper()
    assert "not remembered" in caplog.text


def test_check_records_nothing_when_turned_off(tmp_path: Path) -> None:
    assert run_check(tmp_path, "--text", SCAM, HANGUP_RECORD_FLAGS="false").exit_code == 1
    assert not (tmp_path / "state.sqlite3").exists()
