"""The tactic catalogue: tactics and rules kept as YAML data, validated when loaded.

Shipped files live in ``hangup/detect/rules``: ``tactics.yaml`` names the tactics, every other
``*.yaml`` holds rules. A user folder (setting ``rules_dir``) is read after them: a rule with a
shipped id replaces it, ``enabled: false`` switches it off, new ids add rules. Every error names
the file and the rule id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import re2
import yaml

from hangup.detect.regex import PatternError, compile_pattern, keyword_pattern, union
from hangup.documents.model import KINDS
from hangup.errors import RuleError
from hangup.yamldata import load_yaml

RuleKind = Literal["pattern", "keyword", "entity"]
RULE_KINDS = ("pattern", "keyword", "entity")
ENTITY_TYPES = ("remote_access_tool", "remote_access_id", "payment_method", "brand", "money", "phone", "url")
_ID = re2.compile(r"^[A-Z][A-Z0-9_]{2,63}$")
_RULE_KEYS = {
    "id", "tactic", "kind", "patterns", "keywords", "entity", "values", "context", "unless", "weight",
    "description", "advice", "examples", "doc_kinds", "enabled",
}


@dataclass(frozen=True, slots=True)
class Tactic:
    """A scam tactic: what it is called in plain words and how much it says about a scam."""

    id: str
    name: str
    description: str
    coefficient: float  # log-odds the tactic adds at full strength
    tech_support: bool  # typical of tech-support scams rather than scams in general
    advice: str


@dataclass(frozen=True, slots=True)
class Context:
    """Words that must occur near a match (within ``window`` characters) for the rule to count, or,
    as a rule's ``unless``, that stop it counting (another rule reads that match better)."""

    words: tuple[str, ...]
    window: int
    regex: Any = field(compare=False, repr=False)
    before_only: bool = False  # look only before and in the match ("never click Run anyway"), not after it


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: how to spot a tactic, how much it weighs, and the examples that test it."""

    id: str
    tactic: str
    kind: RuleKind
    weight: float
    description: str
    advice: str
    pattern: str  # the RE2 pattern (pattern and keyword rules); "" for entity rules
    entity: str | None
    values: tuple[str, ...]  # for entity rules: which normalised values count (empty: any)
    context: Context | None
    doc_kinds: tuple[str, ...]  # empty: every kind
    match_examples: tuple[str, ...]
    no_match_examples: tuple[str, ...]
    source: str
    regex: Any = field(compare=False, repr=False)
    unless: Context | None = None  # words near the match that mean it is not this rule's tactic
    patterns: tuple[str, ...] = ()  # a pattern rule's patterns, one by one (``pattern`` is their union)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """All tactics and enabled rules."""

    tactics: dict[str, Tactic]
    rules: tuple[Rule, ...]

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def _fail(source: str, rule_id: str | None, message: str) -> RuleError:
    where = f"{source}: rule {rule_id}" if rule_id else source
    return RuleError(f"{where}: {message}")


def _strings(value: Any, source: str, rule_id: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, rule_id, f"'{key}' must be a list of non-empty strings")
    return tuple(value)


def _read_yaml(path: Path | Any, source: str) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(source, None, f"cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise _fail(source, None, f"invalid YAML: {exc}") from exc


def parse_tactics(data: Any, source: str) -> dict[str, Tactic]:
    """Tactics from the parsed ``tactics.yaml``."""
    if not isinstance(data, dict) or not isinstance(data.get("tactics"), list):
        raise _fail(source, None, "expected a mapping with a 'tactics' list")
    tactics: dict[str, Tactic] = {}
    for item in data["tactics"]:
        tid = item.get("id") if isinstance(item, dict) else None
        if not isinstance(tid, str) or not _ID.match(tid):
            raise _fail(source, None, f"tactic id {tid!r} must be UPPER_SNAKE_CASE")
        try:
            tactics[tid] = Tactic(
                id=tid,
                name=str(item["name"]),
                description=str(item["description"]),
                coefficient=float(item["coefficient"]),
                tech_support=bool(item.get("tech_support", False)),
                advice=str(item.get("advice", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise _fail(source, None, f"tactic {tid}: missing or invalid field {exc}") from exc
    return tactics


def _rule_pattern(item: dict[str, Any], kind: str, source: str, rid: str) -> tuple[str, Any]:
    """The RE2 pattern of a pattern or keyword rule, compiled; ("", None) for an entity rule."""
    patterns = _strings(item.get("patterns"), source, rid, "patterns")
    keywords = _strings(item.get("keywords"), source, rid, "keywords")
    if kind == "pattern":
        if not patterns or keywords:
            raise _fail(source, rid, "a pattern rule needs 'patterns' (and no 'keywords')")
        pattern = union(patterns)
    elif kind == "keyword":
        if not keywords or patterns:
            raise _fail(source, rid, "a keyword rule needs 'keywords' (and no 'patterns')")
        pattern = union([keyword_pattern(k) for k in keywords])
    else:
        if item.get("entity") not in ENTITY_TYPES or patterns or keywords:
            raise _fail(source, rid, f"an entity rule needs 'entity' (one of {', '.join(ENTITY_TYPES)}) only")
        return "", None
    try:
        return pattern, compile_pattern(pattern)
    except PatternError as exc:
        raise _fail(source, rid, str(exc)) from exc


def _rule_context(ctx: Any, source: str, rid: str, key: str = "context") -> Context | None:
    """The context words a rule needs (``context``) or must not have (``unless``) near its match."""
    if ctx is None:
        return None
    if not isinstance(ctx, dict):
        raise _fail(source, rid, f"'{key}' must be a mapping with 'words' and optional 'window'")
    words = _strings(ctx.get("words"), source, rid, f"{key}.words")
    window = ctx.get("window", 80)
    if not words or not isinstance(window, int) or window <= 0:
        raise _fail(source, rid, f"'{key}' needs non-empty 'words' and a positive integer 'window'")
    side = ctx.get("side", "both")
    if side not in ("both", "before"):
        raise _fail(source, rid, f"'{key}.side' must be 'both' or 'before'")
    regex = compile_pattern(union([keyword_pattern(w) for w in words]))
    return Context(words, window, regex, before_only=side == "before")


def parse_rule(item: Any, source: str, tactics: dict[str, Tactic]) -> Rule:
    """One rule from its parsed YAML mapping, validated."""
    if not isinstance(item, dict):
        raise _fail(source, None, "each rule must be a mapping")
    rid = item.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise _fail(source, None, f"rule id {rid!r} must be UPPER_SNAKE_CASE (3-64 characters)")
    unknown = set(item) - _RULE_KEYS
    if unknown:
        raise _fail(source, rid, f"unknown field(s): {', '.join(sorted(unknown))}")
    tactic = item.get("tactic")
    if tactic not in tactics:
        raise _fail(source, rid, f"unknown tactic {tactic!r} (known: {', '.join(sorted(tactics))})")
    kind = item.get("kind")
    if kind not in RULE_KINDS:
        raise _fail(source, rid, f"kind must be one of {', '.join(RULE_KINDS)}, not {kind!r}")
    weight = item.get("weight")
    if not isinstance(weight, int | float) or not 0 < weight <= 1:
        raise _fail(source, rid, f"weight must be a number in (0, 1], not {weight!r}")
    for key in ("description", "advice"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise _fail(source, rid, f"'{key}' is required")

    pattern, regex = _rule_pattern(item, kind, source, rid)
    context = _rule_context(item.get("context"), source, rid)
    unless = _rule_context(item.get("unless"), source, rid, "unless")
    doc_kinds = _strings(item.get("doc_kinds"), source, rid, "doc_kinds")
    bad_kinds = set(doc_kinds) - set(KINDS)
    if bad_kinds:
        raise _fail(source, rid, f"unknown doc_kinds {sorted(bad_kinds)} (known: {', '.join(KINDS)})")
    examples = item.get("examples")
    if not isinstance(examples, dict) or not examples.get("match"):
        raise _fail(source, rid, "'examples' needs at least one 'match' example (and may list 'no_match')")
    return Rule(
        id=rid,
        tactic=tactic,
        kind=kind,
        weight=float(weight),
        description=item["description"].strip(),
        advice=item["advice"].strip(),
        pattern=pattern,
        entity=item.get("entity") if kind == "entity" else None,
        values=_strings(item.get("values"), source, rid, "values"),
        context=context,
        doc_kinds=doc_kinds,
        match_examples=_strings(examples.get("match"), source, rid, "examples.match"),
        no_match_examples=_strings(examples.get("no_match"), source, rid, "examples.no_match"),
        source=source,
        regex=regex,
        unless=unless,
        patterns=_strings(item.get("patterns"), source, rid, "patterns") if kind == "pattern" else (),
    )


def _rule_items(data: Any, source: str) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise _fail(source, None, "expected a mapping with a 'rules' list")
    return list(data["rules"])


def _shipped_files() -> Iterable[Any]:
    folder = resources.files("hangup.detect") / "rules"
    return sorted((p for p in folder.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)


def load_catalogue(rules_dir: Path | None = None) -> Catalogue:
    """The shipped catalogue, with the rules of ``rules_dir`` (if given) added on top."""
    files = list(_shipped_files())
    tactics_file = next((f for f in files if f.name == "tactics.yaml"), None)
    if tactics_file is None:
        raise RuleError("shipped rules are missing tactics.yaml")
    tactics = parse_tactics(_read_yaml(tactics_file, "tactics.yaml"), "tactics.yaml")
    rules: dict[str, Rule] = {}
    for f in files:
        if f.name == "tactics.yaml":
            continue
        for item in _rule_items(_read_yaml(f, f.name), f.name):
            rule = parse_rule(item, f.name, tactics)
            if rule.id in rules:
                raise _fail(f.name, rule.id, f"duplicate id (also in {rules[rule.id].source})")
            rules[rule.id] = rule
    if rules_dir is not None:
        if not rules_dir.is_dir():
            raise RuleError(f"{rules_dir}: rules folder not found")
        for path in sorted(rules_dir.glob("*.yaml")):
            source = str(path)
            for item in _rule_items(_read_yaml(path, source), source):
                if isinstance(item, dict) and item.get("enabled") is False:
                    rules.pop(str(item.get("id")), None)
                    continue
                rule = parse_rule(item, source, tactics)
                rules[rule.id] = rule
    return Catalogue(tactics=tactics, rules=tuple(rules.values()))
