"""The live-call WebSocket end to end: a real uvicorn server on 127.0.0.1 and a real websockets client."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hangup.calls.audio import SAMPLE_RATE, decode_audio, float_to_pcm16
from hangup.calls.stt import load_backend
from hangup.calls.testcalls import GeneratedCall
from hangup.config import Settings
from hangup.detect.engine import Engine

fastapi = pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
ws_client = pytest.importorskip("websockets.sync.client")
ws_exceptions = pytest.importorskip("websockets.exceptions")

FRAME_SECONDS = 0.1


@pytest.fixture(scope="module")
def server(call_settings: Settings, call_engine: Engine) -> Iterator[str]:
    from hangup.calls.ws import call_router  # noqa: PLC0415 - needs fastapi, checked above

    app = fastapi.FastAPI()
    app.include_router(call_router(call_settings, call_engine, backend=load_backend(call_settings)))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", ws="websockets-sansio")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"ws://127.0.0.1:{port}/ws/call"
    srv.should_exit = True
    thread.join(10)


def receive_all(socket: Any, timeout: float) -> list[dict[str, Any]]:
    """Every message until the server closes the socket (or ``timeout``)."""
    got: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            got.append(json.loads(socket.recv(timeout=max(0.01, deadline - time.monotonic()))))
        except (ws_exceptions.ConnectionClosed, TimeoutError):
            break
    return got


def test_a_call_streamed_in_real_time_gets_a_warning_while_it_goes_on(
    server: str, clip_file: Callable[..., Path], test_calls: dict[str, GeneratedCall]
) -> None:
    call = test_calls["scam_refund_trick-clean"]
    pcm = float_to_pcm16(decode_audio(clip_file(call.name, 6, 7).read_bytes()))  # the overpayment trick, 14 s
    decisive_end = call.turns[6].end - call.turns[6].start + 0.5  # in the clip's time
    frame = int(SAMPLE_RATE * FRAME_SECONDS) * 2
    received: list[tuple[float, dict[str, Any]]] = []
    with ws_client.connect(server, open_timeout=10) as socket:
        ready = json.loads(socket.recv(timeout=30))
        assert ready["type"] == "ready" and ready["sample_rate"] == SAMPLE_RATE and ready["format"] == "pcm_s16le"
        socket.send(json.dumps({"type": "start", "sample_rate": 16000, "channels": 1, "format": "pcm_s16le"}))
        started = time.monotonic()

        def listen() -> None:
            while True:
                try:
                    message = json.loads(socket.recv(timeout=60))
                except (ws_exceptions.ConnectionClosed, TimeoutError):
                    return
                received.append((time.monotonic() - started, message))
                if message["type"] in ("end", "error"):
                    return

        reader = threading.Thread(target=listen, daemon=True)
        reader.start()
        for n, offset in enumerate(range(0, len(pcm), frame)):  # real time: one 100 ms frame every 100 ms
            time.sleep(max(0.0, started + n * FRAME_SECONDS - time.monotonic()))
            socket.send(pcm[offset:offset + frame])
        socket.send(json.dumps({"type": "end"}))
        reader.join(60)
        assert socket.close_code in (None, 1000)
    types = [m["type"] for _, m in received]
    assert "transcript" in types and types[-1] == "end", types
    alerts = [(at, m) for at, m in received if m["type"] == "alert"]
    assert alerts, types
    at, alert = alerts[0]
    assert alert["first"] and alert["message"].startswith("Warning.")
    assert any(t["id"] == "REFUND_TRICK" for t in alert["tactics"])
    assert at - decisive_end < 6.0, f"warned {at - decisive_end:.1f} s after the decisive words ended"
    end = received[-1][1]
    assert end["verdict"]["verdict"] in ("scam", "suspicious") and end["transcript"]


@pytest.mark.parametrize(("first", "code", "words"), [
    (json.dumps({"type": "start", "sample_rate": 8000}), 1003, "sample_rate 8000"),
    (json.dumps({"type": "dance"}), 1003, "text messages must be"),
    ("not json", 1003, "JSON"),
    (b"\x00\x01\x02", 1007, "whole 16-bit samples"),
])
def test_protocol_errors_close_with_a_reason(server: str, first: str | bytes, code: int, words: str) -> None:
    with ws_client.connect(server, open_timeout=10) as socket:
        assert json.loads(socket.recv(timeout=30))["type"] == "ready"
        socket.send(first)
        messages = receive_all(socket, 20)
    assert messages and messages[-1]["type"] == "error" and words in messages[-1]["message"]
    assert socket.close_code == code


def test_a_client_that_goes_away_does_not_hurt_the_next_call(server: str) -> None:
    with ws_client.connect(server, open_timeout=10) as socket:
        socket.recv(timeout=30)
        socket.send(b"\x00\x00" * 1600)
    with ws_client.connect(server, open_timeout=10) as socket:
        assert json.loads(socket.recv(timeout=30))["type"] == "ready"
        socket.send(json.dumps({"type": "end"}))
        messages = receive_all(socket, 20)
    assert messages[-1]["type"] == "end" and messages[-1]["transcript"] == []
