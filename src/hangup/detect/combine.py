"""The trained model beside the rules: load it, score with it, and combine the two scores.

The model (``hangup.model``) reads the words; the rules read the tactics and the context. How the
two make one score (thresholds chosen on development data, see src/hangup/model/scam-model.md):

* The model's probability is put on the rules' scale so that its flagging threshold lands on the
  ``suspicious`` threshold. Which of its two thresholds: the ordinary one when the rules see at
  least one tactic taking part (strength >= the scoring's ``min_strength``), the stricter
  ``threshold_alone`` when they see none. A message flagged on its words alone needs more
  confidence: receipts, bills and sign-in notices share their words with spam. And on its words
  alone it is at most "suspicious": its score above ``suspicious`` is scaled into the band below
  ``scam`` (order kept), because a "scam" verdict names the tactics that make it one, and a model
  that has never seen a kind of genuine message (a new shop's receipts) can be sure and wrong.
* The combined score is the higher of the rules' and the model's, except where the context says
  the document is about scams (a warning, a news story), is a conversation the person started, or
  is an email from, and linking only to, the company it names, with no tactic that context leaves
  at full weight (detect/sender.py, :func:`own_sender_alone`). There the rules' score stands alone:
  the model does not know who started a call, learns scam words from warnings as easily as from
  scams, and learnt "unsubscribe" and links from spam. It can neither raise those (a police
  warning stays clean) nor lower them (a "helpdesk" the person rang that asks for gift cards is
  still flagged by the rules).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from hangup.config import Settings
from hangup.detect.context import ContextReport
from hangup.detect.scoring import ScoringParams

if TYPE_CHECKING:  # NumPy (through the model) is imported only when a model is used
    from hangup.model import ScamModel

SHIPPED = "scam-model.npz"
_BELOW_ONE = 1.0 - 1e-9


@dataclass(frozen=True, slots=True)
class ModelResult:
    """What the model said about one document."""

    probability: float  # calibrated probability of a scam
    threshold: float  # the model's flagging threshold that applied (ordinary or "alone")
    score: float  # the probability on the rules' scale (see module docstring)
    words: list[tuple[str, float]]  # the words that pushed the score up (when the model flags), with their weight


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def place(probability: float, threshold: float, suspicious: float) -> float:
    """The model's probability on the rules' scale: ``threshold`` maps to ``suspicious``,
    monotone in between (a shift of the log-odds). Never exactly 1, so thresholds set to 1 mean
    "never flag" with the model as with the rules."""
    return min(_sigmoid(_logit(probability) - _logit(threshold) + _logit(suspicious)), _BELOW_ONE)


def place_alone(probability: float, threshold: float, suspicious: float, scam: float) -> float:
    """:func:`place` for a message in which the rules see no tactic: the part above ``suspicious``
    scaled into [``suspicious``, ``scam``), so the model's word alone never makes a "scam"."""
    score = place(probability, threshold, suspicious)
    if score <= suspicious or scam <= suspicious:
        return score
    return suspicious + (score - suspicious) * (scam - suspicious) / (1.0 - suspicious)


def rule_signal(strengths: Mapping[str, float], min_strength: float) -> bool:
    """Whether the rules see at least one tactic taking part."""
    return any(s >= min_strength for s in strengths.values())


def own_sender_alone(ctx: ContextReport, strengths: Mapping[str, float], min_strength: float) -> bool:
    """Whether an email from its own domain (detect/sender.py) is left to the rules: yes unless a
    tactic that context does not soften takes part (a call-back number in a genuine PayPal invoice
    a scammer sent through PayPal is still a scam, and the model may say so)."""
    if ctx.own_domain is None:
        return False
    return not any(s >= min_strength for t, s in strengths.items() if t not in ctx.tactic_factors)


def combine_scores(
    rule_score: float, model_score: float | None, *, warning: bool, user_initiated: bool, own_sender: bool = False
) -> float:
    """One score from the rules' and the (placed) model's; see the module docstring."""
    if model_score is None:
        return rule_score
    if warning or user_initiated or own_sender:
        return rule_score
    return max(rule_score, model_score)


def shipped_model_path() -> Path | None:
    """The model artifact shipped inside the package, if this installation has one."""
    path = Path(str(resources.files("hangup.model") / SHIPPED))
    return path if path.is_file() else None


class ModelScorer:
    """A loaded model and the settings that place its score."""

    def __init__(self, model: ScamModel, settings: Settings, digest: str = "") -> None:
        self.model = model
        self.digest = digest  # of the artifact file, for the engine version
        self._suspicious = settings.suspicious_threshold
        self._scam = settings.scam_threshold
        self._min_strength = ScoringParams.load().min_strength

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
        model = self.model
        # the explanation costs more than the score: only for documents the model itself flags
        z, words = model.assess(text, strengths, flags, explain_from=model.threshold_, k=5)
        probability = _sigmoid(z)
        if rule_signal(strengths, self._min_strength):
            threshold, score = model.threshold_, place(probability, model.threshold_, self._suspicious)
        else:
            threshold = model.threshold_alone_
            score = place_alone(probability, threshold, self._suspicious, self._scam)
        return ModelResult(probability, threshold, score, words)


def combine(rule_score: float, model: ModelResult | None, ctx: ContextReport, own_sender: bool = False) -> float:
    """One score from the rules' and the model's (``own_sender``: :func:`own_sender_alone`)."""
    return combine_scores(rule_score, None if model is None else model.score,
                          warning=ctx.warning, user_initiated=ctx.user_initiated, own_sender=own_sender)
