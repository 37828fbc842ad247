"""Rule files are validated at load, with errors that name the file and the rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from hangup.detect.catalogue import load_catalogue
from hangup.detect.lint import fires, lint_catalogue
from hangup.detect.recognizers.rules import RuleRecognizer
from hangup.errors import RuleError

GOOD = """
rules:
  - id: LOCAL_TEST_RULE
    tactic: PAYMENT_DEMAND
    kind: keyword
    keywords: ["pay in walnuts"]
    weight: 0.5
    description: Asks for payment in walnuts.
    advice: Nobody genuine asks for walnuts.
    examples:
      match: ["you must pay in walnuts"]
      no_match: ["walnuts are tasty"]
"""


def _write(folder: Path, body: str) -> Path:
    path = folder / "local.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_shipped_catalogue_loads_with_unique_ids() -> None:
    catalogue = load_catalogue()
    ids = [r.id for r in catalogue.rules]
    assert len(ids) == len(set(ids)) > 20


def test_local_rule_is_added(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    catalogue = load_catalogue(tmp_path)
    assert catalogue.rule("LOCAL_TEST_RULE").tactic == "PAYMENT_DEMAND"
    assert len(catalogue.rules) == len(load_catalogue().rules) + 1


def test_local_rule_overrides_and_disables_shipped(tmp_path: Path) -> None:
    shipped = load_catalogue().rules
    first, second = shipped[0], shipped[1]
    _write(
        tmp_path,
        GOOD.replace("LOCAL_TEST_RULE", first.id)
        + f"  - id: {second.id}\n    enabled: false\n",
    )
    catalogue = load_catalogue(tmp_path)
    assert catalogue.rule(first.id).description == "Asks for payment in walnuts."
    assert second.id not in {r.id for r in catalogue.rules}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("tactic: PAYMENT_DEMAND", "tactic: NO_SUCH_TACTIC"), "unknown tactic"),
        (("weight: 0.5", "weight: 3"), "weight"),
        (('keywords: ["pay in walnuts"]', "patterns: ['walnut']"), "keyword rule needs 'keywords'"),
        (("kind: keyword", "kind: regex"), "kind must be one of"),
        (("id: LOCAL_TEST_RULE", "id: lower_case"), "UPPER_SNAKE"),
        (("      match: [\"you must pay in walnuts\"]\n", ""), "examples"),
        (("    advice: Nobody genuine asks for walnuts.\n", ""), "advice"),
        (("    weight: 0.5\n", "    weight: 0.5\n    unless: squirrels\n"), "'unless' must be a mapping"),
        (("    weight: 0.5\n", "    weight: 0.5\n    unless: {words: [x], side: after}\n"), "'unless.side'"),
    ],
)
def test_invalid_rule_names_file_and_rule(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    path = _write(tmp_path, GOOD.replace(*change))
    with pytest.raises(RuleError) as info:
        load_catalogue(tmp_path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_lookaround_is_rejected_as_not_linear_time(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("kind: keyword", "kind: pattern").replace(
        'keywords: ["pay in walnuts"]', "patterns: ['pay(?=walnut)']"))
    with pytest.raises(RuleError, match="LOCAL_TEST_RULE") as info:
        load_catalogue(tmp_path)
    assert str(path) in str(info.value)


def test_broken_yaml_is_a_rule_error(tmp_path: Path) -> None:
    _write(tmp_path, "rules: [ {id: X")
    with pytest.raises(RuleError, match="invalid YAML"):
        load_catalogue(tmp_path)


def test_missing_rules_dir(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="not found"):
        load_catalogue(tmp_path / "nope")


def test_unless_words_near_a_match_stop_the_rule(tmp_path: Path) -> None:
    unless = "    weight: 0.5\n    unless: {words: [squirrel], window: 30}\n"
    _write(tmp_path, GOOD.replace("    weight: 0.5\n", unless))
    catalogue = load_catalogue(tmp_path)
    rule = catalogue.rule("LOCAL_TEST_RULE")
    recognizer = RuleRecognizer(catalogue)
    assert fires(recognizer, rule, "you must pay in walnuts today")
    assert not fires(recognizer, rule, "the squirrel says you must pay in walnuts")
    assert fires(recognizer, rule, "the squirrel left. " + "x " * 40 + "you must pay in walnuts")



def test_unless_words_can_be_looked_for_before_the_match_only(tmp_path: Path) -> None:
    unless = "    weight: 0.5\n    unless: {words: [squirrel], window: 30, side: before}\n"
    _write(tmp_path, GOOD.replace("    weight: 0.5\n", unless))
    catalogue = load_catalogue(tmp_path)
    rule = catalogue.rule("LOCAL_TEST_RULE")
    recognizer = RuleRecognizer(catalogue)
    assert not fires(recognizer, rule, "the squirrel says you must pay in walnuts")
    assert fires(recognizer, rule, "you must pay in walnuts, the squirrel says")


def test_lint_names_a_pattern_that_no_match_example_exercises(tmp_path: Path) -> None:

    two = GOOD.replace("kind: keyword", "kind: pattern").replace(
        'keywords: ["pay in walnuts"]', "patterns: ['pay\\s+in\\s+walnuts', 'send\\s+(?:me\\s+)?acorns']")
    _write(tmp_path, two)
    problems = lint_catalogue(load_catalogue(tmp_path))
    assert any("pattern 2" in p and "LOCAL_TEST_RULE" in p for p in problems)
    assert not any("pattern 1" in p for p in problems)
    _write(tmp_path, two.replace('match: ["you must pay in walnuts"]',
                                 'match: ["you must pay in walnuts", "send me acorns now"]'))
    assert not [p for p in lint_catalogue(load_catalogue(tmp_path)) if "LOCAL_TEST_RULE" in p]
