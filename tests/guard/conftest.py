"""Fixtures for the guard's tests: settings on a temporary state folder, real tool-named processes."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("psutil", reason="the guard needs psutil (pip install 'hangup[guard]')")

from guardkit import SLEEP, Spawn, copy_binary

from hangup.config import Settings
from hangup.guard.catalog import Catalog, load_catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Quiet settings on an empty state folder: no desktop pop-ups, no voice, no contact."""
    return Settings(
        state_dir=tmp_path / "state", guard_desktop=False, guard_speak="never", guard_contact="never",
        guard_interval=0.05,
    )


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Spawn]:
    """Start a copy of ``sleep`` under a tool's name: ``spawn("anydesk")``. Killed afterwards."""
    if SLEEP is None:
        pytest.skip("no sleep program on this system")
    started: list[subprocess.Popen[bytes]] = []

    def start(name: str, *args: str, folder: str = "bin") -> subprocess.Popen[bytes]:
        program = tmp_path / folder / name
        if not program.exists():
            copy_binary(program.parent, name)
        proc = subprocess.Popen([str(program), *(args or ("30",))])
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(5)
