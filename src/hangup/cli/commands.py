"""The `hangup` command line: which command lives where, and the entry point.

Each command's module is imported only when that command runs (``hangup check`` does not load the
case store, the web app or speech recognition), so a one-off check starts quickly. ``--help`` at
the top level imports them all to list them.
"""

from __future__ import annotations

import importlib
import logging
import sys

import typer

from hangup import __version__
from hangup.errors import HangupError

HELP = "Spot technical-support scams in calls, emails, texts and pop-ups, and say what to do."

#: name -> (module, attribute, is a group of subcommands), in the order ``--help`` lists them
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "check": ("hangup.cli.check", "check", False),
    "scan": ("hangup.cli.scan", "scan", False),
    "listen": ("hangup.cli.listen", "listen", False),
    "serve": ("hangup.cli.serve", "serve", False),
    "train": ("hangup.cli.train", "train", False),
    "eval": ("hangup.cli.evaluate", "evaluate", False),
    "rules": ("hangup.cli.rules", "rules_app", True),
    "guard": ("hangup.cli.guard", "guard_app", True),
    "report": ("hangup.cli.report", "report_app", True),
    "db": ("hangup.cli.report", "db_app", True),
    "users": ("hangup.cli.users", "users_app", True),
    "cases": ("hangup.cli.cases", "cases_app", True),
    "bulletin": ("hangup.cli.share", "bulletin_app", True),
    "export": ("hangup.cli.share", "export", False),
    "version": ("hangup.cli.commands", "version", False),
}


def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def build_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or with just ``only`` (what ``main`` runs for ``hangup ONLY ...``)."""
    app = typer.Typer(
        name="hangup", help=HELP, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False
    )

    @app.callback()
    def _root() -> None:  # a group even when it holds one command, so `hangup check ...` parses the same
        pass

    for name, (module, attribute, group) in COMMANDS.items():
        if only is not None and name != only:
            continue
        target = getattr(importlib.import_module(module), attribute)
        if group:
            app.add_typer(target, name=name)
        else:
            app.command(name, help=target.__doc__)(target)
    return app


def main() -> None:
    """Entry point: run the app, turning every error into a message and exit code 2."""
    logging.basicConfig(level=logging.WARNING, format="hangup: %(levelname)s: %(message)s")
    first = sys.argv[1] if len(sys.argv) > 1 else None
    try:
        build_app(first if first in COMMANDS else None)()
    except HangupError as exc:
        typer.echo(f"hangup: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("hangup: interrupted", err=True)
        sys.exit(2)
    except Exception as exc:
        logging.getLogger("hangup").debug("internal error", exc_info=True)
        typer.echo(f"hangup: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(2)
