"""Rule linting: every rule's own examples must behave as the rule says."""

from __future__ import annotations

from hangup.detect.catalogue import Catalogue, Rule
from hangup.detect.recognizers.rules import RuleRecognizer
from hangup.detect.regex import compile_pattern
from hangup.documents.model import Document, Kind
from hangup.indicators import extract


def fires(recognizer: RuleRecognizer, rule: Rule, example: str) -> bool:
    """Whether ``rule`` matches ``example`` (read as the first kind the rule applies to)."""
    kind: Kind = rule.doc_kinds[0] if rule.doc_kinds else "text"  # type: ignore[assignment]
    doc = Document(kind=kind, text=example)
    return any(f.rule_id == rule.id for f in recognizer.find(doc, extract(example)))


def lint_catalogue(catalogue: Catalogue) -> list[str]:
    """One message per failing example or missing no_match example."""
    recognizer = RuleRecognizer(catalogue)
    problems: list[str] = []
    for rule in catalogue.rules:
        for example in rule.match_examples:
            if not fires(recognizer, rule, example):
                problems.append(f"{rule.source}: rule {rule.id}: does not match its example {example!r}")
        for example in rule.no_match_examples:
            if fires(recognizer, rule, example):
                problems.append(f"{rule.source}: rule {rule.id}: matches its no_match example {example!r}")
        if not rule.no_match_examples:
            problems.append(f"{rule.source}: rule {rule.id}: has no no_match example")
        problems.extend(_untested_patterns(rule))
    return problems


def _untested_patterns(rule: Rule) -> list[str]:
    """A message for each of a pattern rule's patterns that none of its match examples matches
    (so a broken or over-narrow pattern would go unnoticed)."""
    if len(rule.patterns) < 2:  # a single pattern is the rule: its examples test it
        return []
    problems = []
    for number, pattern in enumerate(rule.patterns, 1):
        regex = compile_pattern(pattern)
        if not any(regex.search(example) for example in rule.match_examples):
            problems.append(f"{rule.source}: rule {rule.id}: pattern {number} ({pattern[:60]}...) "
                            "is matched by none of its match examples")
    return problems
