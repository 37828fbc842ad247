"""A live call, fed with audio as it arrives, reporting what it hears and when to warn.

:class:`CallSession` does not care where audio comes from (a microphone, a WebSocket, a file
played back): ``feed(pcm16_mono_16k)`` returns the events that audio caused. A
:class:`~hangup.calls.listener.Listener` turns audio into readings; after each reading the engine
analyses the whole transcript so far (with the reading if it is partial) and the
:class:`~hangup.calls.policy.AlertTracker` decides on state changes and warnings.
"""

from __future__ import annotations

from hangup.calls.audio import Audio, float_to_pcm16, pcm16_to_float
from hangup.calls.events import EndEvent, Event, TranscriptEvent
from hangup.calls.listener import Listener, Reading
from hangup.calls.policy import AlertPolicy, AlertTracker
from hangup.calls.prompt import recognition_prompt
from hangup.calls.segmenter import FRAME
from hangup.calls.stt import SpeechToText, load_backend
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.detect.verdict import Verdict
from hangup.documents.model import Document, Turn
from hangup.errors import AudioError


class CallSession:
    """One call: audio in, :mod:`~hangup.calls.events` out. One feeder at a time (not thread-safe)."""

    def __init__(
        self,
        engine: Engine,
        backend: SpeechToText,
        settings: Settings,
        *,
        policy: AlertPolicy | None = None,
        prompt: str | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.listener = Listener(backend, settings, recognition_prompt() if prompt is None else prompt)
        self.tracker = AlertTracker(policy or AlertPolicy.load(), settings.scam_threshold,
                                    settings.suspicious_threshold)
        self._pending = bytearray()
        self.finished = False

    @classmethod
    def start(cls, settings: Settings, engine: Engine | None = None) -> CallSession:
        """A session with the settings' speech-to-text backend (loaded once per process)."""
        return cls(engine or Engine(settings), load_backend(settings), settings)

    @property
    def state(self) -> str:
        return self.tracker.state

    @property
    def time(self) -> float:
        """Seconds of audio taken so far."""
        return self.listener.time

    @property
    def turns(self) -> list[Turn]:
        return self.listener.turns

    def feed(self, pcm16_mono_16k: bytes) -> list[Event]:
        """Take 16 kHz mono signed 16-bit little-endian audio; the events it caused, in order."""
        if self.finished:
            raise AudioError("the call has ended; start a new session")
        self._pending += pcm16_mono_16k
        usable = len(self._pending) // (FRAME * 2) * FRAME * 2
        if not usable:
            return []
        audio = pcm16_to_float(bytes(self._pending[:usable]))
        del self._pending[:usable]
        events: list[Event] = []
        for offset in range(0, audio.size, FRAME):
            for reading in self.listener.take(audio[offset:offset + FRAME]):
                events += self._heard(reading)
        return events

    def feed_audio(self, audio: Audio) -> list[Event]:
        """Take float samples at 16 kHz (for recordings already decoded)."""
        return self.feed(float_to_pcm16(audio))

    def finish(self) -> list[Event]:
        """End the call: read what is left, then the full verdict (an :class:`EndEvent`, last)."""
        if self.finished:
            return []
        events: list[Event] = []
        for reading in self.listener.flush():
            events += self._heard(reading)
        self.finished = True
        verdict = self._analyse(self.turns)
        transcript = [{"turn": n, "start": t.start, "end": t.end, "text": t.text} for n, t in enumerate(self.turns)]
        events.append(EndEvent(
            duration=round(self.time, 2), transcript=transcript, verdict=verdict.to_dict(),
            alerts=[alert.to_dict() for alert in self.tracker.alerts],
        ))
        return events

    def _heard(self, reading: Reading) -> list[Event]:
        events: list[Event] = [TranscriptEvent(reading.turn, reading.start, reading.end, reading.text, reading.final)]
        if not reading.text:
            return events
        turns = self.turns if reading.final else [*self.turns, Turn(None, reading.text, reading.start, reading.end)]
        return events + self.tracker.update(self._analyse(turns), reading.end)

    def _analyse(self, turns: list[Turn]) -> Verdict:
        return self.engine.analyse(Document.from_turns("call", list(turns), source="live call"))
