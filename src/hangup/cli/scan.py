"""`hangup scan`: many inputs to JSON Lines, one verdict a line."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from hangup.batch.inputs import iter_items
from hangup.batch.local import scan_lines
from hangup.cli.options import ConfigOpt, JurisdictionOpt, RulesDirOpt, settings_from
from hangup.cli.scan_spark import (
    EngineOpt,
    FormatOpt,
    MasterOpt,
    OverwriteOpt,
    PartitionsOpt,
    ScanEngine,
    refuse_spark_options,
    scan_on_spark,
)


def scan(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, folders, .mbox, .jsonl (text, id, kind) or .csv (text column); - for stdin."),
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write JSON Lines here (default: stdout); with --engine spark, a folder."),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=256, help="Worker processes.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    jurisdiction: JurisdictionOpt = None,
    rules_dir: RulesDirOpt = None,
    config: ConfigOpt = None,
    engine: EngineOpt = ScanEngine.local,
    fmt: FormatOpt = None,
    master: MasterOpt = None,
    partitions: PartitionsOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    """Scan many inputs and write one JSON verdict a line, each with its input's id.

    With --engine spark the same engine runs on Apache Spark and --out is a folder of Parquet
    (or --format jsonl) part files (docs/spark.md).

    Exit code 0: nothing flagged; 1: something flagged; 2: some input could not be read.
    """
    settings = settings_from(config, jurisdiction, rules_dir)
    if engine is ScanEngine.spark:
        scan_on_spark(inputs, out, fmt, master, partitions, overwrite, settings, quiet)
    refuse_spark_options(fmt, master, partitions, overwrite)
    err = Console(stderr=True)
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    sink: TextIO = out.open("w", encoding="utf-8") if out else sys.stdout
    show = not quiet and err.is_terminal
    try:
        with Progress(
            TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err, disable=not show, transient=True,
        ) as progress:
            task = progress.add_task("scan", total=None)
            for line, status in scan_lines(iter_items(inputs), settings, workers):
                sink.write(line + "\n")
                counts[status] += 1
                progress.advance(task)
    finally:
        if out:
            sink.close()
    elapsed = time.perf_counter() - started
    total = sum(counts.values())
    if not quiet:
        rate = total / elapsed if elapsed > 0 else 0.0
        err.print(
            f"scanned {total} in {elapsed:.1f}s ({rate:.0f}/s): scam {counts['scam']}, "
            f"suspicious {counts['suspicious']}, not flagged {counts['not_scam']}, errors {counts['error']}",
            highlight=False,
        )
    if counts["error"]:
        raise typer.Exit(2)
    raise typer.Exit(1 if counts["scam"] or counts["suspicious"] else 0)
