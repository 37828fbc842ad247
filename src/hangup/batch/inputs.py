"""Scan inputs: files, folders, mbox, JSONL and CSV turned into a stream of items.

Items are produced lazily so a scan's memory stays flat however large the input is. A file is
not read here: workers read it, so reading scales with them.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hangup.errors import InputError

MAX_CSV_FIELD = 50_000_000


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to scan: either inline text or a file to read."""

    id: str
    kind: str = "auto"
    text: str | None = None
    path: str | None = None
    error: str | None = None  # the item could not even be listed (bad JSON line, ...)


def _jsonl(path: Path) -> Iterator[Item]:
    with path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            ident = f"{path}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Item(id=ident, error=f"line {n} is not valid JSON: {exc.msg}")
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                yield Item(id=ident, error=f"line {n} has no 'text' string")
                continue
            yield Item(id=str(obj.get("id", ident)), kind=str(obj.get("kind", "auto")), text=obj["text"])


def _csv(path: Path) -> Iterator[Item]:
    csv.field_size_limit(MAX_CSV_FIELD)
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or "text" not in reader.fieldnames:
            raise InputError(f"{path}: a CSV to scan needs a 'text' column (and may have 'id' and 'kind')")
        for n, row in enumerate(reader, 1):
            ident = row.get("id") or f"{path}:{n}"
            yield Item(id=ident, kind=row.get("kind") or "auto", text=row.get("text") or "")


def _stdin() -> Iterator[Item]:
    yield Item(id="-", text=sys.stdin.read())


def iter_items(inputs: list[str]) -> Iterator[Item]:
    """Items from each input in order; folders are walked in sorted order, hidden names skipped."""
    for name in inputs:
        if name == "-":
            yield from _stdin()
            continue
        path = Path(name)
        if path.is_dir():
            for child in _walk(path):
                if isinstance(child, Item):
                    yield child
                else:
                    yield from _file(child)
        elif path.is_file():
            yield from _file(path)
        else:
            yield Item(id=name, error=f"{name}: no such file or folder")


def _walk(folder: Path) -> Iterator[Path | Item]:
    """The files under ``folder``, sorted as paths sort, listing one folder at a time (a folder of
    millions of files in sub-folders is never held in memory at once). Hidden names (".git",
    ".DS_Store") are skipped, and so are links to folders (they can loop); a folder that cannot be
    listed gives an item with the error."""
    try:
        entries = sorted(entry for entry in folder.iterdir() if not entry.name.startswith("."))
    except OSError as exc:
        yield Item(id=str(folder), error=f"{folder}: cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.is_dir():
            if not entry.is_symlink():
                yield from _walk(entry)
        elif entry.is_file():
            yield entry


def _file(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl(path)
    elif suffix == ".csv":
        yield from _csv(path)
    else:
        yield Item(id=str(path), path=str(path))
