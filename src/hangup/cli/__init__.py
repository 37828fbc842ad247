"""The `hangup` command. Exit codes, as virus scanners use them: 0 nothing flagged, 1 flagged, 2 error.

``from hangup.cli import app`` gives the whole Typer app (every command); ``main`` is the entry
point, which loads only the command it runs (see :mod:`hangup.cli.commands`).
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _full_app() -> Any:
    from hangup.cli.commands import build_app  # noqa: PLC0415 (commands load on first use)

    return build_app()


def __getattr__(name: str) -> Any:
    if name == "app":
        return _full_app()
    if name == "main":
        from hangup.cli.commands import main  # noqa: PLC0415

        return main
    raise AttributeError(f"module 'hangup.cli' has no attribute {name!r}")
