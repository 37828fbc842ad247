"""When a live call would have warned: a timed transcript replayed turn by turn.

``hangup check`` uses it for recordings (and any call transcript with times, such as subtitles):
the engine analyses the transcript as it grows, one turn at a time, and the same
:class:`~hangup.calls.policy.AlertTracker` as in a live call says when each warning comes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hangup.calls.events import AlertEvent
from hangup.calls.policy import AlertPolicy, AlertTracker
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents.audio import is_transcribed
from hangup.documents.model import Document, Turn

MAX_STEPS = 400  # longer transcripts are replayed in this many steps, several turns at a time


@dataclass(frozen=True, slots=True)
class CallTimeline:
    """A call's transcript with times, and the warnings with the time each would have come."""

    turns: list[Turn]
    alerts: list[AlertEvent]
    transcribed: bool  # made from a recording by speech to text

    def to_dict(self) -> dict[str, Any]:
        return {
            "transcript": [{"start": t.start, "end": t.end, "speaker": t.speaker, "text": t.text} for t in self.turns],
            "alerts": [alert.to_dict() for alert in self.alerts],
            "transcribed": self.transcribed,
        }


def _when(turn: Turn) -> float | None:
    return turn.end if turn.end is not None else turn.start


def has_times(doc: Document) -> bool:
    """True for a call whose turns all carry times."""
    return doc.kind == "call" and bool(doc.turns) and all(_when(t) is not None for t in doc.turns)


def clock(seconds: float | None) -> str:
    """``m:ss`` (or ``h:mm:ss``) for a time in seconds."""
    if seconds is None:
        return "--:--"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def call_timeline(engine: Engine, doc: Document, settings: Settings) -> CallTimeline | None:
    """The timeline of a timed call; None for anything else."""
    if not has_times(doc):
        return None
    tracker = AlertTracker(AlertPolicy.load(), settings.scam_threshold, settings.suspicious_threshold)
    turns = [Turn(t.speaker, t.text, t.start, t.end) for t in doc.turns]
    step = max(1, -(-len(turns) // MAX_STEPS))
    for upto in [*range(step, len(turns), step), len(turns)]:
        prefix = Document.from_turns("call", turns[:upto], source=doc.source)
        tracker.update(engine.analyse(prefix), _when(turns[upto - 1]) or 0.0)
    return CallTimeline(doc.turns, tracker.alerts, is_transcribed(doc))
