from __future__ import annotations

from pathlib import Path

import pytest

from hangup.config import Settings
from hangup.detect.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine(Settings())


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES
