"""`hangup bulletin` (public warning bulletins) and `hangup export` (indicators for partners).

For admins on the server: these commands read the case store directly. The analyst web pages call
the same functions (:mod:`hangup.cases.bulletins`, :mod:`hangup.cases.exports`) behind sign-in.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from hangup.cli.options import ConfigOpt
from hangup.cli.report import DatabaseOpt
from hangup.cli.users import actor
from hangup.config import Settings, load_settings
from hangup.errors import BulletinError, ExportError, InputError

bulletin_app = typer.Typer(
    help="Public warning bulletins: draft one from the case store, edit, approve, show.", no_args_is_help=True
)

SinceOpt = Annotated[str, typer.Option("--since", help="First day of the period (YYYY-MM-DD), by filing date.")]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Last day of the period, inclusive (default: up to now).")
]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file ('-' or none: standard output).")]
ByOpt = Annotated[
    str | None, typer.Option("--by", help="User name recorded as author or approver (default: cli:<your login>).")
]
VersionOpt = Annotated[
    int | None, typer.Option("--version", help="Only if the bulletin is still at this version (you read it).")
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text, html or md (show also takes json).")]


def _settings(config: Path | None, database_url: str | None) -> Settings:
    return load_settings(config, **({"database_url": database_url} if database_url else {}))


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"{name} must be a date like 2026-05-31, not {value!r}") from exc


def _write(text: str, out: Path | None) -> None:
    """``text`` to ``out`` (written whole or not at all) or to standard output."""
    if out is None or str(out) == "-":
        typer.echo(text, nl=False)
        return
    target = out.expanduser()
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc


def _check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    if fmt not in allowed:
        raise InputError(f"unknown format {fmt!r}: use one of {', '.join(allowed)}")
    return fmt


@bulletin_app.command("draft")
def draft(
    area: Annotated[str, typer.Option("--area", help="Area as reports give it (postcode district or county); "
                                      "reports whose area starts with it count.")],
    since: SinceOpt,
    until: UntilOpt = None,
    area_name: Annotated[str | None, typer.Option("--area-name", help="How the bulletin names the area "
                                                  "(default: --area).")] = None,
    fmt: FormatOpt = "text",
    out: OutOpt = None,
    by: ByOpt = None,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Draft a warning bulletin for an area and period from the case store, save it, and print it."""
    from hangup.cases.bulletins import BulletinRequest, draft_bulletin, render  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    _check_format(fmt, ("text", "html", "md"))
    start = _day(since, "--since")
    assert start is not None  # a required option
    request = BulletinRequest(area=area, since=start, until=_day(until, "--until"), area_name=area_name or "")
    settings = _settings(config, database_url)
    with CaseStore.open(settings) as store:
        record = draft_bulletin(store, request, by=by or actor(), settings=settings)
    _write(render(record.content, fmt), out)
    typer.echo(f"Draft bulletin {record.id} saved (version {record.version}, {record.figures.reports} reports). "
               f"Approve it with: hangup bulletin approve {record.id}", err=True)


@bulletin_app.command("approve")
def approve(
    bulletin_id: Annotated[int, typer.Argument(help="The bulletin's number.")],
    version: VersionOpt = None,
    by: ByOpt = None,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Approve a bulletin's current version (recorded with who approved it and when)."""
    from hangup.cases.bulletins import approve_bulletin  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    with CaseStore.open(_settings(config, database_url)) as store:
        record = approve_bulletin(store, bulletin_id, by=by or actor(), expected_version=version)
    assert record.approved_at is not None
    typer.echo(f"Bulletin {record.id} version {record.approved_version} approved by {record.approved_by} "
               f"at {record.approved_at:%Y-%m-%d %H:%M} UTC.")


@bulletin_app.command("show")
def show(
    bulletin_id: Annotated[int, typer.Argument(help="The bulletin's number.")],
    fmt: FormatOpt = "text",
    approved: Annotated[bool, typer.Option("--approved", help="The approved version, not the latest.")] = False,
    out: OutOpt = None,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print a bulletin (json: its editable fields, to change and save with `hangup bulletin edit`)."""
    from hangup.cases.bulletins import get_bulletin, render  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    _check_format(fmt, ("text", "html", "md", "json"))
    with CaseStore.open(_settings(config, database_url)) as store:
        record = get_bulletin(store, bulletin_id)
    content = record.approved if approved else record.content
    if content is None:
        raise BulletinError(f"bulletin {bulletin_id} has not been approved yet")
    _write(content.model_dump_json(indent=2) + "\n" if fmt == "json" else render(content, fmt), out)


@bulletin_app.command("edit")
def edit(
    bulletin_id: Annotated[int, typer.Argument(help="The bulletin's number.")],
    file: Annotated[Path, typer.Argument(help="The edited text, as JSON (from `hangup bulletin show -f json`).")],
    version: VersionOpt = None,
    by: ByOpt = None,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Save an edited text as the bulletin's next version (it needs approving again)."""
    from pydantic import ValidationError  # noqa: PLC0415

    from hangup.cases.bulletincontent import BulletinContent  # noqa: PLC0415
    from hangup.cases.bulletins import save_draft  # noqa: PLC0415
    from hangup.cases.schema import explain  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    try:
        content = BulletinContent.model_validate_json(file.read_bytes())
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror or exc}") from exc
    except ValidationError as exc:
        raise InputError(f"{file}: {explain(exc)}") from exc
    with CaseStore.open(_settings(config, database_url)) as store:
        record = save_draft(store, bulletin_id, content, by=by or actor(), expected_version=version)
    typer.echo(f"Bulletin {record.id} is at version {record.version} ({record.status}).")


@bulletin_app.command("list")
def list_(
    status: Annotated[str | None, typer.Option("--status", help="Only draft or approved bulletins.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List bulletins, newest first."""
    from hangup.cases.bulletins import list_bulletins  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    if status not in (None, "draft", "approved"):
        raise InputError("--status is draft or approved")
    with CaseStore.open(_settings(config, database_url)) as store:
        items = list_bulletins(store, status=status)  # type: ignore[arg-type]  # checked above
    if as_json:
        typer.echo(json.dumps([{"id": b.id, "area": b.area_name, "since": b.since.isoformat(),
                                "until": b.until.isoformat() if b.until else None, "status": b.status,
                                "version": b.version, "headline": b.headline, "approved_by": b.approved_by}
                               for b in items], indent=2))
        return
    for b in items:
        typer.echo(f"{b.id:>5}  {b.status:<8} v{b.version:<3} {b.since}  {b.area_name}: {b.headline}")


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv (reports), csv-indicators, json, stix, misp, "
                                     "phone-feed (CSV) or phone-list (one number a line).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write ('-': standard output).")],
    since: Annotated[str | None, typer.Option("--since", help="Reports filed from this day (YYYY-MM-DD).")] = None,
    until: UntilOpt = None,
    campaign_reports: Annotated[str | None, typer.Option(
        "--campaign-reports", help="Only these reports (a campaign): ids or references, comma-separated.")] = None,
    min_reports: Annotated[int | None, typer.Option(
        "--min-reports", min=1, help="Phone feed: reports a number needs (default: phone_feed_min_reports).")] = None,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Export reports and indicators for partners, without victims' personal data (see docs/sharing.md)."""
    from hangup.cases import audit  # noqa: PLC0415
    from hangup.cases.exports.formats import FORMATS, render_export  # noqa: PLC0415
    from hangup.cases.exports.selection import build_export, make_selection, resolve_reports  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    _check_format(fmt, FORMATS)
    settings = _settings(config, database_url)
    with CaseStore.open(settings) as store:
        ids = resolve_reports(store, campaign_reports.split(",")) if campaign_reports is not None else None
        selection = make_selection(_day(since, "--since"), _day(until, "--until"), ids)
        data = build_export(store, selection, settings)
        with store.session(write=True) as session:
            audit.record(session, actor(), "export", target=fmt, detail={
                "selection": selection.describe(), "reports": len(data.reports), "out": str(out)})
    rendered = render_export(data, fmt, settings, min_reports=min_reports)
    _write(rendered.text, out)
    if str(out) != "-":
        typer.echo(f"{len(data.reports)} reports, {len(data.indicators)} indicators ({data.withheld} values "
                   f"withheld for privacy) written to {out} as {fmt}.", err=True)
