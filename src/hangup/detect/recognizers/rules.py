"""The rule recognizer: runs every pattern, keyword and entity rule of the catalogue.

One RE2 set pass tells which text rules can match at all; only those are asked for positions.
"""

from __future__ import annotations

from collections.abc import Sequence

from hangup.detect.catalogue import Catalogue, Context, Rule
from hangup.detect.findings import Finding
from hangup.detect.regex import PatternSet
from hangup.documents.model import Document
from hangup.indicators import Indicator
from hangup.indicators.patterns import Scanner

MAX_HITS_PER_RULE = 20  # enough evidence; keeps huge inputs fast


def _near(scanner: Scanner, words: Context, start: int, end: int) -> bool:
    window = words.window
    stop = end if words.before_only else min(len(scanner.text), end + window)
    return scanner.search(words.regex, max(0, start - window), stop) is not None


def _context_ok(rule: Rule, scanner: Scanner, start: int, end: int) -> bool:
    if rule.context is not None and not _near(scanner, rule.context, start, end):
        return False
    return rule.unless is None or not _near(scanner, rule.unless, start, end)


def _finding(rule: Rule, text: str, start: int, end: int) -> Finding:
    return Finding(
        rule_id=rule.id,
        tactic=rule.tactic,
        start=start,
        end=end,
        text=text[start:end],
        weight=rule.weight,
        explanation=f"{rule.description} (rule {rule.id})",
    )


class RuleRecognizer:
    """Finds where the catalogue's rules match in a document."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._text_rules = [r for r in catalogue.rules if r.regex is not None]
        self._entity_rules = [r for r in catalogue.rules if r.entity is not None]
        self._set = PatternSet([r.pattern for r in self._text_rules])

    def find(
        self, doc: Document, indicators: Sequence[Indicator] = (), scanner: Scanner | None = None
    ) -> list[Finding]:
        """Every finding of every rule that applies to the document's kind.

        ``scanner``: the document's text already prepared (the engine shares one between stages).
        """
        text = doc.text
        scanner = scanner if scanner is not None and scanner.text is text else Scanner(text)
        findings: list[Finding] = []
        for index in self._set.matching(scanner.data):
            rule = self._text_rules[index]
            if rule.doc_kinds and doc.kind not in rule.doc_kinds:
                continue
            hits = 0
            for spans in scanner.finditer(rule.regex):
                start, end = spans[0]
                if _context_ok(rule, scanner, start, end):
                    findings.append(_finding(rule, text, start, end))
                    hits += 1
                    if hits >= MAX_HITS_PER_RULE:
                        break
        for rule in self._entity_rules:
            if rule.doc_kinds and doc.kind not in rule.doc_kinds:
                continue
            hits = 0
            for ind in indicators:
                if ind.type != rule.entity:
                    continue
                if rule.values and not any(ind.normalized.startswith(v) for v in rule.values):
                    continue
                if _context_ok(rule, scanner, ind.start, ind.end):
                    findings.append(_finding(rule, text, ind.start, ind.end))
                    hits += 1
                    if hits >= MAX_HITS_PER_RULE:
                        break
        findings.sort(key=lambda f: (f.start, f.rule_id))
        return findings
