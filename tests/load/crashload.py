"""Report submissions over HTTP while `hangup serve` is killed with SIGKILL, and the checks afterwards.

Shared by tests/load/test_crash.py (small) and benchmarks/bench_crash.py (larger):

- :func:`serving` runs ``hangup serve --port 0`` as a real process on a case store (SQLite under a data
  folder, or a PostgreSQL URL); its log goes to a file, so a chatty server never blocks on a full pipe.
- :func:`submit_until_killed` files reports from several threads (each with its own Idempotency-Key and a
  distinctive marker text), and SIGKILLs the server once ``kill_after`` reports were accepted.
- :func:`verify` runs against the restarted server: every accepted report reads back whole with its
  secret; a retry with the same key answers with the same reference; no marker is stored twice (read-only
  SQL through SQLAlchemy).

Every loop is bounded and every request has a timeout.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from hangup.cases.schema import ReportIn, ReportReceipt, ReportView

START_TIMEOUT_S = 90
REQUEST_TIMEOUT_S = 30
STOP_TIMEOUT_S = 30
MESSAGE = ("Hello, this is Microsoft technical support. Your computer has a virus. Install AnyDesk and give me "
           "the code, then buy Google Play gift cards to pay for the repair.")
CHANNELS = ("call", "email", "text", "popup", "other")


@dataclass
class Server:
    """A running `hangup serve` process."""

    proc: subprocess.Popen[bytes]
    base: str
    log: Path

    def kill(self) -> None:
        """SIGKILL, no goodbye: the process gets no chance to finish or roll back anything."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=STOP_TIMEOUT_S)


def _hangup() -> str:
    return str(Path(sys.executable).with_name("hangup"))


def sqlalchemy_url(data_dir: Path, database_url: str) -> str:
    """The URL of the case store the server uses (its default: cases.sqlite3 in the data folder)."""
    return database_url or f"sqlite:///{data_dir / 'cases.sqlite3'}"


@contextmanager
def serving(data_dir: Path, database_url: str = "", *, name: str = "serve") -> Iterator[Server]:
    """`hangup serve --port 0` on the store; killed (if still alive) when the block ends."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANGUP_")}
    env.update(HANGUP_CONFIG=str(data_dir / "none.toml"), HANGUP_DATA_DIR=str(data_dir), HANGUP_WEB_RATE_LIMIT="0",
               HANGUP_DATABASE_URL=database_url, HANGUP_WEB_SECRET_KEY="crash-test-key")
    log = data_dir / f"{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([_hangup(), "serve", "--host", "127.0.0.1", "--port", "0"], env=env,
                                stdout=subprocess.DEVNULL, stderr=out)
    server: Server | None = None
    try:
        base = _wait_for_address(proc, log)
        server = Server(proc, base, log)
        _wait_healthy(server)
        yield server
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=STOP_TIMEOUT_S)


def _wait_for_address(proc: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        match = re.search(r"serving on (http://127\.0\.0\.1:\d+)/", log.read_text(errors="replace"))
        if match:
            return match.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError(f"hangup serve did not start: {log.read_text(errors='replace')[-2000:]}")


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            httpx.get(f"{server.base}/api/v1/health", timeout=5).raise_for_status()
            return
        except httpx.HTTPError as exc:
            if time.monotonic() > deadline or server.proc.poll() is not None:
                tail = server.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"hangup serve is not healthy: {tail}") from exc
            time.sleep(0.2)


def marker(run: str, index: int) -> str:
    """The distinctive text of one submission (also its Idempotency-Key)."""
    return f"crash-{run}-{index:06d}"


def report_body(run: str, index: int) -> dict[str, Any]:
    """A full report, different for every index, with its marker in ``suspicious_because``."""
    key = marker(run, index)
    return {
        "report": {
            "channel": CHANNELS[index % len(CHANNELS)],
            "claimed_organisation": f"Microsoft support {index}",
            "phone_numbers": [f"020 7946 {index % 10000:04d}"],
            "remote_access_given": index % 2 == 0,
            "remote_access_tool": "AnyDesk",
            "remote_access_id": f"{100000000 + index}",
            "money_lost": True,
            "amount": f"{index % 1000}.{index % 100:02d}",
            "currency": "GBP",
            "payment_method": "gift_card",
            "paid_to_gift_card_type": "Google Play",
            "suspicious_because": f"load marker {key}",
            "message_text": MESSAGE,
            "age_band": "65_74",
            "area": "SW1A",
        },
    }


@dataclass
class Accepted:
    """A submission the server answered with a reference."""

    index: int
    body: dict[str, Any]
    receipt: ReportReceipt


@dataclass
class LoadResult:
    """What the clients saw: accepted submissions, the ones left in doubt by the kill, and timings."""

    accepted: list[Accepted] = field(default_factory=list)
    in_doubt: list[int] = field(default_factory=list)  # sent, no answer: stored or not, a retry must settle it
    refused: list[str] = field(default_factory=list)  # answers other than 201 before the kill (must be none)
    accepted_before_kill: int = 0
    seconds_before_kill: float = 0.0

    @property
    def rate_before_kill(self) -> float:
        return self.accepted_before_kill / self.seconds_before_kill if self.seconds_before_kill else 0.0


def submit_until_killed(
    server: Server, run: str, *, reports: int, threads: int, kill_after: int, kill_timeout_s: float = 120.0,
) -> LoadResult:
    """Submit ``reports`` reports from ``threads`` threads; SIGKILL the server after ``kill_after`` were accepted.

    A thread stops at its first failed request (the server is gone), so every loop ends.
    """
    result = LoadResult()
    lock = threading.Lock()
    enough = threading.Event()
    next_index = iter(range(reports))
    started = time.monotonic()

    def worker() -> None:
        with httpx.Client(base_url=server.base, timeout=REQUEST_TIMEOUT_S) as client:
            while True:
                with lock:
                    index = next(next_index, None)
                if index is None:
                    return
                body = report_body(run, index)
                try:
                    response = client.post("/api/v1/reports", json=body,
                                           headers={"Idempotency-Key": marker(run, index)})
                except httpx.HTTPError:
                    with lock:
                        result.in_doubt.append(index)
                    return
                with lock:
                    if response.status_code == 201:
                        result.accepted.append(Accepted(index, body, ReportReceipt.model_validate(response.json())))
                        if len(result.accepted) >= kill_after:
                            enough.set()
                    else:
                        result.refused.append(f"{index}: {response.status_code} {response.text[:200]}")
                        return

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    enough.wait(timeout=kill_timeout_s)
    with lock:
        result.accepted_before_kill = len(result.accepted)
        result.seconds_before_kill = time.monotonic() - started
    server.kill()
    for thread in pool:
        thread.join(timeout=REQUEST_TIMEOUT_S + 5)
    if any(thread.is_alive() for thread in pool):
        raise RuntimeError("a client thread did not stop after the server was killed")
    return result


@dataclass
class Verification:
    """What the restarted server and the database say about the submissions."""

    lost: list[str] = field(default_factory=list)  # accepted references not readable, or not whole
    replay_mismatches: list[str] = field(default_factory=list)  # a retry that did not answer the same reference
    duplicates: dict[str, int] = field(default_factory=dict)  # marker -> rows holding it (> 1)
    rows: int = 0  # rows holding a marker of this run

    @property
    def ok(self) -> bool:
        return not (self.lost or self.replay_mismatches or self.duplicates)


def _read_back(client: httpx.Client, reference: str, secret: str, body: dict[str, Any]) -> str | None:
    """None when the report reads back whole with the secret; else what is wrong."""
    response = client.get(f"/api/v1/reports/{reference}", headers={"X-Report-Secret": secret})
    if response.status_code != 200:
        return f"{reference}: GET answered {response.status_code} {response.text[:200]}"
    view = ReportView.model_validate(response.json())
    if view.reference != reference:
        return f"{reference}: read back as {view.reference}"
    if view.report != ReportIn.model_validate(body["report"]):
        return f"{reference}: not whole: {view.report.model_dump(mode='json')} != {body['report']}"
    return None


def _duplicates(url: str, run: str) -> tuple[dict[str, int], int]:
    """Rows per marker of this run in the reports table (read-only query)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            counted = conn.execute(
                sa.text("SELECT suspicious_because, COUNT(*) FROM reports WHERE suspicious_because LIKE :like "
                        "GROUP BY suspicious_because"),
                {"like": f"load marker crash-{run}-%"},
            ).all()
            keys = conn.execute(
                sa.text("SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM reports "
                        "WHERE idempotency_key LIKE :like"),
                {"like": f"crash-{run}-%"},
            ).one()
    finally:
        engine.dispose()
    duplicates = {str(text): int(count) for text, count in counted if count > 1}
    if keys[0] != keys[1]:
        duplicates["idempotency keys"] = int(keys[0]) - int(keys[1])
    return duplicates, sum(int(count) for _, count in counted)


def verify(server: Server, url: str, run: str, result: LoadResult) -> Verification:
    """Check the restarted server: read back, retry with the same keys, count rows per marker."""
    found = Verification()
    with httpx.Client(base_url=server.base, timeout=REQUEST_TIMEOUT_S) as client:
        for item in result.accepted:
            problem = _read_back(client, item.receipt.reference, item.receipt.secret, item.body)
            if problem:
                found.lost.append(problem)
        for item in result.accepted:
            retry = client.post("/api/v1/reports", json=item.body, headers={"Idempotency-Key": marker(run, item.index)})
            if retry.status_code != 201:
                found.replay_mismatches.append(f"{item.receipt.reference}: retry answered {retry.status_code}")
                continue
            receipt = ReportReceipt.model_validate(retry.json())
            if receipt.reference != item.receipt.reference or not receipt.replayed:
                found.replay_mismatches.append(f"{item.receipt.reference}: retry answered {receipt}")
            elif problem := _read_back(client, receipt.reference, receipt.secret, item.body):
                found.replay_mismatches.append(f"after retry: {problem}")
        for index in result.in_doubt:  # the client never heard back: a retry must settle it, stored once
            body = report_body(run, index)
            retry = client.post("/api/v1/reports", json=body, headers={"Idempotency-Key": marker(run, index)})
            if retry.status_code != 201:
                found.replay_mismatches.append(f"in-doubt {marker(run, index)}: retry answered {retry.status_code}")
                continue
            receipt = ReportReceipt.model_validate(retry.json())
            if problem := _read_back(client, receipt.reference, receipt.secret, body):
                found.lost.append(f"in-doubt {marker(run, index)}: {problem}")
    found.duplicates, found.rows = _duplicates(url, run)
    return found
