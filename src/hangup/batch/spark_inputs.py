"""Inputs of `hangup scan --engine spark` as Spark DataFrames, one per kind of file.

Local paths are sorted by suffix on the driver (folders walked; names starting with ``.`` or
``_``, such as Spark's ``_SUCCESS``, skipped): ``.jsonl``/``.ndjson`` (one object a line with
``text`` and optional ``id``, ``kind``), ``.csv`` (a ``text`` column, optional ``id``, ``kind``),
``.parquet`` (the same columns) and every other file as one document (its bytes, read as
``hangup check`` reads a file). Paths with a scheme (``hdfs://``, ``s3a://``) are sorted by their
suffix the same way; one without a known suffix is read as document files (a folder recursively).

A row without an ``id`` is given ``<file>:<n>``, ``n`` its line (JSONL) or record (CSV,
Parquet) number, as the local scan does. Each frame has columns ``id``, ``kind`` and ``text``
(string, or binary for document files).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from hangup.errors import InputError

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
_POS_BITS = 33  # monotonically_increasing_id(): partition index in the upper bits, row in the lower 33


@dataclass
class InputPlan:
    """The inputs of one scan, grouped by how Spark reads them."""

    files: list[str] = field(default_factory=list)
    jsonl: list[str] = field(default_factory=list)
    csv: list[str] = field(default_factory=list)
    parquet: list[str] = field(default_factory=list)
    empty_files: list[str] = field(default_factory=list)  # Spark skips empty files; they are reported

    def add(self, name: str, size: int | None = None) -> None:
        group = _SUFFIXES.get(Path(name).suffix.lower(), "files")
        if size == 0 and group == "files":
            self.empty_files.append(name)
        else:
            getattr(self, group).append(name)

    def empty(self) -> bool:
        return not (self.files or self.jsonl or self.csv or self.parquet or self.empty_files)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


def plan_inputs(inputs: list[str]) -> InputPlan:
    """Group ``inputs`` by reader; a local path that does not exist is an :class:`InputError`."""
    plan = InputPlan()
    for name in inputs:
        if name == "-":
            raise InputError("the Spark engine cannot read standard input; give files or folders")
        if _SCHEME.match(name) and not name.startswith("file://"):
            plan.add(name)
            continue
        path = Path(name.removeprefix("file://"))
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)):
                plan.add(str(child.resolve()), child.stat().st_size)
        elif path.is_file():
            plan.add(str(path.resolve()), path.stat().st_size)
        else:
            raise InputError(f"{name}: no such file or folder")
    if plan.empty():
        raise InputError(f"no files to scan in: {', '.join(inputs)}")
    return plan


def _check_csv_header(name: str) -> None:
    """A local CSV file's header must name a ``text`` column (checked on the driver, cheaply)."""
    if _SCHEME.match(name):
        return
    try:
        with open(name, encoding="utf-8", errors="replace", newline="") as fh:
            header = next(csv.reader(fh), [])
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    if "text" not in header:
        raise InputError(f"{name}: a CSV to scan needs a 'text' column (and may have 'id' and 'kind')")


def _with_file_and_pos(df: DataFrame) -> DataFrame:
    return df.select(
        "*", F.col("_metadata.file_path").alias("_file"), F.monotonically_increasing_id().alias("_pos")
    )


def _number_rows(spark: SparkSession, df: DataFrame) -> DataFrame:
    """Add ``_n``, each row's 1-based position in its file (``df`` from ``_with_file_and_pos``).

    Spark reads a file's splits in order and numbers rows within each partition, so one small
    job counts rows per (file, partition) and a broadcast join turns that into line numbers,
    with no shuffle of the data.
    """
    part = F.shiftright("_pos", _POS_BITS)
    counts = (
        df.groupBy("_file", part.alias("_part"))
        .agg(F.min("_pos").alias("_first"), F.count(F.lit(1)).alias("_rows"))
        .collect()
    )
    starts: list[tuple[str, int, int, int]] = []
    seen: dict[str, int] = {}
    for row in sorted(counts, key=lambda r: (r["_file"], r["_part"])):
        before = seen.get(row["_file"], 0)
        starts.append((row["_file"], row["_part"], row["_first"], before))
        seen[row["_file"]] = before + row["_rows"]
    table = spark.createDataFrame(starts, "_file string, _part long, _first long, _before long")
    joined = df.withColumn("_part", part).join(F.broadcast(table), ["_file", "_part"])
    return joined.withColumn("_n", F.col("_pos") - F.col("_first") + F.col("_before") + 1)


def _file_id(column: str = "_file") -> Column:
    """A file URI as a plain path: ``file:///tmp/a%20b.txt`` -> ``/tmp/a b.txt`` (other schemes kept)."""
    return F.url_decode(F.regexp_replace(F.col(column), "^file:(//)?", ""))


def _select(df: DataFrame) -> DataFrame:
    """``id`` (or ``<file>:<n>``), ``kind`` and ``text`` from a numbered frame."""
    fallback = F.concat_ws(":", _file_id(), F.col("_n").cast("string"))
    ident = F.coalesce(F.col("id").cast("string"), fallback) if "id" in df.columns else fallback
    kind = F.col("kind").cast("string") if "kind" in df.columns else F.lit(None).cast("string")
    return df.select(ident.alias("id"), kind.alias("kind"), F.col("text"))


def read_files(spark: SparkSession, files: list[str]) -> DataFrame:
    """Document files: their bytes (column ``text``, binary) with their path as ``id``."""
    raw = spark.read.format("binaryFile").load(files)
    return raw.select(
        _file_id("path").alias("id"), F.lit(None).cast("string").alias("kind"), F.col("content").alias("text")
    )


def read_jsonl(spark: SparkSession, files: list[str]) -> DataFrame:
    """JSON Lines, numbered by line as the local scan does; a line that is not an object gets a null text."""
    numbered = _number_rows(spark, _with_file_and_pos(spark.read.text(files)))
    obj = F.from_json("value", "id string, kind string, text string", {"mode": "PERMISSIVE"})
    rows = numbered.where(F.trim("value") != "").select("_file", "_n", obj.alias("_obj"))
    return _select(rows.select("_file", "_n", "_obj.id", "_obj.kind", "_obj.text"))


def read_table(spark: SparkSession, files: list[str], fmt: str) -> DataFrame:
    """CSV (header, quoted fields over several lines) or Parquet with a ``text`` column."""
    if fmt == "csv":
        for name in files:
            _check_csv_header(name)
        reader = spark.read.options(header=True, multiLine=True, escape='"', enforceSchema=False)
        raw = reader.csv(files)
    else:
        raw = spark.read.option("mergeSchema", True).parquet(*files)
    if "text" not in raw.columns:
        shown = ", ".join(files[:3]) + (" ..." if len(files) > 3 else "")
        raise InputError(f"{shown}: a {fmt.upper()} file to scan needs a 'text' column (and may have 'id' and 'kind')")
    if fmt == "parquet":  # Parquet knows its row numbers: no counting job
        meta = F.col("_metadata")
        return _select(raw.select("*", meta.file_path.alias("_file"), (meta.row_index + 1).alias("_n")))
    return _select(_number_rows(spark, _with_file_and_pos(raw)))
