"""The case store under concurrent load over HTTP, with `hangup serve` killed by SIGKILL mid-load.

On SQLite and on a real PostgreSQL: reports are filed from several threads; the server process is
killed once some were accepted, then restarted on the same database. Every report that got a
reference reads back whole with its secret, a retry with the same Idempotency-Key answers with the
same reference, and no report is stored twice. Small on purpose; benchmarks/bench_crash.py runs it larger.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from crashload import Server, serving, sqlalchemy_url, submit_until_killed, verify

REPORTS = 60
THREADS = 4
KILL_AFTER = 12


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Empty for SQLite (the server's default file in its data folder), else a fresh PostgreSQL database."""
    return "" if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))


def test_reports_survive_sigkill_whole_and_once(tmp_path: Path, database_url: str) -> None:
    run = tmp_path.name[-12:].replace("_", "-")
    with serving(tmp_path, database_url, name="first") as first:
        result = submit_until_killed(first, run, reports=REPORTS, threads=THREADS, kill_after=KILL_AFTER)
        assert first.proc.returncode == -9  # killed, not stopped
    assert not result.refused, result.refused
    assert len(result.accepted) >= KILL_AFTER
    assert len(result.accepted) + len(result.in_doubt) < REPORTS, "the kill came after the load had ended"

    with serving(tmp_path, database_url, name="second") as second:
        assert isinstance(second, Server)
        found = verify(second, sqlalchemy_url(tmp_path, database_url), run, result)

    assert found.lost == []
    assert found.replay_mismatches == []
    assert found.duplicates == {}
    # after the retries every key that was ever sent is stored exactly once
    assert found.rows == len(result.accepted) + len(result.in_doubt)
