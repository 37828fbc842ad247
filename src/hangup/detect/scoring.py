"""Scoring: findings -> a strength per tactic -> one score in [0, 1].

A tactic's strength is the noisy-or of its findings' strengths (each rule counted for its best
few hits). The score is a logistic function of the strengths, weighted by each tactic's
coefficient in ``tactics.yaml``, with a bonus when several tactics occur together, as they do
in a real scam script. The parameters are data (``scoring.yaml``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Any

from hangup.detect.catalogue import Tactic
from hangup.detect.findings import Finding
from hangup.errors import RuleError
from hangup.indicators.datafiles import load_yaml as load_indicator_data
from hangup.yamldata import load_yaml


@dataclass(frozen=True, slots=True)
class ScoringParams:
    bias: float
    min_strength: float
    per_tactic: float
    max_bonus: float
    hits_per_rule: int
    tech_support_min: float
    tech_brands: frozenset[str]  # canonical brand names of computer, security and internet companies
    tech_brand_share: float
    # tactics that also run other scams count at this share towards the tech-support category
    tech_support_share: dict[str, float]

    @classmethod
    def load(cls, data: dict[str, Any] | None = None) -> ScoringParams:
        cfg: Any = data
        if cfg is None:
            text = (resources.files("hangup.detect") / "scoring.yaml").read_text(encoding="utf-8")
            cfg = load_yaml(text)
        try:
            combo = cfg["combination"]
            return cls(
                bias=float(cfg["bias"]),
                min_strength=float(combo["min_strength"]),
                per_tactic=float(combo["per_tactic"]),
                max_bonus=float(combo["max_bonus"]),
                hits_per_rule=int(cfg["hits_per_rule"]),
                tech_support_min=float(cfg["tech_support_min"]),
                tech_brands=_brands_in(frozenset(cfg["tech_brand_sectors"])),
                tech_brand_share=float(cfg["tech_brand_share"]),
                tech_support_share={str(t): float(v) for t, v in (cfg.get("tech_support_share") or {}).items()},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"scoring.yaml: missing or invalid entry {exc}") from exc


def _brands_in(sectors: frozenset[str]) -> frozenset[str]:
    """Canonical names of the catalogued brands in ``sectors``."""
    brands = load_indicator_data("brands.yaml")["brands"]
    return frozenset(b["name"] for b in brands if b.get("sector") in sectors)


def tactic_strengths(
    findings: list[Finding], hits_per_rule: int, tactic_factors: dict[str, float] | None = None
) -> dict[str, float]:
    """Noisy-or of finding strengths per tactic, each rule's best ``hits_per_rule`` hits only,
    times the tactic's factor from the context (1.0 when none)."""
    by_rule: dict[tuple[str, str], list[float]] = defaultdict(list)
    for f in findings:
        by_rule[(f.tactic, f.rule_id)].append(f.strength)
    miss: dict[str, float] = defaultdict(lambda: 1.0)
    for (tactic, _), values in by_rule.items():
        for value in sorted(values, reverse=True)[:hits_per_rule]:
            miss[tactic] *= 1.0 - min(value, 1.0)
    factors = tactic_factors or {}
    return {tactic: (1.0 - m) * factors.get(tactic, 1.0) for tactic, m in miss.items()}


def logit(strengths: dict[str, float], tactics: dict[str, Tactic], params: ScoringParams) -> float:
    """The score before the sigmoid."""
    total = params.bias + sum(tactics[t].coefficient * s for t, s in strengths.items())
    taking_part = sum(1 for s in strengths.values() if s >= params.min_strength)
    total += min(params.max_bonus, params.per_tactic * max(0, taking_part - 1))
    return total


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def is_tech_support(
    strengths: dict[str, float], tactics: dict[str, Tactic], params: ScoringParams, brands: set[str]
) -> bool:
    """Whether the tech-support tactics carry enough of the evidence to name the category.

    ``brands`` are the canonical names of the brands the document mentions. A tactic listed in
    ``tech_support_share`` counts at that share: an "overpayment refund" or an out-of-the-blue
    call about an account runs other scams too, so alone it does not make one tech support.
    """
    share = params.tech_support_share
    tech = sum(s * share.get(t, 1.0) for t, s in strengths.items() if tactics[t].tech_support)
    if brands & params.tech_brands:
        tech += params.tech_brand_share * strengths.get("IMPERSONATION", 0.0)
    return tech >= params.tech_support_min
