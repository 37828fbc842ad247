"""The work of `hangup guard run | status | stop | resume` (imports psutil through the guard)."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading

import typer
from rich.console import Console
from rich.prompt import Prompt

from hangup.cli.guard_status import collect_status, print_status
from hangup.config import Settings
from hangup.errors import GuardError, HangupError
from hangup.guard import runfile
from hangup.guard.actions import Action, act
from hangup.guard.alerts import Alert
from hangup.guard.catalog import load_catalog
from hangup.guard.channels import Channels
from hangup.guard.eventlog import EventLog
from hangup.guard.guard import Decider, Decision, Guard
from hangup.guard.paths import guard_db, pid_file
from hangup.guard.watcher import Watcher

__all__ = ["act_on", "collect_status", "print_status", "run_guard"]
_ANSWERS: dict[str, Decision] = {"e": "end", "s": "suspend", "a": "allow", "i": "ignore"}


def _asker(console: Console) -> Decider:
    def decide(alert: Alert) -> Decision:
        answer = Prompt.ask(
            f"What should happen to {alert.event.tool}? [e]nd it, [s]uspend it, [a]llow it for an hour, [i]gnore",
            choices=list(_ANSWERS), default="e", console=console,
        )
        return _ANSWERS[answer]

    return decide


def run_guard(settings: Settings, *, strict: bool, once: bool, ask: bool | None, no_color: bool) -> int:
    """Run the guard in this terminal; the number of warnings shown."""
    console = Console(no_color=no_color or None, highlight=False)
    asking = sys.stdin.isatty() if ask is None else ask
    guard = Guard(settings, channels=Channels(settings, console), decide=_asker(console) if asking else None,
                  strict=True if strict else None)
    stop = threading.Event()
    pidfile = pid_file(settings)
    if not once:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            runfile.write(pidfile)
        except OSError as exc:
            typer.echo(f"hangup: warning: cannot write {pidfile}: {exc}", err=True)
        mode = "strict: tools are ended at once" if guard.strict else "asking" if asking else "warning only"
        console.print(f"hangup guard: watching every {settings.guard_interval:g}s ({mode}). Ctrl-C stops.")
    try:
        return guard.run(stop, once=once)
    except KeyboardInterrupt:
        console.print("hangup guard: stopped.")
        return 0
    finally:
        if not once:
            runfile.remove(pidfile)


def act_on(tool_text: str, action: Action, settings: Settings) -> None:
    """Suspend, resume or end every process of one tool, now."""
    catalog = load_catalog(settings.guard_catalog)
    tool = catalog.resolve(tool_text)
    if tool is None:
        raise GuardError(f"no remote-access tool called {tool_text!r}; see: hangup guard catalog {tool_text}")
    watcher = Watcher(catalog)
    events = watcher.poll()
    tools = watcher.pids_of(tool.name)
    owners = sorted({e.pid for e in events if e.tool == tool.name and e.pid is not None} - set(tools))
    if not tools and not owners:
        typer.echo(f"{tool.name} is not running.")
        return
    result = act(action, tools, timeout=settings.guard_end_timeout)
    if owners:  # programs on the tool's ports: only themselves, not what runs under them
        other = act(action, owners, timeout=settings.guard_end_timeout, children=False)
        result.done += other.done
        result.failed.update(other.failed)
    with contextlib.suppress(HangupError):
        EventLog(guard_db(settings)).note(
            "action", f"{action} {tool.name} from the command line", tool=tool.name, outcome=result.summary()
        )
    typer.echo(f"{tool.name}: {result.summary()}")
    if result.failed:
        raise GuardError(f"could not {action} every process of {tool.name}")
