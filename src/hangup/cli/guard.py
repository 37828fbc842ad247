"""`hangup guard`: watch for remote-access tools (AnyDesk, TeamViewer...), warn, and stop them.

``run``, ``status``, ``stop`` and ``resume`` need psutil, an optional extra
(``pip install 'hangup[guard]'``); their work is in :mod:`hangup.cli.guard_run`, imported only
when one of them runs, so ``hangup check`` never pays for it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer
from rich.console import Console

from hangup.cli.guard_admin import allow, catalog, install, log, uninstall
from hangup.cli.options import ConfigOpt
from hangup.config import Settings, load_settings
from hangup.errors import GuardError

guard_app = typer.Typer(
    help="Watch for remote-access tools (AnyDesk, TeamViewer, Quick Assist...), warn, and stop them.",
    no_args_is_help=True,
)
guard_app.command("allow")(allow)
guard_app.command("log")(log)
guard_app.command("catalog")(catalog)
guard_app.command("install")(install)
guard_app.command("uninstall")(uninstall)


def _runtime() -> ModuleType:
    """:mod:`hangup.cli.guard_run`, or a clear error when psutil is missing."""
    if importlib.util.find_spec("psutil") is None:
        raise GuardError("the guard needs psutil: pip install 'hangup[guard]'")
    from hangup.cli import guard_run  # noqa: PLC0415 (psutil only for the commands that watch)

    return guard_run


def _settings(config: Path | None, **overrides: object) -> Settings:
    return load_settings(config, **{k: v for k, v in overrides.items() if v is not None})


@guard_app.command("run")
def run(
    strict: Annotated[bool, typer.Option("--strict", help="End every remote-access tool at once, without asking "
                                         "(allowlisted tools excepted; setting guard_strict_action).")] = False,
    interval: Annotated[float | None, typer.Option("--interval", min=0.05, max=60,
                                                   help="Seconds between looks (setting guard_interval).")] = None,
    once: Annotated[bool, typer.Option("--once", help="Look once, warn, and exit.")] = False,
    ask: Annotated[bool | None, typer.Option("--ask/--no-ask", help="Ask what to do after each warning "
                                             "(default: when run in a terminal).")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour, even on a terminal.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Watch for remote-access tools starting, listening or connecting, and warn (Ctrl-C stops).

    Exit code 0; with --once, 1 when a warning was given.
    """
    runtime = _runtime()
    shown = runtime.run_guard(_settings(config, guard_interval=interval), strict=strict, once=once, ask=ask,
                              no_color=no_color)
    raise typer.Exit(1 if once and shown else 0)


@guard_app.command("status")
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Show remote-access tools running now, the allowlist, recent scam flags and the last events.

    Exit code 0: nothing needs attention; 1: a remote-access tool that is not allowed is running.
    """
    report = _runtime().collect_status(_settings(config))
    if as_json:
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _runtime().print_status(Console(highlight=False), report)
    raise typer.Exit(1 if report["attention"] else 0)


@guard_app.command("stop")
def stop(
    tool: Annotated[str, typer.Argument(help="The tool, e.g. anydesk, teamviewer, \"quick assist\".")],
    suspend: Annotated[bool, typer.Option("--suspend", help="Freeze it instead of ending it "
                                          "(undo with: hangup guard resume TOOL).")] = False,
    config: ConfigOpt = None,
) -> None:
    """End (or suspend) every process of a remote-access tool, and their children."""
    _runtime().act_on(tool, "suspend" if suspend else "end", _settings(config))


@guard_app.command("resume")
def resume(
    tool: Annotated[str, typer.Argument(help="The tool that was suspended.")],
    config: ConfigOpt = None,
) -> None:
    """Let a suspended remote-access tool run again."""
    _runtime().act_on(tool, "resume", _settings(config))
