"""Test calls: scam and genuine dialogues spoken by espeak-ng, clean or at telephone quality.

Each speaker has their own voice. Telephone quality is the clean call band-limited to 300-3400 Hz,
sampled at 8 kHz with 8-bit mu-law (as on a phone line), with a little line noise, and brought
back to 16 kHz. The dialogues are data (``data/test_calls.yaml``); ``scripts/make_test_calls.py``
writes them as WAV files with their true transcripts, and the tests make them on the fly.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import numpy as np

from hangup.calls.audio import SAMPLE_RATE, Audio, decode_audio
from hangup.errors import ConfigError
from hangup.yamldata import load_yaml

Quality = Literal["clean", "phone"]
QUALITIES: tuple[Quality, ...] = ("clean", "phone")
SPEECH_RATE = 140  # words per minute: slow and clear, as people speak on the phone
LEAD_SECONDS = 0.6
GAP_SECONDS = 0.8
LINE_NOISE_DB = -55.0


@dataclass(frozen=True, slots=True)
class Dialogue:
    id: str
    label: Literal["scam", "legit"]
    turns: tuple[tuple[str, str], ...]  # (speaker, text)
    voices: tuple[tuple[str, str], ...]  # (speaker, espeak-ng voice)
    alert_by: int | None = None  # the turn by whose end a scam call must have raised a warning


@dataclass(frozen=True, slots=True)
class TimedTurn:
    speaker: str
    text: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class GeneratedCall:
    dialogue: Dialogue
    quality: Quality
    audio: Audio
    turns: tuple[TimedTurn, ...]

    @property
    def name(self) -> str:
        return f"{self.dialogue.id}-{self.quality}"

    @property
    def duration(self) -> float:
        return self.audio.size / SAMPLE_RATE

    @property
    def reference(self) -> str:
        """What was said, for word error rates."""
        return " ".join(turn.text for turn in self.turns)


@functools.cache
def load_dialogues() -> tuple[Dialogue, ...]:
    """The shipped dialogues."""
    text = (resources.files("hangup.calls") / "data" / "test_calls.yaml").read_text(encoding="utf-8")
    data = load_yaml(text)
    voices = tuple((str(k), str(v)) for k, v in data["voices"].items())
    out = []
    for entry in data["calls"]:
        turns = tuple((str(speaker), str(said)) for speaker, said in entry["turns"])
        unknown = {speaker for speaker, _ in turns} - {speaker for speaker, _ in voices}
        if unknown:
            raise ConfigError(f"test call {entry['id']}: no voice for {sorted(unknown)}")
        out.append(Dialogue(str(entry["id"]), entry["label"], turns, voices, entry.get("alert_by")))
    return tuple(out)


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


def synthesize(text: str, voice: str, rate: int = SPEECH_RATE) -> Audio:
    """``text`` spoken by espeak-ng in ``voice``, at 16 kHz."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise ConfigError("making test calls needs espeak-ng (Debian/Ubuntu: apt install espeak-ng)")
    for attempt in range(2):  # espeak-ng has been seen to stall once in a while on a busy machine
        try:
            done = subprocess.run(
                [program, "-v", voice, "-s", str(rate), "--stdout", "--stdin"],
                input=text.encode("utf-8"), capture_output=True, timeout=30, check=False,
            )
            break
        except subprocess.TimeoutExpired as exc:
            if attempt:
                raise ConfigError(f"espeak-ng did not finish speaking {text[:40]!r}") from exc
    if done.returncode != 0 or not done.stdout:
        raise ConfigError(f"espeak-ng failed for voice {voice!r}: {done.stderr.decode('utf-8', 'replace').strip()}")
    return decode_audio(done.stdout, name="espeak-ng output")


def _mu_law(x: Audio, levels: int = 255) -> Audio:
    """8-bit mu-law companding there and back: the quantisation noise of a phone line."""
    compressed = np.sign(x) * np.log1p(levels * np.abs(x)) / np.log1p(levels)
    quantised = np.round(compressed * 127.0) / 127.0
    expanded: Audio = (np.sign(quantised) * np.expm1(np.abs(quantised) * np.log1p(levels)) / levels).astype(np.float32)
    return expanded


def telephone(audio: Audio, seed: int = 0) -> Audio:
    """``audio`` as heard over a phone line: 300-3400 Hz, 8 kHz mu-law, line noise; back at 16 kHz."""
    n = audio.size
    spectrum = np.fft.rfft(audio)
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    spectrum[(freqs < 300) | (freqs > 3400)] = 0
    narrow = np.fft.irfft(spectrum, n)[::2].astype(np.float32)  # 8 kHz: nothing above 4 kHz is left to alias
    noise = np.random.default_rng(seed).standard_normal(narrow.size) * 10 ** (LINE_NOISE_DB / 20)
    line = _mu_law(np.clip(narrow + noise.astype(np.float32), -1, 1))
    wide = np.zeros(n // 2 + 1, dtype=np.complex128)
    narrow_spectrum = np.fft.rfft(line)
    wide[: narrow_spectrum.size] = narrow_spectrum
    return (np.fft.irfft(wide, n) * 2).astype(np.float32)


@functools.cache
def _spoken(dialogue: Dialogue) -> tuple[Audio, tuple[TimedTurn, ...]]:
    """The dialogue spoken turn by turn, with a pause between turns; times are exact."""
    voices = dict(dialogue.voices)
    pieces = [np.zeros(int(LEAD_SECONDS * SAMPLE_RATE), dtype=np.float32)]
    pos = pieces[0].size
    gap = np.zeros(int(GAP_SECONDS * SAMPLE_RATE), dtype=np.float32)
    timed = []
    for speaker, text in dialogue.turns:
        speech = synthesize(text, voices[speaker])
        nonzero = np.flatnonzero(np.abs(speech) > 1e-3)  # espeak-ng pads with silence; time the speech
        first, last = (int(nonzero[0]), int(nonzero[-1]) + 1) if nonzero.size else (0, speech.size)
        timed.append(TimedTurn(speaker, text, (pos + first) / SAMPLE_RATE, (pos + last) / SAMPLE_RATE))
        pieces += [speech, gap]
        pos += speech.size + gap.size
    return np.concatenate(pieces), tuple(timed)


def make_call(dialogue: Dialogue, quality: Quality = "clean") -> GeneratedCall:
    """The dialogue as a call recording at 16 kHz, clean or at telephone quality."""
    audio, timed = _spoken(dialogue)
    if quality == "phone":
        audio = telephone(audio)
    peak = float(np.max(np.abs(audio))) or 1.0
    return GeneratedCall(dialogue, quality, (audio * (0.7 / peak)).astype(np.float32), timed)


def make_calls(qualities: tuple[Quality, ...] = QUALITIES) -> list[GeneratedCall]:
    """Every shipped dialogue in every quality."""
    return [make_call(d, q) for d in load_dialogues() for q in qualities]
