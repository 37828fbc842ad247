"""`hangup cases`: the case store's campaigns, statistics and retention (purge, forget)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from hangup.cli.options import ConfigOpt
from hangup.cli.report import DatabaseOpt
from hangup.cli.users import actor
from hangup.config import Settings, load_settings
from hangup.errors import InputError

cases_app = typer.Typer(help="Campaigns, statistics and retention of the case store.", no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
SHOWN = 20


def _settings(config: Path | None, database_url: str | None) -> Settings:
    return load_settings(config, **({"database_url": database_url} if database_url else {}))


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{name} must be a date like 2026-01-31, not {value!r}") from exc


@cases_app.command("purge")
def purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only show what would be deleted.")] = False,
    as_json: JsonOpt = False,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Delete victims' personal data past its retention period; the case facts stay.

    Contact details go retention_personal_data_days after a report was filed (0: never by age);
    evidence contents go after retention_evidence_days (0: kept).
    """
    from hangup.cases import retention  # noqa: PLC0415  # the database layer only when it is used
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    with CaseStore.open(_settings(config, database_url)) as store:
        plan = retention.purge(store, actor=actor(), dry_run=dry_run)
    if as_json:
        typer.echo(json.dumps({
            "dry_run": dry_run, "done": plan.done,
            "personal_cutoff": plan.personal_cutoff.isoformat() if plan.personal_cutoff else None,
            "evidence_cutoff": plan.evidence_cutoff.isoformat() if plan.evidence_cutoff else None,
            "contacts": [d.reference for d in plan.contacts], "evidence": [d.reference for d in plan.evidence],
        }, indent=2))
        return
    verb = "would be deleted" if dry_run else "deleted"
    if plan.personal_cutoff is None and plan.evidence_cutoff is None:
        typer.echo("Retention is off (retention_personal_data_days and retention_evidence_days are 0).")
        return
    for title, due, cutoff in (("Contact details", plan.contacts, plan.personal_cutoff),
                               ("Evidence contents", plan.evidence, plan.evidence_cutoff)):
        if cutoff is None:
            continue
        typer.echo(f"{title} of reports filed before {cutoff:%Y-%m-%d %H:%M} UTC: {len(due)} report(s) {verb}.")
        for item in due[:SHOWN]:
            typer.echo(f"  {item.reference}  filed {item.filed_at:%Y-%m-%d}  {item.what}")
        if len(due) > SHOWN:
            typer.echo(f"  ... and {len(due) - SHOWN} more")
    if dry_run:
        typer.echo("Nothing was deleted (dry run).")


@cases_app.command("forget")
def forget(
    reference: Annotated[str, typer.Argument(help="The report's reference, e.g. HU-2026-7K3M-Q9TX.")],
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Delete one reporter's personal data now, on their request (the case facts stay)."""
    from hangup.cases import audit  # noqa: PLC0415
    from hangup.cases.references import normalize_reference  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    with CaseStore.open(_settings(config, database_url)) as store:
        deleted = store.delete_personal_data(reference)
        with store.session(write=True) as session:
            audit.record(session, actor(), "delete_personal_data", normalize_reference(reference),
                         {"deleted": deleted})
    typer.echo("Personal data deleted." if deleted else "No personal data was held for this report.")


@cases_app.command("campaigns")
def campaigns(
    limit: Annotated[int, typer.Option("--limit", min=1, help="Show at most this many campaigns.")] = 20,
    as_json: JsonOpt = False,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Link the reports into campaigns by the indicators they share; largest campaigns first."""
    from hangup.cases.linking import find_campaigns  # noqa: PLC0415
    from hangup.cases.linkrules import load_rules  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    settings = _settings(config, database_url)
    with CaseStore.open(settings) as store, store.session() as session:
        result = find_campaigns(session, load_rules(settings))
    shown = result.campaigns[:limit]
    if as_json:
        typer.echo(json.dumps([{
            "key": c.key, "reports": [m.reference for m in c.members], "first_seen": c.first_seen.isoformat(),
            "last_seen": c.last_seen.isoformat(), "money_lost": c.money_lost_count,
            "losses_minor": c.losses, "links": [{"type": lk.kind, "value": lk.key, "reports": len(lk.report_ids)}
                                                for lk in c.links],
        } for c in shown], indent=2))
        return
    typer.echo(f"{len(result.campaigns)} campaign(s), {len(result.by_report)} linked report(s) "
               f"({result.seconds:.2f} s).")
    for c in shown:
        why = ", ".join(f"{lk.kind.replace('_', ' ')} {lk.key}" for lk in c.links[:3])
        typer.echo(f"{c.key}: {len(c.members)} reports, {c.first_seen:%Y-%m-%d} to {c.last_seen:%Y-%m-%d}; {why}")


@cases_app.command("stats")
def stats(
    since: Annotated[str | None, typer.Option("--since", help="First filing date (YYYY-MM-DD; default: 90 days "
                                              "ago).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last filing date, inclusive.")] = None,
    area: Annotated[str, typer.Option("--area", help="Only reports whose area starts with this.")] = "",
    as_json: JsonOpt = False,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Counts of reports since a date, money lost, total and median loss, and each breakdown."""
    from hangup.cases.records import DEFAULT_CURRENCY  # noqa: PLC0415
    from hangup.cases.stats import StatsQuery, compute  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    settings = _settings(config, database_url)
    start = _day(since, "--since") or datetime.now(UTC).date() - timedelta(days=90)
    query = StatsQuery(start, _day(until, "--until"), area)
    with CaseStore.open(settings) as store, store.session() as session:
        figures = compute(session, query, DEFAULT_CURRENCY[settings.jurisdiction])
    if as_json:
        typer.echo(json.dumps({
            "since": start.isoformat(), "until": query.until.isoformat() if query.until else None, "area": area,
            "currency": figures.currency, "reports": figures.reports, "money_lost": figures.money_lost,
            "total_loss_minor": figures.total_loss_minor, "median_loss_minor": figures.median_loss_minor,
            "remote_access_given": figures.remote_access_given,
            "tables": {t.id: [{"key": r.key, "label": r.label, "reports": r.reports, "money_lost": r.money_lost,
                               "loss_minor": r.loss_minor} for r in t.rows] for t in figures.tables},
        }, indent=2))
        return
    typer.echo(f"Reports filed since {start:%d %B %Y}: {figures.reports}; money lost in {figures.money_lost}; "
               f"total {figures.total_loss_minor / 100:,.2f} {figures.currency}")
    for table in figures.tables:
        if table.id == "week":
            continue
        typer.echo(f"\n{table.title}:")
        for row in table.rows[:10]:
            typer.echo(f"  {row.label:<40} {row.reports:>7}")
