"""`hangup scan --engine spark`: read the inputs, scan them on Spark, write Parquet or JSON Lines.

The output folder holds Spark's part files with one row per document: ``id``, ``verdict``,
``score``, ``category``, ``tactics``, ``indicators``, ``kind`` (what the document was read as),
``engine_version`` and ``error`` (null unless the input could not be read). Counts for the
summary and the exit code are read back from the output, so the documents are scanned once.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from py4j.protocol import Py4JError
from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

from hangup.batch.spark import result_schema, scan_dataframe
from hangup.batch.spark_inputs import plan_inputs, read_files, read_jsonl, read_table
from hangup.batch.spark_session import start_session
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents.decode import empty_error
from hangup.errors import HangupError, SparkJobError

logger = logging.getLogger(__name__)

OutputFormat = Literal["parquet", "jsonl"]
OUTPUT_COLUMNS = ("id", "verdict", "score", "category", "tactics", "indicators", "kind", "engine_version", "error")
_MESSAGE_CHARS = 400
_RAISED = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception): ")
MISSING_TEXT = "no 'text' string (in JSON Lines: the line is not a JSON object with a 'text' string)"


@dataclass(frozen=True)
class SparkScan:
    """What to scan and where to put it."""

    inputs: list[str]
    out: str
    fmt: OutputFormat = "parquet"
    master: str | None = None
    partitions: int | None = None
    overwrite: bool = False


def error_message(exc: BaseException) -> str:
    """The gist of a Spark/Java/Python-worker error, without stack traces."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    raised = [line for line in lines if _RAISED.match(line)]
    if raised:  # a Python worker's traceback: its last line says what went wrong
        text = raised[-1]
    else:
        keep = [line for line in lines if not line.startswith(("at ", "JVM stacktrace", "..."))][:3]
        text = " ".join(keep) or type(exc).__name__
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 3] + "..."


def _empty_files(spark: SparkSession, names: list[str], engine_version: str) -> DataFrame:
    """Error rows for the empty files, which Spark's file sources skip without a word."""
    schema = StructType([StructField("id", StringType()), *result_schema().fields])
    rows = [{"id": name, "engine_version": engine_version, "error": str(empty_error(name))} for name in names]
    return spark.createDataFrame(rows, schema)


def _frames(spark: SparkSession, job: SparkScan, engine_version: str) -> list[DataFrame]:
    plan = plan_inputs(job.inputs)
    parallelism = spark.sparkContext.defaultParallelism
    frames = []
    if plan.files:
        frames.append(_spread(read_files(spark, plan.files), job.partitions))
    if plan.jsonl:
        frames.append(_spread(read_jsonl(spark, plan.jsonl), job.partitions))
    if plan.csv:
        frames.append(_spread(read_table(spark, plan.csv, "csv"), job.partitions or parallelism))
    if plan.parquet:
        frames.append(_spread(read_table(spark, plan.parquet, "parquet"), job.partitions))
    if plan.empty_files:
        frames.append(_empty_files(spark, plan.empty_files, engine_version))
    return frames


def _spread(df: DataFrame, partitions: int | None) -> DataFrame:
    """Spread the documents over ``partitions`` (a CSV, read whole, is otherwise one partition)."""
    return df.repartition(partitions) if partitions else df


def build_result(spark: SparkSession, job: SparkScan, settings: Settings, version: str | None = None) -> DataFrame:
    """The scan as one lazy DataFrame with :data:`OUTPUT_COLUMNS`."""
    version = version or Engine(settings).version
    result: DataFrame | None = None
    for frame in _frames(spark, job, version):
        scanned = frame if "error" in frame.columns else scan_dataframe(
            frame, settings, drop_text=True, missing_text=MISSING_TEXT, expect_version=version
        )
        part = scanned.select(*[F.col("document_kind" if c == "kind" else c).alias(c) for c in OUTPUT_COLUMNS])
        result = part if result is None else result.unionByName(part)
    assert result is not None  # plan_inputs refuses an empty plan
    return result


def _prepare_out(job: SparkScan) -> None:
    out = Path(job.out)
    if "://" in job.out or not out.exists():
        return
    if not job.overwrite and (out.is_file() or any(out.iterdir())):
        raise SparkJobError(f"{job.out} already exists; choose another folder or pass --overwrite")
    if job.overwrite:
        if out.is_file():
            out.unlink()
        else:
            shutil.rmtree(out)


def _counts(spark: SparkSession, job: SparkScan) -> Counter[str]:
    reader = spark.read
    back = reader.parquet(job.out) if job.fmt == "parquet" else reader.schema("verdict string, error string").json(
        job.out
    )
    status = F.when(F.col("error").isNotNull(), F.lit("error")).otherwise(F.col("verdict"))
    return Counter({row["status"]: row["count"] for row in back.groupBy(status.alias("status")).count().collect()})


def run_spark_scan(job: SparkScan, settings: Settings) -> Counter[str]:
    """Scan on Spark and write ``job.out``; returns how many documents got each verdict (and "error")."""
    _prepare_out(job)
    version = Engine(settings).version  # before Spark starts: a bad rules folder or model fails at once
    spark = start_session(job.master)
    try:
        result = build_result(spark, job, settings, version)
        writer = result.write.mode("overwrite" if job.overwrite else "errorifexists")
        if job.fmt == "parquet":
            writer.parquet(job.out)
        else:
            writer.option("ignoreNullFields", False).json(job.out)
        return _counts(spark, job)
    except HangupError:
        raise
    except (PySparkException, Py4JError) as exc:
        logger.debug("spark job failed", exc_info=True)
        raise SparkJobError(f"the Spark scan failed: {error_message(exc)}") from exc
