"""`hangup users`: analyst and admin accounts of the analyst workspace (add, remove, reset, unlock, list)."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from hangup.cli.options import ConfigOpt
from hangup.cli.report import DatabaseOpt
from hangup.config import Settings, load_settings
from hangup.errors import AccountError

users_app = typer.Typer(
    help="Accounts of the analyst workspace (/analyst): analysts read and work cases; admins also manage "
    "accounts and the retention of personal data.",
    no_args_is_help=True,
)

NameArg = Annotated[str, typer.Argument(help="The user name (2-64 of a-z 0-9 . _ @ -).")]
StdinOpt = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input "
                       "instead of asking for it.")
]


def actor() -> str:
    """Who is running the command, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"[:64]
    except (KeyError, OSError):
        return "cli"


def _settings(config: Path | None, database_url: str | None) -> Settings:
    return load_settings(config, **({"database_url": database_url} if database_url else {}))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise AccountError("no password on standard input")
        return password
    first = typer.prompt("Password", hide_input=True)
    if typer.prompt("Password again", hide_input=True) != first:
        raise AccountError("the two passwords differ")
    return str(first)


@users_app.command("add")
def add(
    username: NameArg,
    role: Annotated[str, typer.Option("--role", help="analyst (reads and works cases) or admin (also manages "
                                      "accounts and retention).")] = "analyst",
    password_stdin: StdinOpt = False,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Add an account; asks for its password (at least analyst_min_password_length characters)."""
    from hangup.cases.accounts import Accounts  # noqa: PLC0415  # the database layer only when it is used
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    settings = _settings(config, database_url)
    password = _password(password_stdin)
    with CaseStore.open(settings) as store:
        account = Accounts(store).add(username, password, role.strip().lower(), actor=actor())
    typer.echo(f"Added {account.role} {account.username}.")


@users_app.command("remove")
def remove(username: NameArg, database_url: DatabaseOpt = None, config: ConfigOpt = None) -> None:
    """Remove an account and sign it out everywhere (the audit log keeps its name)."""
    from hangup.cases.accounts import Accounts  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    with CaseStore.open(_settings(config, database_url)) as store:
        Accounts(store).remove(username, actor=actor())
    typer.echo(f"Removed {username.strip().lower()}.")


@users_app.command("reset")
def reset(
    username: NameArg, password_stdin: StdinOpt = False, database_url: DatabaseOpt = None, config: ConfigOpt = None,
) -> None:
    """Give an account a new password, unlock it and sign it out everywhere."""
    from hangup.cases.accounts import Accounts  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    settings = _settings(config, database_url)
    with CaseStore.open(settings) as store:
        accounts = Accounts(store)
        if accounts.get(username) is None:
            raise AccountError(f"there is no account called {username.strip().lower()!r}")
        accounts.reset_password(username, _password(password_stdin), actor=actor())
    typer.echo(f"New password set for {username.strip().lower()}; it is unlocked and signed out everywhere.")


@users_app.command("unlock")
def unlock(username: NameArg, database_url: DatabaseOpt = None, config: ConfigOpt = None) -> None:
    """Forget the failed sign-ins of a user name, so it may sign in again at once."""
    from hangup.cases.accounts import Accounts  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    with CaseStore.open(_settings(config, database_url)) as store:
        Accounts(store).unlock(username, actor=actor())
    typer.echo(f"Unlocked {username.strip().lower()}.")


@users_app.command("list")
def list_users(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List the accounts, their roles, last sign-in and any lock."""
    from hangup.cases.accounts import Accounts  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    with CaseStore.open(_settings(config, database_url)) as store:
        accounts = Accounts(store).list_all()
    if as_json:
        rows = [{"username": a.username, "role": a.role, "created_at": a.created_at.isoformat(),
                 "last_login_at": a.last_login_at.isoformat() if a.last_login_at else None,
                 "locked_until": a.locked_until.isoformat() if a.locked_until else None} for a in accounts]
        typer.echo(json.dumps(rows, indent=2))
        return
    if not accounts:
        typer.echo("No accounts yet: add one with `hangup users add NAME --role admin`.")
    for a in accounts:
        last = f"{a.last_login_at:%Y-%m-%d %H:%M} UTC" if a.last_login_at else "never"
        lock = f", locked until {a.locked_until:%H:%M} UTC" if a.locked_until else ""
        typer.echo(f"{a.username:<24} {a.role:<8} last sign-in: {last}{lock}")
