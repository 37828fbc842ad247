"""Reading the shipped data files in ``hangup/indicators/data`` (YAML and JSON)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import yaml

from hangup.errors import ConfigError
from hangup.yamldata import load_yaml as parse_yaml

_PACKAGE = "hangup.indicators"


def read_text(name: str) -> str:
    """The text of one shipped data file; :class:`ConfigError` when it is missing."""
    try:
        return resources.files(_PACKAGE).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"indicator data file {name} cannot be read: {exc}") from exc



def load_yaml(name: str) -> dict[str, Any]:
    """A shipped YAML file whose top level is a mapping."""
    try:
        data = parse_yaml(read_text(name))
    except yaml.YAMLError as exc:
        raise ConfigError(f"indicator data file {name} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"indicator data file {name} must hold a mapping")
    return data


def load_json(name: str) -> dict[str, Any]:
    """A shipped JSON file whose top level is an object."""
    try:
        data = json.loads(read_text(name))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"indicator data file {name} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"indicator data file {name} must hold an object")
    return data
