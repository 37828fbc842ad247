"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright, never a download.

``server`` runs ``hangup serve`` as a real process on a free port of 127.0.0.1; ``page`` is a fresh
browser tab. Screenshots go to build/screenshots/web (or $HANGUP_SCREENSHOTS) for review.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HANGUP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
START_TIMEOUT_S = 60


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (sh scripts/system-deps.sh installs it)"
    try:
        import playwright  # noqa: F401, PLC0415
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


def screenshot_dir() -> Path:
    folder = Path(os.environ.get("HANGUP_SCREENSHOTS", ROOT / "build" / "screenshots" / "web"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Server:
    base: str
    data_dir: Path
    env: dict[str, str]


@contextmanager
def running_server(data_dir: Path, **env_overrides: str) -> Iterator[Server]:
    """`hangup serve --port 0` as a real process with its own data folder and ``HANGUP_*`` settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANGUP_")}
    env.update(HANGUP_CONFIG=str(data_dir / "none.toml"), HANGUP_DATA_DIR=str(data_dir), HANGUP_WEB_RATE_LIMIT="0")
    env.update(env_overrides)
    hangup = str(Path(sys.executable).with_name("hangup"))
    proc = subprocess.Popen([hangup, "serve", "--port", "0"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"serving on (http://127\.0\.0\.1:\d+)/", line)
        if not match:
            raise RuntimeError(f"hangup serve did not start: {line}{proc.stderr.read()[:2000]}")
        base = match.group(1)
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                httpx.get(f"{base}/api/v1/health", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        yield Server(base, data_dir, env)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`hangup serve --port 0` with its own data folder; stopped at the end of the session."""
    with running_server(tmp_path_factory.mktemp("browser-data")) as running:
        yield running
