"""The phrases of public warning bulletins, per jurisdiction: YAML data checked when loaded.

Shipped packs live in ``hangup/cases/data/bulletins`` (``uk.yaml``, ``us.yaml``). Every template is
checked against the placeholders :mod:`hangup.cases.bulletincompose` fills, so a typo fails when the
pack is loaded (a :class:`~hangup.errors.ConfigError` naming the file and key), never in a bulletin.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from hangup.errors import ConfigError
from hangup.yamldata import load_yaml

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
PLACEHOLDER = re.compile(r"\{(\w+)\}")

#: The placeholders each template may use.
ALLOWED: dict[str, frozenset[str]] = {
    "date": frozenset({"day", "month", "year"}),
    "percent": frozenset({"n"}),
    "headline": frozenset({"area", "kind_many", "issuer"}),
    "period_since": frozenset({"since"}),
    "period_between": frozenset({"since", "until"}),
    "lead_none": frozenset({"area", "kind_many", "issuer", "period"}),
    "lead": frozenset({"area", "kind", "issuer", "period", "people", "have"}),
    "money_one": frozenset({"total"}),
    "money_some": frozenset({"lost", "total"}),
    "money_some_percent": frozenset({"lost", "total", "percent"}),
    "money_some_no_amount": frozenset({"lost"}),
    "remote_access": frozenset({"cases"}),
    "brands": frozenset({"brands"}),
    "channels": frozenset({"channels"}),
    "tactic_count": frozenset({"text", "reports"}),
    "report_item": frozenset({"name", "how"}),
    "paid": frozenset({"step"}),
    "issued": frozenset({"issuer", "date"}),
}


class Phrases(BaseModel):
    """One jurisdiction's bulletin phrases (see ``data/bulletins/uk.yaml`` for what each one is)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]
    issuer: Text
    date: Text
    oxford_comma: bool
    percent: Text
    few_below: int = Field(ge=1)
    percent_from: int = Field(ge=1)
    top_tactics: int = Field(ge=1, le=20)
    top_brands: int = Field(ge=0, le=10)
    general_advice: int = Field(ge=1, le=20)
    tactic_advice: int = Field(ge=0, le=10)
    kind_one: Text
    kind_many: Text
    headline: Text
    period_since: Text
    period_between: Text
    lead_none: Text
    lead: Text
    few_note: Text
    money_none_one: Text
    money_none: Text
    money_one: Text
    money_one_no_amount: Text
    money_some: Text
    money_some_percent: Text
    money_some_no_amount: Text
    money_other: Text
    remote_access: Text
    brands: Text
    channels: Text
    channel_names: dict[str, Text]
    tactics_heading: Text
    tactic_count: Text
    tactics: dict[str, Text]
    advice_heading: Text
    report_heading: Text
    report_item: Text
    paid: Text
    issued: Text


def _check_placeholders(phrases: Phrases, source: str) -> None:
    for key, value in phrases.model_dump().items():
        if not isinstance(value, str):
            continue
        allowed = ALLOWED.get(key, frozenset())
        unknown = sorted(set(PLACEHOLDER.findall(value)) - allowed)
        if unknown:
            raise ConfigError(f"bulletin phrases {source}: {key}: unknown placeholder {{{unknown[0]}}}; "
                              f"allowed: {', '.join(sorted(allowed)) or 'none'}")


def parse_phrases(data: object, source: str) -> Phrases:
    """Check the YAML ``data`` of a phrase pack."""
    try:
        phrases = Phrases.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise ConfigError(f"bulletin phrases {source}: {where}: {err['msg']}") from exc
    _check_placeholders(phrases, source)
    return phrases


@lru_cache(maxsize=8)
def load_phrases(jurisdiction: str) -> Phrases:
    """The shipped phrase pack of ``jurisdiction`` (``uk``, ``us``)."""
    name = jurisdiction.strip().lower()
    source = f"hangup/cases/data/bulletins/{name}.yaml"
    file = resources.files("hangup.cases") / "data" / "bulletins" / f"{name}.yaml"
    if not re.fullmatch(r"[a-z]{2,16}", name) or not file.is_file():
        raise ConfigError(f"no bulletin phrases for jurisdiction {jurisdiction!r} (expected {source})")
    try:
        data = load_yaml(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"bulletin phrases {source}: cannot be read: {exc}") from exc
    return parse_phrases(data, source)


def fill(template: str, **values: str) -> str:
    """``template`` with each ``{name}`` replaced (names were checked when the pack was loaded)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
