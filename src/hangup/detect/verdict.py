"""The Verdict: hangup's stable answer, the same for `check --json`, each `scan` line and the API.

The JSON form is documented in docs/verdict.md; fields are only ever added, never renamed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from hangup.advice import IfAlready, ReportTo

VerdictLabel = Literal["scam", "suspicious", "not_scam"]
Category = Literal["tech_support", "other_scam"]
SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    start: int
    end: int
    rule: str
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class TacticResult:
    id: str
    name: str
    score: float
    evidence: list[Evidence]
    explanation: str
    advice: str


@dataclass(frozen=True, slots=True)
class IndicatorOut:
    type: str
    value: str
    normalized: str


@dataclass(frozen=True, slots=True)
class ModelWord:
    text: str
    weight: float  # what the word added to the model's log-odds


@dataclass(frozen=True, slots=True)
class ModelOut:
    score: float  # the model's calibrated probability of a scam
    threshold: float  # the model's own flagging threshold
    words: list[ModelWord]  # the words that pushed the model towards "scam"


@dataclass(slots=True)
class Verdict:
    """What hangup concluded about one document."""

    verdict: VerdictLabel
    score: float
    category: Category | None
    summary: str
    tactics: list[TacticResult]
    indicators: list[IndicatorOut]
    advice: list[str]
    if_already: list[IfAlready]
    report_to: list[ReportTo]
    kind: str
    engine_version: str
    context: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    id: str | None = None
    source: str | None = None
    rule_score: float | None = None  # the rules' own score, before the model
    model: ModelOut | None = None  # null when the engine runs on rules alone

    @property
    def flagged(self) -> bool:
        """True for "scam" and "suspicious": what the CLI's exit code 1 means."""
        return self.verdict != "not_scam"

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON form."""
        data = asdict(self)
        data["schema_version"] = SCHEMA_VERSION
        data["score"] = round(self.score, 4)
        if self.rule_score is not None:
            data["rule_score"] = round(self.rule_score, 4)
        for tactic in data["tactics"]:
            tactic["score"] = round(tactic["score"], 4)
        return data
