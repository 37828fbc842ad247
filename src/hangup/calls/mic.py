"""The microphone, through the optional ``sounddevice`` package (PortAudio).

Audio arrives in a PortAudio thread and is handed over as 16 kHz mono PCM16 blocks. A device that
cannot record at 16 kHz is opened at its own rate and resampled.
"""

from __future__ import annotations

import contextlib
import queue
from collections.abc import Iterator
from types import ModuleType, TracebackType
from typing import Any

import numpy as np

from hangup.calls.audio import SAMPLE_RATE, float_to_pcm16
from hangup.errors import MicrophoneUnavailable

BLOCK_SECONDS = 0.1
HINT = ("hangup listen needs a microphone and the PortAudio library "
        "(Debian/Ubuntu: apt install libportaudio2; pip install 'hangup[audio]'). "
        "To try it without one, give a recording: hangup listen --file call.wav")


def _sounddevice() -> ModuleType:
    try:
        import sounddevice  # noqa: PLC0415 - optional, and it loads PortAudio on import
    except ImportError as exc:
        raise MicrophoneUnavailable(f"the sounddevice package is not installed: {HINT}") from exc
    except OSError as exc:  # "PortAudio library not found"
        raise MicrophoneUnavailable(f"{exc}: {HINT}") from exc
    module: ModuleType = sounddevice
    return module


class Microphone:
    """``with Microphone(device) as mic: for block in mic.blocks(): ...`` (PCM16 bytes at 16 kHz)."""

    def __init__(self, device: str | int | None = None) -> None:
        self.device = device
        self._queue: queue.Queue[bytes] = queue.Queue(maxsize=600)  # a minute of audio
        self._stream: Any = None
        self._rate = SAMPLE_RATE

    def _input_device(self, sd: ModuleType) -> dict[str, Any]:
        try:
            info = sd.query_devices(self.device, kind="input")
        except (ValueError, sd.PortAudioError) as exc:
            which = f"microphone {self.device!r}" if self.device is not None else "microphone"
            raise MicrophoneUnavailable(f"no {which} was found ({exc}). {HINT}") from exc
        if not info or int(info.get("max_input_channels", 0)) < 1:
            raise MicrophoneUnavailable(f"no microphone was found. {HINT}")
        return dict(info)

    def _callback(self, data: Any, _frames: int, _time: Any, _status: Any) -> None:
        samples = np.frombuffer(bytes(data), dtype="<i2").astype(np.float32) / 32768.0
        if self._rate != SAMPLE_RATE and samples.size:
            count = round(samples.size * SAMPLE_RATE / self._rate)
            samples = np.interp(np.linspace(0, samples.size - 1, count), np.arange(samples.size), samples)
        with contextlib.suppress(queue.Full):  # the reader fell behind: dropping audio beats growing without bound
            self._queue.put_nowait(float_to_pcm16(samples))

    def __enter__(self) -> Microphone:
        sd = _sounddevice()
        info = self._input_device(sd)
        error: Exception | None = None
        for rate in (SAMPLE_RATE, int(info.get("default_samplerate") or 0)):
            if rate <= 0:
                continue
            try:
                self._rate = rate
                self._stream = sd.RawInputStream(
                    samplerate=rate, channels=1, dtype="int16", blocksize=int(rate * BLOCK_SECONDS),
                    device=self.device, callback=self._callback,
                )
                self._stream.start()
                return self
            except sd.PortAudioError as exc:
                error = exc
        raise MicrophoneUnavailable(f"the microphone cannot be opened: {error}. {HINT}")

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None

    def blocks(self, timeout: float = 5.0) -> Iterator[bytes]:
        """Blocks of audio as they come; :class:`MicrophoneUnavailable` if none comes for ``timeout`` s."""
        while True:
            try:
                yield self._queue.get(timeout=timeout)
            except queue.Empty as exc:
                raise MicrophoneUnavailable(f"the microphone sent no sound for {timeout:.0f} seconds") from exc
