"""A throwaway PostgreSQL server for tests and benchmarks: initdb + pg_ctl in a temporary folder.

Any test folder can use it::

    from pg import pg_url, postgres  # noqa: F401  (in that folder's conftest.py)

``postgres`` (session scope) starts one server on a free port of 127.0.0.1 and stops it at the end;
``pg_url`` (function scope) creates a fresh, empty database on it for each test and gives its URL.
When no PostgreSQL server binaries are installed (``sh scripts/system-deps.sh`` installs them) the
tests that use them are skipped with that reason. initdb refuses to run as root, so as root the
server runs as the ``postgres`` system user (or ``$HANGUP_TEST_PG_USER``) through ``runuser``.
Outside pytest: ``with running_postgres() as server: server.create_database("x")``.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER = "hangup"
START_TIMEOUT_S = 60
_counter = itertools.count(1)


class PostgresUnavailable(RuntimeError):
    """PostgreSQL cannot be started here; the message says why."""


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl (newest installed version), or None."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as() -> pwd.struct_passwd | None:
    """The user to run the server as: None when not root."""
    if os.geteuid() != 0:
        return None
    if not shutil.which("runuser"):
        raise PostgresUnavailable("running as root and runuser is missing")
    name = os.environ.get("HANGUP_TEST_PG_USER", "postgres")
    try:
        return pwd.getpwnam(name)
    except KeyError as exc:
        raise PostgresUnavailable(f"running as root and there is no {name!r} user to run PostgreSQL as") from exc


@dataclass
class PostgresServer:
    """A running throwaway server."""

    port: int
    base: Path
    bin_dir: Path
    user: pwd.struct_passwd | None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; its SQLAlchemy URL."""
        import psycopg  # noqa: PLC0415

        name = name or f"t{os.getpid()}_{next(_counter)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres",
                             autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _cmd(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.user.pw_name, "--", *args] if self.user else list(args)

    def run(self, *args: str, timeout: float = START_TIMEOUT_S) -> None:
        proc = subprocess.run(self._cmd(*args), capture_output=True, text=True, timeout=timeout, check=False,
                              cwd=self.base)
        if proc.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise PostgresUnavailable(f"{Path(args[0]).name} failed: {proc.stderr.strip()} {tail}")


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """Start a server in a new temporary folder; stop it and delete the folder afterwards."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    user = _run_as()
    base = Path(tempfile.mkdtemp(prefix="hangup-pg-"))
    server = PostgresServer(_free_port(), base, bin_dir, user)
    data = base / "data"
    try:
        if user is not None:
            os.chown(base, user.pw_uid, user.pw_gid)
        server.run(str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                   "--no-sync", "--locale=C")
        options = (f"-p {server.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={base} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        server.run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "server.log"),
                   "-w", "-t", str(START_TIMEOUT_S), "start")
        try:
            yield server
        finally:
            server.run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the test session (skipped if PostgreSQL is not installed)."""
    if find_bin_dir() is None:
        pytest.skip("PostgreSQL is not installed (sh scripts/system-deps.sh installs it)")
    with running_postgres() as server:
        yield server


@pytest.fixture
def pg_url(postgres: PostgresServer) -> str:
    """The URL of a fresh, empty database on the session's PostgreSQL server."""
    return postgres.create_database()
