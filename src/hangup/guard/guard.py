"""The guard: watch, decide, warn, act, log. One :meth:`Guard.tick` is one look at the machine.

For each event: an allowlisted tool is logged only; otherwise an alert is built (strong when a
scam was flagged in the last ``guard_flag_minutes``), sent unless the same one was sent in the
last ``guard_repeat_minutes``, and the tool is stopped, at once in strict mode, or when the person
says so (``decide``). Every event is logged with what was done.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from hangup.config import Settings
from hangup.errors import HangupError
from hangup.guard.actions import Action, ActionResult, act
from hangup.guard.alerts import Alert, build_alert
from hangup.guard.allowlist import Allowed, Allowlist
from hangup.guard.catalog import load_catalog
from hangup.guard.channels import Channels
from hangup.guard.eventlog import EventLog, LoggedEvent
from hangup.guard.model import Event
from hangup.guard.paths import guard_db
from hangup.guard.watcher import Watcher
from hangup.state import Flag, recent_flags

logger = logging.getLogger(__name__)
Decision = Literal["end", "suspend", "allow", "ignore"]
Decider = Callable[[Alert], Decision]
ALLOW_WHEN_ASKED = timedelta(hours=1)
_QUIET_REFRESH = 5.0
_GROUP = {"started": "running", "running": "running", "listening": "listening", "connected": "connected"}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one event."""

    event: Event
    alert: Alert | None = None
    shown: bool = False
    allowed: Allowed | None = None
    action: ActionResult | None = None


class Guard:
    def __init__(
        self,
        settings: Settings,
        *,
        watcher: Watcher | None = None,
        channels: Channels | None = None,
        decide: Decider | None = None,
        strict: bool | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.watcher = watcher or Watcher(load_catalog(settings.guard_catalog))
        self.channels = channels or Channels(settings)
        self.decide = decide
        self.strict = settings.guard_strict if strict is None else strict
        self.allowlist = Allowlist(guard_db(settings))
        self.log = EventLog(guard_db(settings))
        self._clock = clock
        self._last_shown: dict[tuple[str, str, str], float] = {}
        self._quiet_at = -_QUIET_REFRESH

    def tick(self) -> list[Outcome]:
        """One look: the outcomes of every new event."""
        now = self._clock()
        if now - self._quiet_at >= _QUIET_REFRESH:
            self._refresh_quiet(now)
        return [self.handle(event) for event in self.watcher.poll()]

    def run(self, stop: threading.Event | None = None, *, once: bool = False) -> int:
        """Tick every ``guard_interval`` seconds until ``stop`` is set; the number of alerts shown."""
        stop = stop or threading.Event()
        shown = 0
        self._note("guard", f"guard started{' (strict)' if self.strict else ''}")
        try:
            self.log.prune(self.settings.guard_log_days)
        except HangupError as exc:
            logger.warning("cannot prune the guard's log: %s", exc)
        try:
            while True:
                began = time.monotonic()
                shown += sum(o.shown for o in self.tick())
                if once or stop.is_set():
                    break
                stop.wait(max(0.0, self.settings.guard_interval - (time.monotonic() - began)))
        finally:
            self.channels.join(timeout=5.0)
            self._note("guard", "guard stopped")
        return shown

    def handle(self, event: Event) -> Outcome:
        allowed = self._allowed(event.tool) if event.kind != "exited" else None
        if allowed is not None or not event.alerts or event.kind == "exited":
            outcome = Outcome(event, allowed=allowed)
            self._record(outcome, "allowed: " + allowed.reason if allowed else "")
            return outcome
        alert = build_alert(event, self._recent_flag())
        shown = self._fresh(alert)
        if shown:
            self.channels.send(alert)
        decision: Decision | None = self.settings.guard_strict_action if self.strict else None
        if decision is None and shown and self.decide is not None:
            decision = self.decide(alert)
        action = None
        note = "" if shown else "repeat, not shown"
        if decision in ("end", "suspend"):
            action = self._act(decision, event, asked=not self.strict)
            note = action.summary()
        elif decision == "allow":
            self.allowlist.add(event.tool, "allowed when asked", ALLOW_WHEN_ASKED, now=self._clock())
            note = f"allowed for {ALLOW_WHEN_ASKED}"
        elif decision == "ignore":
            note = "ignored when asked"
        outcome = Outcome(event, alert, shown, None, action)
        self._record(outcome, note)
        return outcome

    # -- helpers -------------------------------------------------------------------------
    def _act(self, action: Action, event: Event, *, asked: bool) -> ActionResult:
        """Stop the tool's recognised processes (with their children). The owner of a socket that is
        not a recognised tool is only touched when the person asked for it, and never its children:
        it may be a service that much else depends on."""
        timeout = self.settings.guard_end_timeout
        tools = self.watcher.pids_of(event.tool)
        result = act(action, tools, timeout=timeout) if tools else ActionResult(action)
        if event.pid is not None and event.pid not in tools:
            if asked:
                other = act(action, [event.pid], timeout=timeout, children=False)
                result.done += other.done
                result.failed.update(other.failed)
            else:
                result.failed[event.pid] = "not stopped automatically: not a known remote-access program"
        return result

    def _fresh(self, alert: Alert) -> bool:
        """False when the same alert was shown within ``guard_repeat_minutes``."""
        key = (alert.event.tool, _GROUP.get(alert.event.kind, alert.event.kind), alert.level)
        now = self._clock()
        last = self._last_shown.get(key)
        if last is not None and now - last < self.settings.guard_repeat_minutes * 60:
            return False
        self._last_shown[key] = now
        return True

    def _allowed(self, tool: str) -> Allowed | None:
        try:
            return self.allowlist.lookup(tool, self._clock())
        except HangupError as exc:
            logger.warning("cannot read the allowlist: %s", exc)
            return None

    def _refresh_quiet(self, now: float) -> None:
        self._quiet_at = now
        try:
            self.watcher.quiet = frozenset(e.tool for e in self.allowlist.entries(now))
        except HangupError as exc:
            logger.warning("cannot read the allowlist: %s", exc)

    def _recent_flag(self) -> Flag | None:
        minutes = self.settings.guard_flag_minutes
        if minutes <= 0:
            return None
        try:
            flags = recent_flags(timedelta(minutes=minutes), settings=self.settings)
        except HangupError as exc:
            logger.warning("cannot read recent scam flags: %s", exc)
            return None
        return flags[0] if flags else None

    def _record(self, outcome: Outcome, note: str) -> None:
        event = outcome.event
        data: dict[str, object] = {}
        if event.reasons:
            data["reasons"] = list(event.reasons)
        if event.port is not None:
            data.update(port=event.port, remote=event.remote)
        if event.peer:
            data["peer"] = event.peer
        if outcome.alert and outcome.alert.flag:
            data["flag"] = outcome.alert.flag.summary
        level = outcome.alert.level if outcome.alert and outcome.shown else ""
        entry = LoggedEvent(event.at, event.kind, event.tool, event.pid, event.process, event.detail, level, note, data)
        try:
            self.log.add(entry)
        except HangupError as exc:
            logger.warning("cannot log the event: %s", exc)

    def _note(self, kind: str, detail: str) -> None:
        try:
            self.log.note(kind, detail)
        except HangupError as exc:
            logger.warning("cannot write the guard's log: %s", exc)
