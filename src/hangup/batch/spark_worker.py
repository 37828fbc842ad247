"""The executor side of the Spark adapter: pandas batches in, the same batches with verdict columns out.

Spark runs :func:`scan_batches` in its Python worker processes (``mapInPandas``). The engine is
built once per worker process and kept in a module-level cache keyed by the settings, so every
task and batch that process runs afterwards reuses it (PySpark reuses its Python workers by
default). Nothing here imports Spark: it works on pandas DataFrames and is tested without Spark.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents import Document, read_bytes, read_text
from hangup.errors import HangupError

logger = logging.getLogger(__name__)

#: The columns :func:`scan_frame` adds, in order.
RESULT_COLUMNS = ("verdict", "score", "category", "tactics", "indicators", "document_kind", "engine_version", "error")

_ENGINES: dict[str, Engine] = {}


def settings_key(settings: Mapping[str, Any]) -> str:
    """A stable key for a settings dict (the cache key of :func:`engine_for`)."""
    return json.dumps(dict(settings), sort_keys=True, default=str)


def engine_for(settings: Mapping[str, Any]) -> Engine:
    """This process's engine for ``settings`` (a plain dict), built on first use only."""
    key = settings_key(settings)
    engine = _ENGINES.get(key)
    if engine is None:
        # model_validate, not Settings(**...): the driver's settings, not this host's HANGUP_* variables
        engine = Engine(Settings.model_validate(dict(settings)))
        _ENGINES[key] = engine
        logger.info("built the hangup engine %s for this worker", engine.version)
    return engine


@dataclass(frozen=True, slots=True)
class Columns:
    """Which input columns hold what. ``binary``: the text column holds a file's bytes."""

    text: str = "text"
    id: str | None = None
    kind: str | None = None
    binary: bool = False
    drop_text: bool = False
    missing_text: str = "no text (the text column is null)"
    expect_version: str | None = None  # the driver's engine version: a different one on a worker is an error


def _documents(engine: Engine, value: Any, ident: str | None, kind: str, binary: bool) -> list[Document]:
    if value is None:
        raise _NoText
    if binary:
        return read_bytes(bytes(value), name=ident, kind=kind, settings=engine.settings)
    if not isinstance(value, str):
        raise _NoText
    return [read_text(value, kind=kind, source=ident, settings=engine.settings)]


class _NoText(Exception):
    """The row's text column is empty (null) or not text."""


def _result(verdict: dict[str, Any]) -> dict[str, Any]:
    return {
        "verdict": verdict["verdict"],
        "score": verdict["score"],
        "category": verdict["category"],
        "tactics": [
            {
                "id": t["id"],
                "name": t["name"],
                "score": t["score"],
                "evidence": [
                    {key: e[key] for key in ("text", "start", "end", "rule", "speaker")} for e in t["evidence"]
                ],
                "explanation": t["explanation"],
            }
            for t in verdict["tactics"]
        ],
        "indicators": [
            {"type": i["type"], "value": i["value"], "normalized": i["normalized"]} for i in verdict["indicators"]
        ],
        "document_kind": verdict["kind"],
        "engine_version": verdict["engine_version"],
        "error": None,
    }


def _error(message: str, engine: Engine) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(RESULT_COLUMNS)
    row["engine_version"] = engine.version
    row["error"] = message
    return row


def _text_of(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def scan_row(engine: Engine, value: Any, ident: str | None, kind: str, cols: Columns) -> list[dict[str, Any]]:
    """Result columns for one row: one dict per document (a mailbox gives several), or one error."""
    try:
        docs = _documents(engine, _text_of(value), ident, kind, cols.binary)
    except _NoText:
        return [_error(cols.missing_text, engine)]
    except HangupError as exc:
        return [_error(str(exc), engine)]
    out = []
    for doc in docs:
        try:
            out.append(_result(engine.analyse(doc).to_dict()))
        except Exception as exc:  # one bad document must not fail a job of millions; it is reported
            logger.exception("internal error on %s", ident)
            out.append(_error(f"internal error: {type(exc).__name__}: {exc}", engine))
    return out


def scan_frame(engine: Engine, pdf: pd.DataFrame, cols: Columns) -> pd.DataFrame:
    """``pdf`` with the result columns added; a row whose input holds several documents is repeated."""
    texts = pdf[cols.text].tolist()
    ids = pdf[cols.id].tolist() if cols.id else [None] * len(pdf)
    kinds = pdf[cols.kind].tolist() if cols.kind else [None] * len(pdf)
    source_rows: list[int] = []
    new_ids: list[Any] = []
    results: list[dict[str, Any]] = []
    for n, (value, raw_id, kind) in enumerate(zip(texts, ids, kinds, strict=True)):
        ident = _text_of(raw_id)
        label = None if ident is None else str(ident)
        rows = scan_row(engine, value, label, str(_text_of(kind) or "auto"), cols)
        for m, row in enumerate(rows):
            source_rows.append(n)
            new_ids.append(ident if len(rows) == 1 or label is None else f"{label}#{m + 1}")
            results.append(row)
    kept = pdf.drop(columns=[cols.text]) if cols.drop_text else pdf
    out = kept.iloc[source_rows].reset_index(drop=True)
    if cols.id:
        out[cols.id] = pd.Series(new_ids, dtype=object)
    for name in RESULT_COLUMNS:
        out[name] = pd.Series([r[name] for r in results], dtype=object)
    return out


def scan_batches(batches: Iterator[pd.DataFrame], settings: Mapping[str, Any], cols: Columns) -> Iterator[pd.DataFrame]:
    """The ``mapInPandas`` function: every batch of a partition through this process's engine."""
    engine = engine_for(settings)
    if cols.expect_version and engine.version != cols.expect_version:
        raise RuntimeError(
            f"hangup on this worker is {engine.version} but on the driver {cols.expect_version}: install the same "
            "hangup, rules and model on every node (see docs/spark.md)"
        )
    for pdf in batches:
        yield scan_frame(engine, pdf, cols)
