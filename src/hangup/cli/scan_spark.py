"""The Spark side of `hangup scan`: its options and the run (`hangup scan --engine spark ... --out DIR`)."""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from hangup.config import Settings
from hangup.errors import InputError


class ScanEngine(StrEnum):
    local = "local"
    spark = "spark"


class OutFormat(StrEnum):
    parquet = "parquet"
    jsonl = "jsonl"


EngineOpt = Annotated[
    ScanEngine,
    typer.Option("--engine", help="local: this machine's processes (--workers); spark: Apache Spark (--out DIR)."),
]
FormatOpt = Annotated[
    OutFormat | None,
    typer.Option("--format", help="Spark output: parquet (default) or jsonl. The local engine always writes JSONL."),
]
MasterOpt = Annotated[
    str | None,
    typer.Option("--master", help="Spark master, e.g. local[2] (default: spark-submit's, else local[*])."),
]
PartitionsOpt = Annotated[
    int | None,
    typer.Option("--partitions", min=1, help="Spark: spread the documents over this many partitions."),
]
OverwriteOpt = Annotated[bool, typer.Option("--overwrite", help="Spark: replace the --out folder if it exists.")]


def refuse_spark_options(fmt: OutFormat | None, master: str | None, partitions: int | None, overwrite: bool) -> None:
    """The local engine writes one JSONL file: Spark's options are an error there, not silently ignored."""
    given = [name for name, value in (("--format", fmt and fmt is not OutFormat.jsonl), ("--master", master),
                                      ("--partitions", partitions), ("--overwrite", overwrite)) if value]
    if given:
        raise InputError(f"{', '.join(given)}: only with --engine spark")


def scan_on_spark(
    inputs: list[str],
    out: Path | None,
    fmt: OutFormat | None,
    master: str | None,
    partitions: int | None,
    overwrite: bool,
    settings: Settings,
    quiet: bool,
) -> None:
    """Run the scan on Spark, print the summary, and exit 0 / 1 / 2 as the local scan does."""
    if out is None:
        raise InputError("--engine spark writes a folder of part files: give it with --out DIR")
    from hangup.batch.spark_session import require_spark  # noqa: PLC0415 (Spark only when asked for)

    require_spark()
    from hangup.batch.spark_job import SparkScan, run_spark_scan  # noqa: PLC0415 (imports pyspark)

    started = time.perf_counter()
    job = SparkScan(
        inputs=inputs, out=str(out), fmt="jsonl" if fmt is OutFormat.jsonl else "parquet",
        master=master, partitions=partitions, overwrite=overwrite,
    )
    counts = run_spark_scan(job, settings)
    elapsed = time.perf_counter() - started
    total = sum(counts.values())
    if not quiet:
        rate = total / elapsed if elapsed > 0 else 0.0
        Console(stderr=True).print(
            f"scanned {total} on Spark in {elapsed:.1f}s ({rate:.0f}/s) into {out}: scam {counts['scam']}, "
            f"suspicious {counts['suspicious']}, not flagged {counts['not_scam']}, errors {counts['error']}",
            highlight=False,
            soft_wrap=True,
        )
    if counts["error"]:
        raise typer.Exit(2)
    raise typer.Exit(1 if counts["scam"] or counts["suspicious"] else 0)
