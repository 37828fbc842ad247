"""Speaking a warning aloud with espeak-ng, one utterance after another."""

from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import threading
from pathlib import Path

from hangup.config import Settings

logger = logging.getLogger(__name__)

MAX_CHARS = 1000  # a warning is a sentence or two; longer text is cut
SPEAK_TIMEOUT_SECONDS = 120
INSTALL_HINT = "install espeak-ng (Debian/Ubuntu: apt install espeak-ng; macOS: brew install espeak-ng)"

_queue: queue.Queue[tuple[list[str], str]] = queue.Queue()
_worker: threading.Thread | None = None
_worker_lock = threading.Lock()


def _clean(text: str) -> str:
    """One line of printable text: espeak-ng reads it from standard input, never as an option."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat[:MAX_CHARS]


def _command(settings: Settings, to_file: Path | None) -> list[str] | None:
    program = shutil.which(settings.speech_command)
    if program is None:
        logger.warning("cannot speak the warning: %r was not found; %s", settings.speech_command, INSTALL_HINT)
        return None
    args = [program, "-v", settings.speech_voice, "-s", str(settings.speech_rate)]
    if to_file is not None:
        args += ["-w", str(to_file)]
    return [*args, "--stdin"]


def _run(argv: list[str], text: str) -> bool:
    try:
        done = subprocess.run(
            argv, input=text.encode("utf-8"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            timeout=SPEAK_TIMEOUT_SECONDS, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.warning("cannot speak the warning: %s", exc)
        return False
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        logger.warning("cannot speak the warning: %s exited with %d: %s", argv[0], done.returncode,
                       detail[-1] if detail else "no message")
        return False
    return True


def _work() -> None:
    while True:
        argv, text = _queue.get()
        _run(argv, text)


def _start_worker() -> None:
    global _worker  # noqa: PLW0603 - one speaker per process, started on first use
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="hangup-speak", daemon=True)
            _worker.start()


def speak(text: str, settings: Settings, *, wait: bool = False, to_file: Path | None = None) -> bool:
    """Say ``text`` aloud. Never raises; False (with a logged warning) when it cannot.

    Without ``wait`` the text is queued and spoken after any earlier warning, and True means it
    was queued. With ``wait`` it returns when speaking has finished. ``to_file`` writes a WAV file
    instead of playing (for tests, or to keep a copy).
    """
    cleaned = _clean(text)
    if not cleaned:
        return False
    argv = _command(settings, to_file)
    if argv is None:
        return False
    if wait:
        return _run(argv, cleaned)
    _start_worker()
    _queue.put((argv, cleaned))
    return True
