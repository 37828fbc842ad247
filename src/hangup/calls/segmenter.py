"""Finding utterances in a live stream: which 30 ms frames are speech, and where speech pauses.

A cheap energy detector with a noise floor that follows the quiet between words: it only has to
say when someone starts and stops talking. Whether a stretch really holds speech is checked
again by the speech-to-text backend's voice-activity filter before it is read.
"""

from __future__ import annotations

import numpy as np

from hangup.calls.audio import SAMPLE_RATE, Audio

FRAME = SAMPLE_RATE * 30 // 1000  # 30 ms
SPEECH_ABOVE_FLOOR_DB = 10.0
MIN_SPEECH_DB = -50.0  # quieter than this is never speech
FLOOR_RISE_DB = 0.05  # per frame (1.7 dB/s): the floor creeps up in steady noise, drops at once in quiet
START_FRAMES = 3  # 90 ms of speech starts an utterance


def frame_db(frame: Audio) -> float:
    """Loudness of a frame in dB relative to full scale."""
    return float(10.0 * np.log10(float(np.mean(np.square(frame, dtype=np.float64))) + 1e-10))


class Segmenter:
    """Feeds on whole frames; reports when an utterance starts and when it has ended."""

    def __init__(self, pause_seconds: float) -> None:
        self.pause_frames = max(1, round(pause_seconds * SAMPLE_RATE / FRAME))
        self.floor = -60.0
        self.in_speech = False
        self.run = 0  # speech frames in a row (before a start) or quiet frames in a row (during speech)

    def is_speech(self, level: float) -> bool:
        self.floor = min(level, self.floor + FLOOR_RISE_DB)
        return level > max(self.floor + SPEECH_ABOVE_FLOOR_DB, MIN_SPEECH_DB)

    def push(self, level: float) -> str | None:
        """Take the next frame's loudness (:func:`frame_db`): ``"start"`` (speech began ``START_FRAMES``
        frames ago), ``"end"`` (the pause after speech is long enough) or None."""
        speech = self.is_speech(level)
        if not self.in_speech:
            self.run = self.run + 1 if speech else 0
            if self.run >= START_FRAMES:
                self.in_speech, self.run = True, 0
                return "start"
            return None
        self.run = 0 if speech else self.run + 1
        if self.run >= self.pause_frames:
            self.in_speech, self.run = False, 0
            return "end"
        return None
