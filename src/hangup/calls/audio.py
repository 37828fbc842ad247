"""Audio in: decoding recordings with PyAV, and 16 kHz mono PCM16 conversions.

Everything downstream works on mono float32 samples at :data:`SAMPLE_RATE`. PyAV (a dependency of
faster-whisper) carries its own FFmpeg libraries, so WAV, FLAC, Ogg (Vorbis, Opus), MP3, M4A and
WebM decode without an ``ffmpeg`` program.
"""

from __future__ import annotations

import io
import wave
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from hangup.errors import AudioError, AudioUnavailable

SAMPLE_RATE = 16_000
MIN_SOURCE_RATE = 8_000  # telephone audio; anything lower cannot carry speech
INSTALL_HINT = "install the audio extra with `pip install 'hangup[audio]'`"

Audio = npt.NDArray[np.float32]


def _av() -> ModuleType:
    try:
        import av  # noqa: PLC0415 - optional extra, imported only when needed
    except ImportError as exc:
        raise AudioUnavailable(f"reading audio needs speech to text: {INSTALL_HINT}") from exc
    return av


def pcm16_to_float(data: bytes) -> Audio:
    """Little-endian signed 16-bit samples to float32 in [-1, 1)."""
    if len(data) % 2:
        raise AudioError(f"PCM16 audio must have an even number of bytes, got {len(data)}")
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def float_to_pcm16(audio: npt.NDArray[np.floating[Any]]) -> bytes:
    """Float samples (clipped to [-1, 1]) to little-endian signed 16-bit bytes."""
    clipped = np.clip(np.asarray(audio, dtype=np.float32), -1.0, 1.0)
    return (clipped * 32767.0).round().astype("<i2").tobytes()


def wav_bytes(audio: Audio, rate: int = SAMPLE_RATE) -> bytes:
    """A mono 16-bit WAV file holding ``audio``."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(float_to_pcm16(audio))
    return buffer.getvalue()


def _source_rate(stream: Any) -> int:
    rate = getattr(stream.codec_context, "sample_rate", None) or getattr(stream, "rate", None) or 0
    return int(rate)


def decode_audio(data: bytes, *, name: str = "audio", max_seconds: float = 7200.0) -> Audio:
    """Decode a recording of any format PyAV reads to mono float32 at 16 kHz.

    :class:`AudioError` when it is empty, not audio, damaged, too long or sampled below 8 kHz.
    """
    if not data:
        raise AudioError(f"{name} is empty")
    av = _av()
    max_samples = int(max_seconds * SAMPLE_RATE)
    chunks: list[npt.NDArray[np.int16]] = []
    total = 0
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.audio:
                raise AudioError(f"{name} has no sound track")
            stream = container.streams.audio[0]
            rate = _source_rate(stream)
            if 0 < rate < MIN_SOURCE_RATE:
                raise AudioError(f"{name} is sampled at {rate} Hz, too low for speech; "
                                 f"at least {MIN_SOURCE_RATE} Hz (telephone quality) is needed")
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            for frame in container.decode(stream):
                for out in [*resampler.resample(frame)]:
                    chunk = out.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    total += chunk.size
                if total > max_samples:
                    raise AudioError(f"{name} is longer than {max_seconds:.0f} seconds (setting max_audio_seconds)")
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except AudioError:
        raise
    except (av.error.FFmpegError, ValueError, OSError, EOFError) as exc:
        raise AudioError(f"{name} is not a readable audio file: {exc}") from exc
    samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
    if samples.size == 0:
        raise AudioError(f"{name} holds no sound")
    return samples.astype(np.float32) / 32768.0
