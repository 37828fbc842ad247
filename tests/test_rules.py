"""Every rule's own examples: each `match` example fires the rule, each `no_match` does not."""

from __future__ import annotations

import pytest

from hangup.detect.catalogue import Catalogue, Rule, load_catalogue
from hangup.detect.lint import fires
from hangup.detect.recognizers.rules import RuleRecognizer

CATALOGUE: Catalogue = load_catalogue()
RECOGNIZER = RuleRecognizer(CATALOGUE)

CASES = [(r, "match", e) for r in CATALOGUE.rules for e in r.match_examples] + [
    (r, "no_match", e) for r in CATALOGUE.rules for e in r.no_match_examples
]


@pytest.mark.parametrize(("rule", "expect", "example"), CASES, ids=lambda v: getattr(v, "id", str(v)[:40]))
def test_rule_example(rule: Rule, expect: str, example: str) -> None:
    assert fires(RECOGNIZER, rule, example) == (expect == "match"), f"{rule.source}: {rule.id} on {example!r}"


def test_every_tactic_has_rules() -> None:
    assert {r.tactic for r in CATALOGUE.rules} == set(CATALOGUE.tactics)


def test_every_rule_has_a_no_match_example() -> None:
    assert not [r.id for r in CATALOGUE.rules if not r.no_match_examples]
