"""`hangup rules`: list the catalogue and check rule files (shipped and local)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from hangup.detect.catalogue import load_catalogue
from hangup.detect.lint import lint_catalogue

rules_app = typer.Typer(help="List and check the tactic rules.", no_args_is_help=True)


@rules_app.command("lint")
def lint(
    rules_dir: Annotated[
        Path | None, typer.Option("--rules-dir", help="Also check this folder of local rule files.")
    ] = None,
) -> None:
    """Validate every rule file and run every rule's match / no_match examples.

    Exit code 0 when all pass, 1 when an example fails, 2 when a file is invalid.
    """
    catalogue = load_catalogue(rules_dir)
    failures = lint_catalogue(catalogue)
    for failure in failures:
        typer.echo(failure, err=True)
    typer.echo(f"{len(catalogue.rules)} rules in {len(catalogue.tactics)} tactics; {len(failures)} problem(s)")
    raise typer.Exit(1 if failures else 0)


@rules_app.command("list")
def list_rules(
    tactic: Annotated[str | None, typer.Option("--tactic", help="Only this tactic id.")] = None,
    rules_dir: Annotated[Path | None, typer.Option("--rules-dir", help="Include local rule files.")] = None,
) -> None:
    """List rules: id, tactic, weight and description."""
    catalogue = load_catalogue(rules_dir)
    console = Console(highlight=False)
    for rule in catalogue.rules:
        if tactic and rule.tactic != tactic.upper():
            continue
        console.print(f"{rule.id:<34} {rule.tactic:<24} {rule.weight:.2f}  {rule.description}")
