"""Audio in: every format decodes to the same 16 kHz samples; bad audio gives a clear error."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest

from hangup.calls.audio import SAMPLE_RATE, decode_audio, float_to_pcm16, pcm16_to_float, wav_bytes
from hangup.calls.testcalls import GeneratedCall, telephone
from hangup.config import Settings
from hangup.documents import read_bytes, read_path
from hangup.documents.audio import is_transcribed, looks_like_audio
from hangup.errors import AudioError

av = pytest.importorskip("av", reason="the audio extra is not installed")

FORMATS = {"flac": ("flac", "flac"), "ogg": ("ogg", "libopus"), "mp3": ("mp3", "libmp3lame"),
           "mulaw-wav": ("wav", "pcm_mulaw")}


def encode(audio: np.ndarray, container: str, codec: str, rate: int = SAMPLE_RATE) -> bytes:
    """``audio`` written by FFmpeg's own encoders (through PyAV)."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=container) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(np.frombuffer(float_to_pcm16(audio), "<i2").reshape(1, -1),
                                           format="s16", layout="mono")
        frame.sample_rate = rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    return buffer.getvalue()


def wav_at(audio: np.ndarray, rate: int, channels: int = 1) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.repeat(np.frombuffer(float_to_pcm16(audio), "<i2"), channels).tobytes())
    return buffer.getvalue()


@pytest.fixture(scope="module")
def speech(test_calls: dict[str, GeneratedCall]) -> np.ndarray:
    call = test_calls["legit_delivery-clean"]
    return call.audio[: int(call.turns[0].end * SAMPLE_RATE)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Correlation of the loudness envelopes (codecs shift phase and add a little delay)."""
    n = min(a.size, b.size) // 160 * 160
    env_a = np.sqrt(np.mean(np.square(a[:n].reshape(-1, 160)), axis=1))
    env_b = np.sqrt(np.mean(np.square(b[:n].reshape(-1, 160)), axis=1))
    return float(np.corrcoef(env_a, env_b)[0, 1])


@pytest.mark.parametrize("name", list(FORMATS))
def test_formats_decode_without_ffmpeg_program(name: str, speech: np.ndarray) -> None:
    data = encode(speech, *FORMATS[name])
    assert looks_like_audio(data[:64])
    decoded = decode_audio(data, name=name)
    assert decoded.dtype == np.float32
    assert abs(decoded.size - speech.size) < SAMPLE_RATE * 0.1
    assert similarity(speech, decoded) > 0.9


def test_other_rates_and_stereo_are_resampled(speech: np.ndarray) -> None:
    for rate, channels in ((8000, 1), (44100, 2), (22050, 1)):
        narrow = decode_audio(wav_at(speech, SAMPLE_RATE), name="x")  # the same samples, relabelled below
        data = wav_at(narrow, rate, channels)
        decoded = decode_audio(data, name="x")
        assert abs(decoded.size - round(narrow.size * SAMPLE_RATE / rate)) < 200


@pytest.mark.parametrize(("data", "message"), [
    (b"", "is empty"),
    (b"\x00\x01garbage bytes that are no audio at all" * 50, "not a readable audio file"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 30, "not a readable audio file|holds no sound"),
])
def test_bad_audio_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(AudioError, match=message):
        decode_audio(data, name="call.wav")


def test_too_low_a_rate_and_too_long_are_refused(speech: np.ndarray) -> None:
    with pytest.raises(AudioError, match="4000 Hz, too low"):
        decode_audio(wav_at(speech[:16000], 4000), name="call.wav")
    with pytest.raises(AudioError, match="longer than 1 seconds"):
        decode_audio(wav_bytes(speech), name="call.wav", max_seconds=1)


def test_pcm16_round_trip_and_half_samples() -> None:
    samples = np.array([0.0, 0.5, -0.5, 0.999], dtype=np.float32)
    assert np.allclose(pcm16_to_float(float_to_pcm16(samples)), samples, atol=1e-4)
    with pytest.raises(AudioError, match="even number"):
        pcm16_to_float(b"\x00\x01\x02")


def test_sniffing_knows_audio_from_text_and_images() -> None:
    assert looks_like_audio(b"RIFF\x00\x00\x00\x00WAVEfmt ")
    assert looks_like_audio(b"ID3\x04") and looks_like_audio(b"fLaC") and looks_like_audio(b"OggS")
    assert not looks_like_audio(b"Caller: hello, this is Microsoft")
    assert not looks_like_audio(b"\x89PNG\r\n\x1a\n")
    assert looks_like_audio(b"\xff\xfb\x90\x64")  # an MP3 frame without a tag
    assert not looks_like_audio("Caller: hello".encode("utf-16"))  # its byte-order mark is no frame


def test_telephone_quality_keeps_only_the_phone_band(speech: np.ndarray) -> None:
    phone = telephone(speech)
    spectrum = np.abs(np.fft.rfft(phone)) ** 2
    freqs = np.fft.rfftfreq(phone.size, 1 / SAMPLE_RATE)
    in_band = spectrum[(freqs > 300) & (freqs < 3400)].sum()
    assert spectrum[freqs > 4000].sum() < in_band * 1e-3
    assert similarity(speech, phone) > 0.8


def test_an_mp3_recording_reads_as_a_call_with_times(
    tmp_path: Path, speech: np.ndarray, call_settings: Settings
) -> None:
    path = tmp_path / "voicemail.mp3"
    path.write_bytes(encode(speech, "mp3", "libmp3lame"))
    (doc,) = read_path(path, settings=call_settings)
    assert doc.kind == "call" and is_transcribed(doc) and "tiny.en" in doc.notes[0]
    assert doc.turns and all(t.start is not None and t.end is not None for t in doc.turns)
    assert "parcel" in doc.text.lower() or "house" in doc.text.lower()


def test_a_file_named_as_audio_that_is_not_is_refused(call_settings: Settings) -> None:
    with pytest.raises(AudioError, match="is not a recording hangup can read"):
        read_bytes(b"Caller: hello, this is Microsoft", name="call.mp3", settings=call_settings)
    with pytest.raises(AudioError, match="is not a recording hangup can read"):
        read_bytes(b"Caller: hello, this is Microsoft", kind="audio", settings=call_settings)
