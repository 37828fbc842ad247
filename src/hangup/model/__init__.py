"""The trained scam model: hashed text features plus the rule engine's tactic strengths, a
linear classifier, calibration and explanations. Inference imports NumPy only; training
(:mod:`hangup.model.training`) needs scikit-learn and SciPy."""

from hangup.model.classifier import ScamModel
from hangup.model.features import FeatureConfig

__all__ = ["FeatureConfig", "ScamModel"]
