"""`hangup check`: the verdict on one message, call transcript, email, mbox or screenshot."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from hangup.cli.calltimeline import recording_timelines, render_timeline
from hangup.cli.options import ConfigOpt, JurisdictionOpt, KindOpt, RulesDirOpt, settings_from
from hangup.cli.render import render_verdict
from hangup.detect.engine import Engine
from hangup.documents import Document, read_bytes, read_path, read_text
from hangup.errors import InputError, InputTooLarge
from hangup.state import record_verdicts


def _read_stdin(limit: int) -> bytes:
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"standard input is larger than the limit of {limit} bytes (setting max_input_bytes)")
    return data


def check(
    path: Annotated[str | None, typer.Argument(help="File to check, or - for standard input.")] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", help="Text to check, given directly.")] = None,
    kind: KindOpt = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON (see docs/verdict.md).")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Also show which rules matched and why.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour, even on a terminal.")] = False,
    jurisdiction: JurisdictionOpt = None,
    rules_dir: RulesDirOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Check a message, call transcript, email or screenshot for signs of a scam.

    Exit code 0: not flagged; 1: scam or suspicious; 2: error.
    """
    settings = settings_from(config, jurisdiction, rules_dir)
    if (path is None) == (text is None):
        raise InputError("give a file to check, - for standard input, or --text TEXT (one of them)")
    docs: list[Document]
    if text is not None:
        docs = [read_text(text, kind=kind, source="text", settings=settings)]
    elif path == "-":
        docs = read_bytes(_read_stdin(settings.max_input_bytes), name="stdin", kind=kind, settings=settings)
    else:
        docs = read_path(Path(str(path)), kind=kind, settings=settings)
    engine = Engine(settings)
    verdicts = [engine.analyse(doc) for doc in docs]
    record_verdicts(verdicts, settings)  # remembered for the remote-access guard; never fails the check
    timelines = recording_timelines(engine, docs, settings)  # recordings: transcript and when warnings came
    if as_json:
        payload = [v.to_dict() | ({"call": timelines[n].to_dict()} if n in timelines else {})
                   for n, v in enumerate(verdicts)]
        typer.echo(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, ensure_ascii=False))
    else:
        console = Console(no_color=no_color or None, highlight=False, soft_wrap=False)
        for n, (doc, verdict) in enumerate(zip(docs, verdicts, strict=True)):
            if n:
                console.rule()
            render_verdict(console, verdict, doc.text, explain=explain)
            if n in timelines:
                render_timeline(console, timelines[n])
    raise typer.Exit(1 if any(v.flagged for v in verdicts) else 0)
