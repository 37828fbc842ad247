"""Scan a Spark DataFrame with hangup's engine: :func:`scan_dataframe` adds the verdict columns.

The DataFrame needs a text column (string, or binary holding a file's bytes, as Spark's
``binaryFile`` source gives); an ``id`` and a ``kind`` column are used when present. Every input
column is kept and these are added (a mailbox in a binary column gives one row per message)::

    verdict         string   "scam" | "suspicious" | "not_scam"; null when the row could not be read
    score           double   0..1, rounded to 4 places as in the JSON verdict
    category        string   "tech_support" | "other_scam" | null
    tactics         array<struct<id, name, score double,
                                 evidence array<struct<text, start int, end int, rule, speaker>>,
                                 explanation>>
    indicators      array<struct<type, value, normalized>>
    document_kind   string   what the document was read as: call, email, sms, chat, text, popup
    engine_version  string
    error           string   why the row could not be read (empty, binary, too large...); else null

Tactics and indicators are typed arrays of structs, not JSON strings: Parquet stores them natively,
SQL reaches into them (``explode(tactics)``, ``tactics.id``) and the JSON writer nests them as the
JSON verdict does. Settings travel to the executors as a plain dict (secrets masked); each Python
worker process builds its engine once (see :mod:`hangup.batch.spark_worker`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    DoubleType,
    IntegerType,
    StringType,
    StructField,
    StructType,
)

from hangup.batch.spark_worker import RESULT_COLUMNS, Columns, scan_batches
from hangup.config import Settings, load_settings
from hangup.errors import InputError


def result_schema() -> StructType:
    """The Spark types of the columns :func:`scan_dataframe` adds."""

    def strings(*names: str) -> list[StructField]:
        return [StructField(name, StringType()) for name in names]

    evidence = StructType([
        StructField("text", StringType()), StructField("start", IntegerType()), StructField("end", IntegerType()),
        *strings("rule", "speaker"),
    ])
    tactic = StructType([
        *strings("id", "name"), StructField("score", DoubleType()),
        StructField("evidence", ArrayType(evidence)), *strings("explanation"),
    ])
    fields = {
        "verdict": StringType(),
        "score": DoubleType(),
        "category": StringType(),
        "tactics": ArrayType(tactic),
        "indicators": ArrayType(StructType(strings("type", "value", "normalized"))),
        "document_kind": StringType(),
        "engine_version": StringType(),
        "error": StringType(),
    }
    return StructType([StructField(name, fields[name]) for name in RESULT_COLUMNS])


def settings_dict(settings: Settings | Mapping[str, Any] | None) -> dict[str, Any]:
    """Settings as the plain, JSON-able dict that is shipped to the executors."""
    if settings is None:
        settings = load_settings()
    if isinstance(settings, Settings):
        return settings.model_dump(mode="json")
    return Settings.model_validate(dict(settings)).model_dump(mode="json")


def scan_dataframe(
    df: DataFrame,
    settings: Settings | Mapping[str, Any] | None = None,
    *,
    text_col: str = "text",
    id_col: str = "id",
    kind_col: str = "kind",
    drop_text: bool = False,
    missing_text: str | None = None,
    expect_version: str | None = None,
) -> DataFrame:
    """``df`` with hangup's verdict columns added (lazily: nothing runs until an action).

    ``settings`` default to :func:`~hangup.config.load_settings` on the driver. ``id_col`` and
    ``kind_col`` are optional columns (a non-string id is cast to string; a message of a mailbox
    gets ``<id>#<n>``). ``drop_text`` leaves the text column out of the result, which halves
    what crosses between the JVM and Python; ``missing_text`` is the ``error`` of a row whose text
    is null. With ``expect_version`` (the driver's ``Engine(settings).version``) a worker whose
    engine differs (another hangup, rules or model installed there) fails the job instead of
    giving different verdicts. Raises :class:`~hangup.errors.InputError` when the
    text column is missing or of the wrong type, or a result column already exists.
    """
    if text_col not in df.columns:
        raise InputError(f"no {text_col!r} column to scan; the columns are: {', '.join(df.columns) or 'none'}")
    text_type = df.schema[text_col].dataType
    if not isinstance(text_type, StringType | BinaryType):
        raise InputError(f"the {text_col!r} column must be text or binary, not {text_type.simpleString()}")
    clash = sorted(set(RESULT_COLUMNS) & set(df.columns))
    if clash:
        raise InputError(f"the DataFrame already has result column(s): {', '.join(clash)}; rename them first")
    has_id, has_kind = id_col in df.columns, kind_col in df.columns
    for name, present in ((id_col, has_id), (kind_col, has_kind)):
        if present and not isinstance(df.schema[name].dataType, StringType):
            df = df.withColumn(name, F.col(name).cast("string"))
    cols = Columns(
        text=text_col,
        id=id_col if has_id else None,
        kind=kind_col if has_kind else None,
        binary=isinstance(text_type, BinaryType),
        drop_text=drop_text,
        expect_version=expect_version,
        **({"missing_text": missing_text} if missing_text else {}),
    )
    kept = [field for field in df.schema.fields if not (drop_text and field.name == text_col)]
    schema = StructType([*kept, *result_schema().fields])
    work = functools.partial(scan_batches, settings=settings_dict(settings), cols=cols)
    return df.mapInPandas(work, schema)
