"""The guard end to end on real processes: warn, stronger after a scam flag, allowlist, actions, log.

Guards that act run on a catalogue of test-only names so they can never reach another program.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil
import pytest
from guardkit import DEADLINE, Spawn, only_test_tools, reap, wait_status

from hangup.config import Settings
from hangup.guard.alerts import Alert
from hangup.guard.allowlist import Allowlist
from hangup.guard.channels import Channels
from hangup.guard.eventlog import EventLog
from hangup.guard.guard import Decision, Guard, Outcome
from hangup.guard.paths import guard_db
from hangup.guard.watcher import Watcher
from hangup.state import record_flag


class Recorder(Channels):
    """The real channels (terminal off, desktop/voice/contact off by settings), remembering alerts."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.sent: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.sent.append(alert)
        super().send(alert)


def make_guard(settings: Settings, **kwargs: object) -> tuple[Guard, Recorder]:
    channels = Recorder(settings)
    guard = Guard(settings, watcher=Watcher(only_test_tools()), channels=channels, **kwargs)  # type: ignore[arg-type]
    guard.tick()  # what already runs
    return guard, channels


def tick_until(guard: Guard, *pids: int, timeout: float = DEADLINE) -> list[Outcome]:
    """Tick until every pid has had an event (or ``timeout``); their outcomes."""
    deadline = time.monotonic() + timeout
    seen: list[Outcome] = []
    while time.monotonic() < deadline:
        seen += guard.tick()
        if set(pids) <= {o.event.pid for o in seen}:
            break
        time.sleep(0.02)
    return [o for o in seen if o.event.pid in pids]


def test_a_tool_starting_raises_a_warning_and_is_logged(settings: Settings, spawn: Spawn) -> None:
    guard, channels = make_guard(settings)
    proc = spawn("anydesk")
    outcomes = tick_until(guard, proc.pid)
    assert outcomes and outcomes[0].shown
    alert = channels.sent[-1]
    assert alert.level == "warning" and alert.event.tool == "AnyDesk"
    assert "hangup guard stop anydesk" in alert.body
    logged = EventLog(guard_db(settings)).recent()
    assert [(e.kind, e.tool, e.pid, e.level) for e in logged] == [("started", "AnyDesk", proc.pid, "warning")]


def test_a_scam_flag_just_before_makes_it_strong(settings: Settings, spawn: Spawn) -> None:
    record_flag("call", "scam", 0.94, "Caller said he was from Microsoft and asked for AnyDesk", settings=settings)
    guard, channels = make_guard(settings)
    proc = spawn("anydesk")
    assert tick_until(guard, proc.pid)
    alert = channels.sent[-1]
    assert alert.level == "strong"
    assert alert.flag is not None and alert.flag.source == "call"
    assert "just after a scam-like call" in alert.title
    assert "Just now, hangup flagged a call as a likely scam (Caller said he was from Microsoft" in alert.body
    assert EventLog(guard_db(settings)).recent()[-1].level == "strong"


def test_an_old_flag_does_not(settings: Settings, spawn: Spawn) -> None:
    record_flag("check", "scam", 0.9, "old", when=datetime.now(UTC) - timedelta(hours=3), settings=settings)
    guard, channels = make_guard(settings.model_copy(update={"guard_flag_minutes": 60}))
    proc = spawn("anydesk")
    assert tick_until(guard, proc.pid)
    assert channels.sent[-1].level == "warning"


def test_strict_mode_ends_the_tool_at_once(settings: Settings, spawn: Spawn) -> None:
    guard, _ = make_guard(settings, strict=True)
    began = time.monotonic()
    proc = spawn("rustdesk")
    outcomes = tick_until(guard, proc.pid)
    assert outcomes and outcomes[0].action is not None and outcomes[0].action.ok
    assert reap(proc) == -15
    assert time.monotonic() - began < DEADLINE + settings.guard_end_timeout
    assert "ended pid" in EventLog(guard_db(settings)).recent()[-1].outcome


def test_strict_mode_can_suspend_instead(settings: Settings, spawn: Spawn) -> None:
    guard, _ = make_guard(settings.model_copy(update={"guard_strict_action": "suspend"}), strict=True)
    proc = spawn("anydesk")
    assert tick_until(guard, proc.pid)
    assert wait_status(proc.pid, lambda s: s == psutil.STATUS_STOPPED) == psutil.STATUS_STOPPED


@pytest.mark.parametrize(("answer", "status"), [("suspend", psutil.STATUS_STOPPED), ("end", "gone")])
def test_the_person_decides(settings: Settings, spawn: Spawn, answer: Decision, status: str) -> None:
    asked: list[Alert] = []
    mine: set[int] = set()

    def decide(alert: Alert) -> Decision:
        asked.append(alert)
        return answer if alert.event.pid in mine else "ignore"

    guard, _ = make_guard(settings, decide=decide)
    proc = spawn("anydesk")
    mine.add(proc.pid)
    assert tick_until(guard, proc.pid)
    assert asked and asked[0].event.pid == proc.pid
    assert wait_status(proc.pid, lambda s: s in (status, psutil.STATUS_ZOMBIE)) in (status, psutil.STATUS_ZOMBIE)


def test_allowing_when_asked(settings: Settings, spawn: Spawn) -> None:
    guard, channels = make_guard(settings, decide=lambda alert: "allow")
    first = spawn("anydesk")
    assert tick_until(guard, first.pid)
    assert Allowlist(guard_db(settings)).lookup("AnyDesk") is not None
    second = spawn("anydesk")
    outcomes = tick_until(guard, second.pid)
    assert outcomes[0].allowed is not None and outcomes[0].alert is None
    assert len(channels.sent) == 1


def test_allowlisted_tool_is_logged_not_alerted(settings: Settings, spawn: Spawn) -> None:
    Allowlist(guard_db(settings)).add("AnyDesk", "Tom, my grandson", timedelta(hours=2))
    guard, channels = make_guard(settings, strict=True)
    proc = spawn("anydesk")
    outcomes = tick_until(guard, proc.pid)
    assert outcomes and outcomes[0].allowed is not None and outcomes[0].action is None
    assert channels.sent == []
    assert proc.poll() is None  # strict mode left it alone
    assert EventLog(guard_db(settings)).recent()[-1].outcome == "allowed: Tom, my grandson"


def test_allowlist_expires(settings: Settings, spawn: Spawn) -> None:
    Allowlist(guard_db(settings)).add("AnyDesk", "a short visit", timedelta(seconds=0.2))
    guard, channels = make_guard(settings)
    time.sleep(0.3)
    proc = spawn("anydesk")
    assert tick_until(guard, proc.pid)
    assert [a.event.pid for a in channels.sent] == [proc.pid]


def test_the_same_warning_is_not_repeated(settings: Settings, spawn: Spawn) -> None:
    guard, channels = make_guard(settings)
    first, second = spawn("anydesk"), spawn("anydesk", folder="other")
    assert len(tick_until(guard, first.pid, second.pid)) == 2
    assert len(channels.sent) == 1
    notes = [e.outcome for e in EventLog(guard_db(settings)).recent()]
    assert "repeat, not shown" in notes


def test_run_loop_stops_and_logs(settings: Settings) -> None:
    guard, _ = make_guard(settings)
    assert guard.run(once=True) == 0
    details = [e.detail for e in EventLog(guard_db(settings)).recent()]
    assert details[-2:] == ["guard started", "guard stopped"]


def test_unwritable_state_never_stops_the_guard(tmp_path: Path, spawn: Spawn) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    settings = Settings(state_dir=blocked, guard_desktop=False, guard_speak="never", guard_contact="never")
    guard, channels = make_guard(settings)
    proc = spawn("anydesk")
    assert tick_until(guard, proc.pid)
    assert channels.sent and channels.sent[-1].event.pid == proc.pid
