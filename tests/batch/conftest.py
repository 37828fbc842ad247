"""A real local Spark session (local[2]) for the Spark tests; skipped, with the reason, without PySpark or Java."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hangup.batch.spark_session import start_session
from hangup.errors import SparkUnavailable


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    try:
        session = start_session("local[2]", app_name="hangup tests")  # 127.0.0.1, no web UI
    except SparkUnavailable as exc:
        pytest.skip(str(exc))
    session.conf.set("spark.sql.shuffle.partitions", "2")
    yield session
    session.stop()
