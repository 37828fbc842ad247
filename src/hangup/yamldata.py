"""Reading the YAML data files (rules, context, scoring, advice, catalogues).

libyaml's C loader when PyYAML has it (about ten times faster, which matters for start-up),
otherwise the pure-Python one; both are the *safe* loaders: no Python objects from YAML.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML text with a safe loader; raises ``yaml.YAMLError`` on bad syntax."""
    return yaml.load(text, Loader=_LOADER)
