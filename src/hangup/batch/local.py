"""Local scanning: one engine per worker process, results in input order.

With ``workers == 1`` everything runs in this process. With more, a process pool builds the
engine once per worker and items are sent in chunks; ``imap`` keeps the input order and keeps
only a bounded number of items in flight, so memory stays flat.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from hangup.batch.inputs import Item
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents import read_path, read_text
from hangup.errors import HangupError

_ENGINE: Engine | None = None
CHUNK = 64


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


def _work(item: Item) -> list[dict[str, Any]]:
    assert _ENGINE is not None
    return scan_item(_ENGINE, item)


def _batched(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def scan(items: Iterable[Item], settings: Settings, workers: int = 1) -> Iterator[dict[str, Any]]:
    """Verdicts for every item, in input order."""
    if workers <= 1:
        engine = Engine(settings)
        for item in items:
            yield from scan_item(engine, item)
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers, initializer=_init, initargs=(settings,)) as pool:
        # bounded window: feed the pool a few chunks at a time so huge inputs never pile up
        for batch in _batched(items, CHUNK * workers * 4):
            for results in pool.imap(_work, batch, chunksize=CHUNK):
                yield from results
