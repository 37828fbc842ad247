"""What happens when a live call raises a warning, besides showing it.

Spoken aloud (:func:`hangup.notify.speak`), the trusted contact told once per call
(:func:`hangup.notify.notify_trusted_contact`, in the background), and the flag remembered in the
shared local state so the remote-access guard warns more strongly if a tool starts soon after.
None of these can stop the call being watched: each failure is only logged.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from hangup import notify
from hangup.calls.events import AlertEvent, Event
from hangup.config import Settings
from hangup.errors import HangupError

logger = logging.getLogger(__name__)

SUBJECT = "hangup: a phone call sounds like a scam"


def contact_message(alert: AlertEvent, when: datetime | None = None) -> str:
    """The trusted contact's email or webhook body for a call's first warning."""
    stamp = (when or datetime.now()).strftime("%d %B %Y at %H:%M")
    lines = [
        f"hangup warned during a phone call on {stamp}, {alert.time:.0f} seconds into the call.",
        "",
        f"What it said: {alert.message}",
        "",
        "What it heard:",
    ]
    for tactic in alert.tactics:
        quotes = "; ".join(f'"{text}"' for text in tactic.evidence)
        lines.append(f"  - {tactic.name}" + (f": {quotes}" if quotes else ""))
    lines += ["", "Please get in touch with them on a number you know, to check they are all right and have not "
              "given money, codes or access to their computer."]
    return "\n".join(lines)


class Warner:
    """Acts on a session's events. ``speak``/``contact``/``remember`` switch each action off."""

    def __init__(self, settings: Settings, *, speak: bool = True, contact: bool = True, remember: bool = True) -> None:
        self.settings = settings
        self.speak = speak and settings.call_speak
        self.contact = contact and notify.contact_configured(settings)
        self.remember = remember
        self._threads: list[threading.Thread] = []

    def handle(self, event: Event) -> None:
        if not isinstance(event, AlertEvent):
            return
        if self.speak:
            notify.speak(event.message, self.settings)
        if not event.first:
            return
        if self.remember:
            self._remember(event)
        if self.contact:
            thread = threading.Thread(target=self._tell_contact, args=(event,), name="hangup-contact", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _remember(self, alert: AlertEvent) -> None:
        from hangup.state import record_flag  # noqa: PLC0415 - the state store is opened only on a warning

        summary = "Call: " + ", ".join(t.name for t in alert.tactics)
        try:
            record_flag("call", alert.verdict, min(1.0, max(0.0, alert.score)), summary, settings=self.settings)
        except (HangupError, ValueError) as exc:
            logger.warning("the call's warning was not remembered for the remote-access guard: %s", exc)

    def _tell_contact(self, alert: AlertEvent) -> None:
        notify.notify_trusted_contact(SUBJECT, contact_message(alert), self.settings, data=alert.to_dict())

    def wait(self, timeout: float | None = None) -> None:
        """Wait for messages to the trusted contact still being sent (at most ``timeout`` seconds each)."""
        for thread in self._threads:
            thread.join(timeout)
