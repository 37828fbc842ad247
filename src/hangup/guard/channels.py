"""Where an alert goes: the terminal, the desktop, a voice, the trusted contact.

The terminal is written at once; the others run in background threads so a slow notifier or an
SMTP server never holds up the watcher. Which ones are used follows the settings
``guard_desktop``, ``guard_speak`` and ``guard_contact``. None of them can make the guard fail.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from rich.console import Console
from rich.panel import Panel

from hangup import notify
from hangup.config import Settings
from hangup.guard import desktop
from hangup.guard.alerts import Alert

logger = logging.getLogger(__name__)


def _wanted(choice: str, alert: Alert) -> bool:
    return choice == "always" or (choice == "strong" and alert.level == "strong")


class Channels:
    """Sends alerts; :meth:`join` waits for the background deliveries (tests, ``--once``)."""

    def __init__(self, settings: Settings, console: Console | None = None) -> None:
        self.settings = settings
        self.console = console
        self._threads: list[threading.Thread] = []

    def send(self, alert: Alert) -> None:
        if self.console is not None:
            style = "bold red" if alert.level == "strong" else "yellow"
            self.console.print(Panel(alert.body, title=alert.title, border_style=style, title_align="left"))
        if self.settings.guard_desktop:
            self._background("desktop", lambda: desktop.notify(alert.title, alert.body, urgent=alert.level == "strong"))
        if _wanted(self.settings.guard_speak, alert):
            self._background("speech", lambda: notify.speak(alert.speech, self.settings))
        if _wanted(self.settings.guard_contact, alert) and notify.contact_configured(self.settings):
            data = {"tool": alert.event.tool, "event": alert.event.kind, "level": alert.level}
            self._background(
                "contact", lambda: notify.notify_trusted_contact(alert.title, alert.body, self.settings, data=data)
            )

    def _background(self, name: str, work: Callable[[], bool]) -> None:
        def run() -> None:
            try:
                work()
            except Exception:  # a channel must never take the guard down
                logger.warning("the %s warning failed", name, exc_info=True)

        thread = threading.Thread(target=run, name=f"hangup-guard-{name}", daemon=True)
        thread.start()
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]

    def join(self, timeout: float = 30.0) -> None:
        for thread in self._threads:
            thread.join(timeout)
        self._threads = [t for t in self._threads if t.is_alive()]
