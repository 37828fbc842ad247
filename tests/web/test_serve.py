"""`hangup serve` as a user runs it: a real process on a free port, and clear errors."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

HANGUP = str(Path(sys.executable).with_name("hangup"))


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANGUP_")}
    return {**env, "HANGUP_CONFIG": str(tmp_path / "none.toml"), "HANGUP_DATA_DIR": str(tmp_path), **extra}


def test_serve_on_a_free_port(tmp_path: Path) -> None:
    proc = subprocess.Popen([HANGUP, "serve", "--port", "0"], env=_env(tmp_path), stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        base = f"http://127.0.0.1:{match.group(1)}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/api/v1/health", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not answer"
                time.sleep(0.2)
        assert health.json()["status"] == "ok"
        assert "server" not in health.headers  # no software banner
        assert (tmp_path / "cases.sqlite3").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = subprocess.run([HANGUP, "serve", "--port", str(port), "--no-store"], env=_env(tmp_path),
                             capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 2
    assert f"hangup: error: cannot listen on 127.0.0.1:{port}" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(("args", "env", "words"), [
    (["--port", "70000"], {}, "65535"),
    ([], {"HANGUP_DATABASE_URL": "nosuchdb://x"}, "hangup: error:"),
    ([], {"HANGUP_WEB_PORT": "many"}, "hangup: error: invalid setting web_port"),
])
def test_bad_settings_are_clear_errors(tmp_path: Path, args: list[str], env: dict[str, str], words: str) -> None:
    out = subprocess.run([HANGUP, "serve", *args], env=_env(tmp_path, **env), capture_output=True, text=True,
                         timeout=60, check=False)
    assert out.returncode == 2, out
    assert words in out.stderr
    assert "Traceback" not in out.stderr
