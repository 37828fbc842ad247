"""The trained model beside the rules: load it, score with it, and combine the two scores.

The model (``hangup.model``) reads the words; the rules read the tactics and the context. The
model's probability is put on the rules' scale so that its own threshold (chosen on development
data for a false-positive rate of at most 1%) lands on the "suspicious" threshold. The combined
score is the higher of the two, except where the context says the document is about scams or
is a conversation the person started: there the lower one counts, because the model does not
know who started a call and learns scam words from warnings as easily as from scams.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from hangup.config import Settings
from hangup.detect.context import ContextReport

if TYPE_CHECKING:  # NumPy (through the model) is imported only when a model is used
    from hangup.model import ScamModel

SHIPPED = "scam-model.npz"


@dataclass(frozen=True, slots=True)
class ModelResult:
    """What the model said about one document."""

    probability: float  # calibrated probability of a scam
    threshold: float  # the model's own flagging threshold
    score: float  # the probability on the rules' scale (see module docstring)
    words: list[tuple[str, float]]  # the words that pushed the score up, with their weight


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def shipped_model_path() -> Path | None:
    """The model artifact shipped inside the package, if this installation has one."""
    path = Path(str(resources.files("hangup.model") / SHIPPED))
    return path if path.is_file() else None


class ModelScorer:
    """A loaded model and the settings that place its score."""

    def __init__(self, model: ScamModel, settings: Settings, digest: str = "") -> None:
        self.model = model
        self.digest = digest  # of the artifact file, for the engine version
        self._offset = _logit(settings.suspicious_threshold) - _logit(model.threshold_)

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelScorer | None:
        """The configured model, the shipped one, or None (rules alone)."""
        if not settings.use_model:
            return None
        path = settings.model_path or shipped_model_path()
        if path is None:
            return None
        from hangup.model import ScamModel  # noqa: PLC0415 - keeps NumPy out of rules-only start-up

        model = ScamModel.load(path)  # a missing or bad file is a ConfigError naming it
        return cls(model, settings, hashlib.sha256(path.read_bytes()).hexdigest()[:8])

    def score(self, text: str, strengths: dict[str, float], ctx: ContextReport) -> ModelResult:
        flags = {"warning_about_scams": ctx.warning, "user_initiated": ctx.user_initiated}
        z = self.model.calibrated_logit(text, strengths, flags)
        probability = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
        placed = z + self._offset
        score = 1.0 / (1.0 + math.exp(-placed)) if placed > -700 else 0.0
        return ModelResult(probability, self.model.threshold_, score, self.model.explain(text, strengths, 5))


def combine(rule_score: float, model: ModelResult | None, ctx: ContextReport) -> float:
    """One score from the rules' and the model's."""
    if model is None:
        return rule_score
    if ctx.warning or ctx.user_initiated:
        return min(rule_score, model.score)
    return max(rule_score, model.score)
