"""`hangup report` (file a report, read it back, add to it) and `hangup db` (the case store's schema)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from hangup.cases.reportfile import read_attachment, read_report_file
from hangup.cases.schema import ReportView
from hangup.cli.options import ConfigOpt
from hangup.config import Settings, load_settings
from hangup.errors import ReportNotFound

report_app = typer.Typer(help="File scam reports in the case store and read them back.", no_args_is_help=True)
db_app = typer.Typer(help="The case store's database.", no_args_is_help=True)

AttachOpt = Annotated[
    list[Path] | None, typer.Option("--attach", "-a", help="An evidence file (.eml, .txt, .srt, .vtt, .png, "
                                    ".jpg, .wav, .mp3, .ogg, .flac); repeat for more.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
SecretOpt = Annotated[str, typer.Option("--secret", "-s", help="The secret given when the report was filed.")]
DatabaseOpt = Annotated[
    str | None, typer.Option("--database-url", help="Case store URL (setting: database_url; default: SQLite in "
                             "the data directory).")
]


def _settings(config: Path | None, database_url: str | None) -> Settings:
    return load_settings(config, **({"database_url": database_url} if database_url else {}))


def _print_view(view: ReportView) -> None:
    typer.echo(f"Reference: {view.reference}")
    typer.echo(f"Status:    {view.status}")
    typer.echo(f"Filed:     {view.submitted_at:%Y-%m-%d %H:%M} UTC")
    facts = view.report.model_dump(exclude_none=True, exclude_defaults=True, mode="json")
    for name, value in facts.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        if name == "message_text" and len(shown) > 300:
            shown = shown[:300] + "..."
        typer.echo(f"  {name.replace('_', ' ')}: {shown}")
    if view.verdict is not None:
        typer.echo(f"Verdict:   {view.verdict.verdict} ({view.verdict.score:.2f}), {view.verdict.category or '-'}")
        for tactic in view.verdict.tactics:
            typer.echo(f"  - {tactic.name}")
    for item in view.attachments:
        typer.echo(f"Evidence:  {item.filename} ({item.content_type}, {item.size} bytes)")
    for addition in view.additions:
        typer.echo(f"Added {addition.added_at:%Y-%m-%d %H:%M}: {addition.text or ''}")
        for item in addition.attachments:
            typer.echo(f"  evidence: {item.filename}")
    typer.echo(f"Contact details held: {'yes' if view.contact_on_file else 'no'}")


@report_app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="The report, as JSON or YAML (see examples/report.yaml).")],
    attach: AttachOpt = None,
    idempotency_key: Annotated[
        str | None, typer.Option("--idempotency-key", help="Filing again with the same key does not duplicate.")
    ] = None,
    as_json: JsonOpt = False,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """File a report; prints its reference and the secret that lets you add to it later (shown once)."""
    from hangup.cases.store import CaseStore  # noqa: PLC0415  # the database layer only when it is used

    settings = _settings(config, database_url)
    parsed = read_report_file(file)
    paths = [*parsed.attachment_paths, *(attach or [])]
    attachments = [read_attachment(p, settings.max_attachment_bytes) for p in paths]
    with CaseStore.open(settings) as store:
        receipt = store.add_report(parsed.report, parsed.contact, attachments, idempotency_key=idempotency_key,
                                   via="cli")
    if as_json:
        typer.echo(json.dumps(receipt.model_dump(mode="json"), indent=2))
        return
    typer.echo(f"Reference: {receipt.reference}")
    typer.echo(f"Secret:    {receipt.secret}")
    typer.echo("Keep the secret: it is shown only once, and you need it to see or add to this report.")


@report_app.command("show")
def show(
    reference: Annotated[str, typer.Argument(help="The report's reference, e.g. HU-2026-7K3M-Q9TX.")],
    secret: SecretOpt,
    as_json: JsonOpt = False,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show a report as its reporter may see it (needs the secret)."""
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    with CaseStore.open(_settings(config, database_url)) as store:
        view = store.get_for_reporter(reference, secret)
    if view is None:
        raise ReportNotFound("no report matches this reference and secret")
    if as_json:
        typer.echo(view.model_dump_json(indent=2))
    else:
        _print_view(view)


@report_app.command("add-info")
def add_info(
    reference: Annotated[str, typer.Argument(help="The report's reference.")],
    secret: SecretOpt,
    text: Annotated[str | None, typer.Option("--text", "-t", help="What you want to add.")] = None,
    attach: AttachOpt = None,
    database_url: DatabaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Add information or evidence to a report you filed (needs the secret)."""
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    settings = _settings(config, database_url)
    attachments = [read_attachment(p, settings.max_attachment_bytes) for p in attach or []]
    with CaseStore.open(settings) as store:
        view = store.add_information(reference, secret, text, attachments)
    typer.echo(f"Added to {view.reference} ({len(view.additions)} addition(s) so far).")


@db_app.command("upgrade")
def upgrade(database_url: DatabaseOpt = None, config: ConfigOpt = None) -> None:
    """Create or update the case store's tables to this version of hangup (safe to run every time)."""
    from hangup.cases import db  # noqa: PLC0415
    from hangup.cases.store import CaseStore  # noqa: PLC0415

    settings = _settings(config, database_url)
    store = CaseStore(db.database_url(settings), settings=settings)
    try:
        before = db.current_revision(store.db)
        store.migrate()
        after = db.current_revision(store.db)
    finally:
        store.close()
    where = db.safe_url(store.db.url)
    if before == after:
        typer.echo(f"{where}: already at migration {after}")
    else:
        typer.echo(f"{where}: migrated from {before or 'an empty database'} to {after}")
