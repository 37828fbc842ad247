"""Findings: what a recognizer reports, each with the evidence and why it counts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of evidence for a tactic: a rule matched ``text`` at ``start:end`` of the document.

    ``weight`` is the rule's weight in (0, 1]; ``factor`` is what the context did to it (1.0 when
    nothing; lower when the words sit inside a warning about scams or a call the user started).
    """

    rule_id: str
    tactic: str
    start: int
    end: int
    text: str
    weight: float
    explanation: str
    factor: float = 1.0
    speaker: str | None = None

    def adjusted(self, factor: float, speaker: str | None) -> Finding:
        """This finding with the context's factor and the speaker (``dataclasses.replace``, faster)."""
        return Finding(
            self.rule_id, self.tactic, self.start, self.end, self.text, self.weight, self.explanation, factor, speaker
        )

    @property
    def strength(self) -> float:
        """The weight after context, the value scoring uses."""
        return self.weight * self.factor
