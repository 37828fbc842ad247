"""The engine: Document -> indicators -> findings -> context -> score -> Verdict.

Build one :class:`Engine` and reuse it: loading the catalogue and compiling its patterns is the
expensive part; analysing a document is cheap.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import TYPE_CHECKING

from hangup import __version__
from hangup.advice import advise, load_pack
from hangup.config import Settings
from hangup.detect.catalogue import Catalogue, load_catalogue
from hangup.detect.combine import ModelResult, ModelScorer, combine, own_sender_alone
from hangup.detect.context import ContextAnalyzer, ContextReport
from hangup.detect.findings import Finding
from hangup.detect.recognizers.headers import HeaderRecognizer, load_headers_config
from hangup.detect.recognizers.rules import RuleRecognizer
from hangup.detect.scoring import ScoringParams, is_tech_support, logit, sigmoid, tactic_strengths
from hangup.detect.sender import SenderCheck
from hangup.detect.verdict import (
    Category,
    Evidence,
    IndicatorOut,
    ModelOut,
    ModelWord,
    TacticResult,
    Verdict,
    VerdictLabel,
)
from hangup.documents.model import Document
from hangup.indicators import Indicator, extract
from hangup.indicators.patterns import Scanner

if TYPE_CHECKING:
    from hangup.model import ScamModel

MIN_TACTIC_STRENGTH = 0.05  # below this a tactic is not shown
MAX_EVIDENCE = 5


def _catalogue_digest(catalogue: Catalogue) -> str:
    h = hashlib.sha256()
    for rule in catalogue.rules:
        h.update(f"{rule.id}|{rule.pattern}|{rule.weight}|{rule.entity}|{rule.values}\n".encode())
    for tactic in catalogue.tactics.values():
        h.update(f"{tactic.id}|{tactic.coefficient}\n".encode())
    return h.hexdigest()[:8]


class Engine:
    """Analyses documents with the rule catalogue (and, when present, a trained model)."""

    def __init__(self, settings: Settings | None = None, catalogue: Catalogue | None = None) -> None:
        self.settings = settings or Settings()
        self.catalogue = catalogue or load_catalogue(self.settings.rules_dir)
        self._rules = RuleRecognizer(self.catalogue)
        headers = load_headers_config()  # one read for both email checks
        self._headers = HeaderRecognizer(headers)
        self._sender = SenderCheck(headers)
        self._context = ContextAnalyzer()
        self._params = ScoringParams.load()
        self._pack = load_pack(self.settings.jurisdiction)
        self._model = ModelScorer.from_settings(self.settings)
        self.version = f"{__version__}+rules.{_catalogue_digest(self.catalogue)}"
        if self._model is not None:
            self.version += f"+model.{self._model.digest}"

    @property
    def model(self) -> ScamModel | None:
        """The trained model the engine combines with the rules (``None``: rules alone)."""
        return None if self._model is None else self._model.model

    def indicators(self, doc: Document, scanner: Scanner | None = None) -> list[Indicator]:
        return extract(doc.text, region=self.settings.phone_region, scanner=scanner)

    def findings(self, doc: Document) -> tuple[list[Finding], list[Indicator], ContextReport]:
        """Findings after context, with the indicators they were drawn from."""
        scanner = Scanner(doc.text)  # the text encoded once, shared by every stage
        indicators = self.indicators(doc, scanner)
        own = self._sender.own_domain(doc, indicators)
        phone = any(i.type == "phone" for i in indicators)
        headers = self._headers.find(doc)
        found = self._rules.find(doc, indicators, scanner)
        signed = self._sender.signed_vendor(doc, own)
        adjusted, report = self._context.apply(doc, found, scanner, own, phone, headers, signed)
        return adjusted + headers, indicators, report

    def analyse(self, doc: Document) -> Verdict:
        """The verdict on one document."""
        findings, indicators, ctx = self.findings(doc)
        strengths = tactic_strengths(findings, self._params.hits_per_rule, ctx.tactic_factors)
        shown = {t: s for t, s in strengths.items() if s >= MIN_TACTIC_STRENGTH}
        rule_score = sigmoid(logit(strengths, self.catalogue.tactics, self._params))
        model = self._model.score(doc.text, strengths, ctx) if self._model is not None else None
        score = combine(rule_score, model, ctx, own_sender_alone(ctx, strengths, self._params.min_strength))
        label = self._label(score)
        category: Category | None = None
        if label != "not_scam":
            brands = {i.normalized for i in indicators if i.type == "brand"}
            tech = is_tech_support(strengths, self.catalogue.tactics, self._params, brands)
            category = "tech_support" if tech else "other_scam"
        tactics = self._tactic_results(shown, findings, ctx)
        advice = advise(self._pack, verdict=label, tactic_ids=[t.id for t in tactics], kind=doc.kind)
        return Verdict(
            verdict=label,
            score=score,
            category=category,
            summary=self._summary(label, category, ctx),
            tactics=tactics,
            indicators=[IndicatorOut(i.type, i.value, i.normalized) for i in indicators],
            advice=list(advice.advice),
            if_already=list(advice.if_already),
            report_to=list(advice.report_to),
            kind=doc.kind,
            engine_version=self.version,
            context={
                "warning_about_scams": ctx.warning,
                "user_initiated": ctx.user_initiated,
                "suspect_speaker": ctx.suspect,
                "sender_own_domain": ctx.own_domain,
            },
            notes=list(doc.notes),
            source=doc.source,
            rule_score=rule_score,
            model=_model_out(model),
        )

    def _label(self, score: float) -> VerdictLabel:
        if score >= self.settings.scam_threshold:
            return "scam"
        if score >= self.settings.suspicious_threshold:
            return "suspicious"
        return "not_scam"

    def _tactic_results(
        self, strengths: dict[str, float], findings: list[Finding], ctx: ContextReport
    ) -> list[TacticResult]:
        by_tactic: dict[str, list[Finding]] = defaultdict(list)
        for f in findings:
            by_tactic[f.tactic].append(f)
        results = []
        for tactic_id, strength in sorted(strengths.items(), key=lambda kv: -kv[1]):
            tactic = self.catalogue.tactics[tactic_id]
            ranked = sorted(by_tactic[tactic_id], key=lambda f: (-f.strength, f.start))
            evidence: list[Evidence] = []
            seen: set[tuple[int, int]] = set()
            for f in ranked:
                if (f.start, f.end) in seen or len(evidence) >= MAX_EVIDENCE:
                    continue
                seen.add((f.start, f.end))
                evidence.append(Evidence(f.text, f.start, f.end, f.rule_id, f.speaker))
            evidence.sort(key=lambda e: e.start)
            results.append(
                TacticResult(
                    id=tactic_id,
                    name=tactic.name,
                    score=strength,
                    evidence=evidence,
                    explanation=_explain(ranked, ctx.tactic_factors.get(tactic_id, 1.0), _why_softened(ctx)),
                    advice=tactic.advice,
                )
            )
        return results

    @staticmethod
    def _summary(label: VerdictLabel, category: Category | None, ctx: ContextReport) -> str:
        if label == "scam":
            text = (
                "This looks like a technical-support scam."
                if category == "tech_support"
                else "This looks like a scam."
            )
        elif label == "suspicious":
            text = "This has some signs of a scam. Be careful and check it another way."
        else:
            text = "No clear signs of a scam were found."
        if ctx.warning:
            text += " It reads like a warning or article about scams rather than a scam."
        elif ctx.user_initiated and label == "not_scam":
            text += " It looks like a conversation the person started with the company."
        elif ctx.own_domain and label == "not_scam":
            text += f" It comes from, and links only to, {ctx.own_domain}, the domain of the sender it names."
        return text


def _model_out(model: ModelResult | None) -> ModelOut | None:
    if model is None:
        return None
    words = [ModelWord(text, round(weight, 4)) for text, weight in model.words]
    return ModelOut(round(model.probability, 4), round(model.threshold, 4), words)


def _why_softened(ctx: ContextReport) -> str:
    if ctx.warning:
        return "the document reads as a warning or report about scams"
    return "the person started the conversation"


def _explain(findings: list[Finding], tactic_factor: float, why: str) -> str:
    """Why a tactic was found: the rules that matched, and what context did to them."""
    parts: list[str] = []
    seen: set[str] = set()
    for f in findings:
        if f.rule_id in seen:
            continue
        seen.add(f.rule_id)
        note = f"{f.explanation} on \"{f.text}\""
        if f.factor < 1.0:
            note += f" (counted at {round(f.factor * 100)}% because of its context)"
        parts.append(note)
    text = "; ".join(parts[:4])
    if tactic_factor < 1.0:
        text += f". Counted at {round(tactic_factor * 100)}% because {why}"
    return text
