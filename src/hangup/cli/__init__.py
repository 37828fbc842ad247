"""The `hangup` command. Exit codes, as virus scanners use them: 0 nothing flagged, 1 flagged, 2 error."""

from __future__ import annotations

import logging
import sys

import typer

from hangup import __version__
from hangup.cli.cases import cases_app
from hangup.cli.check import check
from hangup.cli.evaluate import evaluate
from hangup.cli.guard import guard_app
from hangup.cli.listen import listen
from hangup.cli.report import db_app, report_app
from hangup.cli.rules import rules_app
from hangup.cli.scan import scan
from hangup.cli.serve import serve
from hangup.cli.share import bulletin_app, export
from hangup.cli.train import train
from hangup.cli.users import users_app
from hangup.errors import HangupError

app = typer.Typer(
    name="hangup",
    help="Spot technical-support scams in calls, emails, texts and pop-ups, and say what to do.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command(help=check.__doc__)(check)
app.command(help=scan.__doc__)(scan)
app.command(help=listen.__doc__)(listen)
app.command(help=serve.__doc__)(serve)
app.command(help=train.__doc__)(train)
app.command("eval", help=evaluate.__doc__)(evaluate)
app.add_typer(rules_app, name="rules")
app.add_typer(guard_app, name="guard")
app.add_typer(report_app, name="report")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(cases_app, name="cases")
app.add_typer(bulletin_app, name="bulletin")
app.command("export", help=export.__doc__)(export)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """Entry point: run the app, turning every error into a message and exit code 2."""
    logging.basicConfig(level=logging.WARNING, format="hangup: %(levelname)s: %(message)s")
    try:
        app()
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
