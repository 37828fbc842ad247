"""The live-call WebSocket: a phone app or phone system streams a call, hangup answers with events.

``call_router(settings, engine)`` gives a FastAPI router with the WebSocket at ``/ws/call``; the
protocol is in docs/call-protocol.md. In short: the client sends binary frames of 16 kHz mono
signed 16-bit little-endian PCM and, at the end, the text message ``{"type": "end"}``; the server
sends JSON text messages: ``ready``, then ``transcript``, ``state`` and ``alert`` events as they
happen, ``end`` with the full verdict, or ``error`` before it closes the socket.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from hangup import __version__
from hangup.calls.audio import SAMPLE_RATE
from hangup.calls.events import Event
from hangup.calls.session import CallSession
from hangup.calls.stt import SpeechToText, load_backend
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.errors import HangupError

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 1_048_576  # 32 s of audio in one frame is more than any client needs
CLOSE_NORMAL = 1000
CLOSE_UNSUPPORTED = 1003  # wrong sample rate, format or channels; a text message that is not JSON
CLOSE_INVALID = 1007  # a binary frame with half a sample
CLOSE_TOO_BIG = 1009
CLOSE_POLICY = 1008  # the call is longer than allowed
CLOSE_ERROR = 1011  # speech to text is not available here


class ProtocolError(Exception):
    """The client broke the protocol; ``code`` is the close code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _check_start(message: dict[str, Any]) -> None:
    """A client's optional ``start`` message must describe the one audio format accepted."""
    rate = message.get("sample_rate", SAMPLE_RATE)
    if rate != SAMPLE_RATE:
        raise ProtocolError(f"sample_rate {rate!r} is not supported: send {SAMPLE_RATE} Hz audio", CLOSE_UNSUPPORTED)
    if message.get("channels", 1) != 1:
        raise ProtocolError("only mono audio (channels: 1) is accepted", CLOSE_UNSUPPORTED)
    if message.get("format", "pcm_s16le") != "pcm_s16le":
        raise ProtocolError("only format pcm_s16le (signed 16-bit little-endian PCM) is accepted", CLOSE_UNSUPPORTED)


def _parse(text: str) -> dict[str, Any]:
    try:
        message = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProtocolError("text messages must be JSON objects", CLOSE_UNSUPPORTED) from exc
    if not isinstance(message, dict) or message.get("type") not in ("start", "end"):
        raise ProtocolError('text messages must be {"type": "start", ...} or {"type": "end"}', CLOSE_UNSUPPORTED)
    return message


class _Call:
    """One connection's call."""

    def __init__(self, socket: WebSocket, session: CallSession) -> None:
        self.socket = socket
        self.session = session

    async def send(self, events: list[Event]) -> None:
        for event in events:
            await self.socket.send_json(event.to_dict())

    async def run(self) -> None:
        while True:
            message = await self.socket.receive()
            if message["type"] == "websocket.disconnect":
                raise WebSocketDisconnect(int(message.get("code") or CLOSE_NORMAL))
            data, text = message.get("bytes"), message.get("text")
            if data is not None:
                if len(data) > MAX_FRAME_BYTES:
                    raise ProtocolError(f"a frame may hold at most {MAX_FRAME_BYTES} bytes", CLOSE_TOO_BIG)
                if len(data) % 2:
                    raise ProtocolError("a binary frame must hold whole 16-bit samples (an even number of bytes)",
                                        CLOSE_INVALID)
                await self.send(await run_in_threadpool(self.session.feed, data))
            elif text is not None:
                request = _parse(text)
                if request["type"] == "start":
                    _check_start(request)
                    continue
                await self.send(await run_in_threadpool(self.session.finish))
                await self.socket.close(CLOSE_NORMAL)
                return


def call_router(
    settings: Settings, engine: Engine | None = None, *, backend: SpeechToText | None = None, path: str = "/ws/call"
) -> APIRouter:
    """A router with the live-call WebSocket at ``path``. The speech model loads on the first call."""
    router = APIRouter()
    shared_engine = engine or Engine(settings)

    @router.websocket(path)
    async def call_socket(socket: WebSocket) -> None:
        await socket.accept()
        try:
            stt: SpeechToText = backend if backend is not None else await run_in_threadpool(load_backend, settings)
        except HangupError as exc:
            await _fail(socket, f"speech to text is not available: {exc}", CLOSE_ERROR)
            return
        call = _Call(socket, CallSession(shared_engine, stt, settings))
        await socket.send_json({"type": "ready", "sample_rate": SAMPLE_RATE, "channels": 1, "format": "pcm_s16le",
                                "engine_version": shared_engine.version, "hangup_version": __version__})
        try:
            await call.run()
        except WebSocketDisconnect:
            logger.info("a live call's client went away after %.1f s", call.session.time)
        except ProtocolError as exc:
            await _fail(socket, str(exc), exc.code)
        except HangupError as exc:  # e.g. the call is longer than max_audio_seconds
            await _fail(socket, str(exc), CLOSE_POLICY)

    return router


async def _fail(socket: WebSocket, message: str, code: int) -> None:
    try:
        await socket.send_json({"type": "error", "message": message})
        await socket.close(code)
    except (WebSocketDisconnect, RuntimeError):  # the client has gone already
        pass
