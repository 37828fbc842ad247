from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from hangup.config import Settings
from hangup.detect.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session", autouse=True)
def _private_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Flags that `hangup check` records (and the guard's data) go to a temporary folder, never the user's."""
    saved = os.environ.get("HANGUP_STATE_DIR")
    os.environ["HANGUP_STATE_DIR"] = str(tmp_path_factory.mktemp("state"))
    yield
    if saved is None:
        os.environ.pop("HANGUP_STATE_DIR", None)
    else:
        os.environ["HANGUP_STATE_DIR"] = saved


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine(Settings())


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES
