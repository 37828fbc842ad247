"""Local scanning: one engine per worker process, results in input order.

With ``workers == 1`` everything runs in this process. With more, the engine is built once in
this process and the workers inherit it (fork), items are sent in chunks, and ``imap`` keeps the
input order with only two windows of items in flight, so memory stays flat.
"""

from __future__ import annotations

import json
import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from hangup.batch.inputs import Item
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents import read_path, read_text
from hangup.errors import HangupError

_ENGINE: Engine | None = None
CHUNK = 16


def _init(settings: Settings) -> None:
    global _ENGINE  # noqa: PLW0603 - one engine per worker process, built once
    _ENGINE = Engine(settings)


def scan_item(engine: Engine, item: Item) -> list[dict[str, Any]]:
    """Verdicts (JSON form) for one item; an unreadable item gives one line with an ``error``."""
    if item.error:
        return [{"id": item.id, "error": item.error}]
    try:
        if item.path is not None:
            docs = read_path(Path(item.path), kind=item.kind, settings=engine.settings)
        else:
            docs = [read_text(item.text or "", kind=item.kind, source=item.id, settings=engine.settings)]
    except HangupError as exc:
        return [{"id": item.id, "error": str(exc)}]
    out = []
    for n, doc in enumerate(docs):
        verdict = engine.analyse(doc)
        verdict.id = item.id if len(docs) == 1 else f"{item.id}#{n + 1}"
        out.append(verdict.to_dict())
    return out


def _status(result: dict[str, Any]) -> str:
    return "error" if "error" in result else str(result["verdict"])


def _work_lines(item: Item) -> list[tuple[str, str]]:
    """Encoded in the worker: the parent only writes lines (a str pickles far faster than a dict)."""
    assert _ENGINE is not None
    return [(json.dumps(r, ensure_ascii=False), _status(r)) for r in scan_item(_ENGINE, item)]


def _batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _pooled(
    items: Iterable[Item], settings: Settings, workers: int, work: Callable[[Item], list[Any]]
) -> Iterator[Any]:
    global _ENGINE  # noqa: PLW0603
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork") if "fork" in methods else mp.get_context()
    forked = "fork" in methods
    if forked:  # build once here; the workers inherit it (copy-on-write) instead of each building one
        _ENGINE = Engine(settings)
        _ENGINE.analyse(read_text("warm up: call 0800 123 4567 or visit anydesk.com"))
    init, args = (None, ()) if forked else (_init, (settings,))
    with ctx.Pool(workers, initializer=init, initargs=args) as pool:
        # two windows in flight: the next is queued before the last is drained, so no worker
        # idles at a window's end, and memory stays bounded
        pending: deque[Iterator[list[Any]]] = deque()
        for batch in _batched(items, CHUNK * workers * 4):
            pending.append(pool.imap(work, batch, chunksize=CHUNK))
            if len(pending) > 1:
                for results in pending.popleft():
                    yield from results
        while pending:
            for results in pending.popleft():
                yield from results


def scan_lines(items: Iterable[Item], settings: Settings, workers: int = 1) -> Iterator[tuple[str, str]]:
    """Every item's verdicts, in input order, as (JSON line, verdict or "error") pairs.

    The JSON is encoded in the workers: a string crosses processes far faster than a dict.
    """
    if workers <= 1:
        engine = Engine(settings)
        for item in items:
            for r in scan_item(engine, item):
                yield json.dumps(r, ensure_ascii=False), _status(r)
        return
    yield from _pooled(items, settings, workers, _work_lines)
