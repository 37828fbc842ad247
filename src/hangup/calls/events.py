"""What a call session reports: transcript updates, state changes, warnings, and the end.

Each event has a ``to_dict()`` that gives the JSON sent over the WebSocket (docs/call-protocol.md).
Times are seconds from the start of the call's audio.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

CallState = Literal["listening", "unsure", "alert"]


@dataclass(frozen=True, slots=True)
class TranscriptEvent:
    """Words heard. ``final`` False: the utterance is still going on and may be read again."""

    turn: int  # index of the utterance in the call
    start: float
    end: float
    text: str
    final: bool
    type: Literal["transcript"] = "transcript"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StateEvent:
    """The call's state changed (hysteresis keeps it from flickering)."""

    state: CallState
    previous: CallState
    time: float
    score: float
    verdict: str
    type: Literal["state"] = "state"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class AlertTactic:
    id: str
    name: str
    score: float
    evidence: list[str]
    advice: str


@dataclass(frozen=True, slots=True)
class AlertEvent:
    """A warning: raised once per tactic; ``first`` for the call's first warning."""

    time: float  # how far into the call the audio that raised it ends
    score: float
    verdict: str
    category: str | None
    first: bool
    tactics: list[AlertTactic]
    message: str  # what is said aloud
    type: Literal["alert"] = "alert"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class EndEvent:
    """The call ended: the whole transcript, the full verdict and every warning raised."""

    duration: float
    transcript: list[dict[str, Any]]
    verdict: dict[str, Any]
    alerts: list[dict[str, Any]] = field(default_factory=list)
    type: Literal["end"] = "end"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


Event = TranscriptEvent | StateEvent | AlertEvent | EndEvent
