"""When a call raises a warning: thresholds, decisive cues, hysteresis, once per tactic.

The rules are data (``data/alerts.yaml``, documented there). :class:`AlertTracker` turns the
successive verdicts on a growing transcript into state changes and warnings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

from hangup.calls.events import AlertEvent, AlertTactic, CallState, Event, StateEvent
from hangup.detect.verdict import TacticResult, Verdict
from hangup.errors import ConfigError
from hangup.indicators.datafiles import load_yaml as load_indicator_yaml
from hangup.yamldata import load_yaml

_LEVEL: dict[CallState, int] = {"listening": 0, "unsure": 1, "alert": 2}
MAX_LINES = 2
MAX_EVIDENCE = 3


@dataclass(frozen=True, slots=True)
class AlertPolicy:
    decisive: dict[str, float]
    tactic_min: float
    min_tactics: int
    release_margin: float
    speech: dict[str, Any]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> AlertPolicy:
        try:
            return cls(
                decisive={str(k): float(v) for k, v in data["decisive"].items()},
                tactic_min=float(data["tactic_min"]),
                min_tactics=int(data["min_tactics"]),
                release_margin=float(data["release_margin"]),
                speech=dict(data["speech"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"alerts.yaml: invalid alert policy: {exc}") from exc

    @classmethod
    @functools.cache
    def load(cls) -> AlertPolicy:
        """The shipped policy."""
        text = (resources.files("hangup.calls") / "data" / "alerts.yaml").read_text(encoding="utf-8")
        data = load_yaml(text)
        if not isinstance(data, dict):
            raise ConfigError("alerts.yaml: expected a mapping")
        return cls.from_data(data)


@functools.cache
def _brand_sectors() -> dict[str, str]:
    brands = load_indicator_yaml("brands.yaml").get("brands") or []
    return {str(b["name"]): str(b.get("sector", "")) for b in brands}


class AlertTracker:
    """Follows one call's verdicts; says when its state changes and when to warn."""

    def __init__(self, policy: AlertPolicy, scam_threshold: float, suspicious_threshold: float) -> None:
        self.policy = policy
        self.scam_threshold = scam_threshold
        self.suspicious_threshold = suspicious_threshold
        self.state: CallState = "listening"
        self.alerted: set[str] = set()
        self.alerts: list[AlertEvent] = []

    def _decisive(self, verdict: Verdict) -> bool:
        return verdict.score >= self.suspicious_threshold and any(
            tactic.score >= self.policy.decisive.get(tactic.id, 2.0) for tactic in verdict.tactics
        )

    def _target(self, verdict: Verdict, decisive: bool) -> CallState:
        strong = sum(tactic.score >= self.policy.tactic_min for tactic in verdict.tactics)
        if decisive or (verdict.score >= self.scam_threshold and strong >= self.policy.min_tactics):
            return "alert"
        if verdict.score >= self.suspicious_threshold:
            return "unsure"
        return "listening"

    def _settle(self, target: CallState, score: float, decisive: bool) -> CallState:
        """Up at once; down only well below the threshold that raised the current state."""
        if _LEVEL[target] >= _LEVEL[self.state]:
            return target
        margin = self.policy.release_margin
        if self.state == "alert" and (decisive or score >= self.scam_threshold - margin):
            return "alert"
        if self.state == "unsure" and score >= self.suspicious_threshold - margin:
            return "unsure"
        return target

    def update(self, verdict: Verdict, time: float) -> list[Event]:
        """The events the latest verdict (on the transcript up to ``time``) causes."""
        decisive = self._decisive(verdict)
        state = self._settle(self._target(verdict, decisive), verdict.score, decisive)
        events: list[Event] = []
        if state != self.state:
            events.append(StateEvent(state, self.state, round(time, 2), round(verdict.score, 4), verdict.verdict))
            self.state = state
        if state == "alert":
            fresh = [t for t in verdict.tactics if t.score >= self.policy.tactic_min and t.id not in self.alerted]
            if fresh:
                alert = self._alert(verdict, fresh, time)
                self.alerted.update(t.id for t in fresh)
                self.alerts.append(alert)
                events.append(alert)
        return events

    def _alert(self, verdict: Verdict, fresh: list[TacticResult], time: float) -> AlertEvent:
        first = not self.alerted
        ordered = sorted(fresh, key=lambda t: (t.id not in self.policy.decisive, -t.score))
        tactics = [
            AlertTactic(t.id, t.name, round(t.score, 4), [e.text for e in t.evidence[:MAX_EVIDENCE]], t.advice)
            for t in ordered
        ]
        return AlertEvent(
            time=round(time, 2), score=round(verdict.score, 4), verdict=verdict.verdict,
            category=verdict.category, first=first, tactics=tactics,
            message=self.message(verdict, ordered, first=first),
        )

    def message(self, verdict: Verdict, tactics: list[TacticResult], *, first: bool) -> str:
        """What is said aloud for a warning about ``tactics`` (most important first)."""
        speech = self.policy.speech
        lines: list[str] = []
        brand = self._brand(verdict)
        if first and verdict.category == "tech_support" and brand != speech["brand_fallback"]:
            lines.append(str(speech["tech_support"]).replace("{brand}", brand))
        for tactic in tactics:
            line = str(speech["tactics"].get(tactic.id, speech["default"])).replace("{brand}", brand)
            if len(lines) >= MAX_LINES:
                break
            if line not in lines:
                lines.append(line)
        if first:
            lines = [str(speech["opening"]), *lines, str(speech["closing"])]
        return " ".join(lines)

    def _brand(self, verdict: Verdict) -> str:
        sectors = set(self.policy.speech.get("brand_sectors") or [])
        for indicator in verdict.indicators:
            if indicator.type == "brand" and _brand_sectors().get(indicator.normalized) in sectors:
                return indicator.normalized
        return str(self.policy.speech["brand_fallback"])
