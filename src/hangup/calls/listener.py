"""Hearing a stream: utterances found at pauses, read by speech to text as they grow and end.

Speech is cut into utterances where the speaker pauses (``call_pause_seconds``). While someone is
still talking, the utterance so far is read again every ``call_step_seconds``: short windows, each
overlapping the one before, so that words are known before the speaker stops. At the pause the
utterance is read once more, whole, and becomes a turn of the transcript with its times. Speech
longer than ``call_max_window_seconds`` is cut at its quietest moment (between words).
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

import numpy as np

from hangup.calls.audio import SAMPLE_RATE, Audio
from hangup.calls.segmenter import FRAME, Segmenter, frame_db
from hangup.calls.stt import SpeechToText
from hangup.config import Settings
from hangup.documents.model import Turn
from hangup.errors import AudioError

PREROLL_FRAMES = 10  # 300 ms kept from before speech was detected, so first sounds are not clipped
TAIL_FRAMES = 7  # 210 ms kept after the last speech frame
MIN_PARTIAL_SECONDS = 1.0
CUT_SEARCH_SHARE = 0.4  # a long utterance is cut in the quietest frame of its last 40 %


@dataclass(frozen=True, slots=True)
class Reading:
    """What one window said. ``final`` readings are turns; others will be read again."""

    turn: int
    start: float
    end: float
    text: str
    final: bool


class Listener:
    """Takes 30 ms frames of 16 kHz audio; gives readings. ``partials`` False reads only at pauses."""

    def __init__(self, backend: SpeechToText, settings: Settings, prompt: str, *, partials: bool = True) -> None:
        self.backend = backend
        self.prompt = prompt
        self.turns: list[Turn] = []
        self.frames = 0  # frames taken so far
        self._segmenter = Segmenter(settings.call_pause_seconds)
        self._history: collections.deque[Audio] = collections.deque(maxlen=PREROLL_FRAMES)
        self._utt: list[Audio] = []
        self._levels: list[float] = []
        self._start = 0  # frame where the current utterance starts
        self._read_at = 0  # utterance length (frames) at the last partial reading
        self._partial = ""
        step = settings.call_step_seconds if partials else 0.0
        self._step = round(step * SAMPLE_RATE / FRAME)
        self._max_frames = round(settings.call_max_window_seconds * SAMPLE_RATE / FRAME)
        self._limit = round(settings.max_audio_seconds * SAMPLE_RATE / FRAME)
        self._max_seconds = settings.max_audio_seconds

    @property
    def time(self) -> float:
        """Seconds of audio taken so far."""
        return self.frames * FRAME / SAMPLE_RATE

    def _seconds(self, frame: int) -> float:
        return round(frame * FRAME / SAMPLE_RATE, 2)

    def take(self, frame: Audio) -> list[Reading]:
        """The next frame (``FRAME`` samples)."""
        if self.frames >= self._limit:
            raise AudioError(f"the call is longer than {self._max_seconds:.0f} seconds (setting max_audio_seconds)")
        level = frame_db(frame)
        was_speaking = self._segmenter.in_speech
        change = self._segmenter.push(level)
        self.frames += 1
        if not was_speaking:
            self._history.append(frame)
            if change == "start":
                self._utt = list(self._history)
                self._levels = [frame_db(f) for f in self._utt]
                self._start, self._read_at, self._partial = self.frames - len(self._utt), 0, ""
                self._history.clear()
            return []
        self._utt.append(frame)
        self._levels.append(level)
        if change == "end":
            keep = len(self._utt) - self._segmenter.pause_frames + TAIL_FRAMES
            readings = self._commit(max(1, min(len(self._utt), keep)))
            self._utt, self._levels = [], []
            return readings
        if len(self._utt) >= self._max_frames:
            first = int(len(self._utt) * (1 - CUT_SEARCH_SHARE))
            return self._commit(max(1, first + int(np.argmin(self._levels[first:]))))
        if self._step and len(self._utt) - self._read_at >= self._step and \
                len(self._utt) * FRAME >= MIN_PARTIAL_SECONDS * SAMPLE_RATE:
            return self._read_partial()
        return []

    def flush(self) -> list[Reading]:
        """Read what is left of the last utterance (the call ended)."""
        readings = self._commit(len(self._utt)) if self._utt else []
        self._utt, self._levels = [], []
        return readings

    def _read_partial(self) -> list[Reading]:
        self._read_at = len(self._utt)
        text = self.backend.transcribe_window(np.concatenate(self._utt), prompt=self.prompt)
        if not text or text == self._partial:
            return []
        self._partial = text
        return [Reading(len(self.turns), self._seconds(self._start), self._seconds(self.frames), text, final=False)]

    def _commit(self, length: int) -> list[Reading]:
        """Read the first ``length`` frames of the utterance and make them a turn."""
        audio = np.concatenate(self._utt[:length])
        start, end = self._seconds(self._start), self._seconds(self._start + length)
        had_partial = bool(self._partial)
        self._utt, self._levels = self._utt[length:], self._levels[length:]
        self._start += length
        self._read_at, self._partial = 0, ""
        text = self.backend.transcribe_window(audio, prompt=self.prompt)
        if not text:  # an empty final reading withdraws a partial one
            return [Reading(len(self.turns), start, end, "", final=True)] if had_partial else []
        self.turns.append(Turn(None, text, start, end))
        return [Reading(len(self.turns) - 1, start, end, text, final=True)]
