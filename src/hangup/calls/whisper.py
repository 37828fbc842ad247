"""The faster-whisper backend (CTranslate2 Whisper models on the CPU).

Windows without speech, by faster-whisper's Silero voice-activity filter, are not decoded.
Whisper normally pads every input to 30 seconds, which costs the same two seconds of CPU for a
one-second "yes" as for thirty seconds of speech; a window is encoded at its own length (rounded
up to :data:`MIN_FRAMES`), which is several times faster and reads short speech as well.
"""

from __future__ import annotations

import logging
import math
import threading
from typing import Any

import numpy as np

from hangup.calls.audio import SAMPLE_RATE, Audio
from hangup.calls.models import ModelLocation, resolve_model
from hangup.config import Settings
from hangup.errors import SpeechModelError

logger = logging.getLogger(__name__)

FULL_FRAMES = 3000  # Whisper's 30-second input, in 10 ms feature frames
MIN_FRAMES = 500  # windows are encoded as at least 5 s: much shorter contexts start to misread
FRAME_STEP = 500
MAX_PROMPT_TOKENS = 223  # Whisper's decoder takes 448 tokens, half of them for the prompt
NO_SPEECH_PROB = 0.6
# Silero's default threshold (0.5) misses much narrowband telephone speech, whose speech
# probabilities sit around 0.3-0.6; line noise and silence stay well below 0.3.
VAD_THRESHOLD = 0.3
VAD_MIN_SPEECH_MS = 150
LOW_LOGPROB = -1.0


class FasterWhisper:
    """A faster-whisper model; one decoding at a time (calls from several threads queue)."""

    def __init__(self, location: ModelLocation, settings: Settings) -> None:
        try:
            from faster_whisper import WhisperModel  # noqa: PLC0415 - optional extra
            from faster_whisper.tokenizer import Tokenizer  # noqa: PLC0415
        except ImportError as exc:
            raise SpeechModelError("speech to text needs the audio extra: pip install 'hangup[audio]'") from exc
        try:
            self._model = WhisperModel(
                str(location.path), device="cpu", compute_type=settings.stt_compute_type,
                cpu_threads=settings.stt_threads, local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise SpeechModelError(f"cannot load the speech model at {location.path}: {exc}") from exc
        multilingual = bool(self._model.model.is_multilingual)
        self._language = settings.stt_language if multilingual else "en"
        self._tokenizer = Tokenizer(self._model.hf_tokenizer, multilingual, task="transcribe", language=self._language)
        self._beam_size = settings.stt_beam_size
        self._lock = threading.Lock()
        self._name = f"faster-whisper {location.label}"

    @classmethod
    def from_settings(cls, settings: Settings) -> FasterWhisper:
        return cls(resolve_model(settings), settings)

    @property
    def name(self) -> str:
        return self._name

    def has_speech(self, audio: Audio) -> bool:
        """True when the Silero voice-activity model hears speech in ``audio``."""
        from faster_whisper.vad import VadOptions, get_speech_timestamps  # noqa: PLC0415

        options = VadOptions(threshold=VAD_THRESHOLD, min_speech_duration_ms=VAD_MIN_SPEECH_MS)
        return bool(get_speech_timestamps(audio, options))

    def _prompt_tokens(self, prompt: str | None) -> list[int]:
        tokens: list[int] = []
        if prompt:
            text_tokens = self._tokenizer.encode(" " + prompt.strip())[-MAX_PROMPT_TOKENS:]
            tokens = [self._tokenizer.sot_prev, *text_tokens]
        return [*tokens, *self._tokenizer.sot_sequence, self._tokenizer.no_timestamps]

    def transcribe_window(self, audio: Audio, *, prompt: str | None = None) -> str:
        """One stretch of live speech (at most 30 s), encoded at its own length."""
        audio = np.asarray(audio, dtype=np.float32)[: SAMPLE_RATE * 30]
        if audio.size < SAMPLE_RATE // 10 or not self.has_speech(audio):
            return ""
        import ctranslate2  # noqa: PLC0415 - a dependency of faster-whisper
        from faster_whisper.audio import pad_or_trim  # noqa: PLC0415

        with self._lock:
            features = self._model.feature_extractor(audio)
            frames = min(FULL_FRAMES, max(MIN_FRAMES, math.ceil(features.shape[-1] / FRAME_STEP) * FRAME_STEP))
            features = np.ascontiguousarray(pad_or_trim(features, frames)[None], dtype=np.float32)
            encoded = self._model.model.encode(ctranslate2.StorageView.from_array(features))
            tokens = self._prompt_tokens(prompt)
            budget = len(tokens) + int(audio.size / SAMPLE_RATE * 6) + 16  # no more than ~6 tokens a second
            result: Any = self._model.model.generate(
                encoded, [tokens], beam_size=self._beam_size, max_length=min(448, budget),
                return_scores=True, return_no_speech_prob=True, suppress_blank=True, suppress_tokens=[-1],
                repetition_penalty=1.1, no_repeat_ngram_size=0,
            )[0]
        ids = [t for t in result.sequences_ids[0] if t < self._tokenizer.eot]
        logprob = float(result.scores[0]) if result.scores else 0.0
        if float(result.no_speech_prob) > NO_SPEECH_PROB and logprob < LOW_LOGPROB:
            return ""
        return str(self._tokenizer.decode(ids)).strip()
