"""The prompt that primes speech recognition with the names scammers say.

Whisper spells names it was prompted with ("AnyDesk", not "any desk"). The names come from the
shipped catalogues: the remote-access tools with curated spellings (the ones heard in scam calls)
and the brands of the sectors scammers claim to be from.
"""

from __future__ import annotations

import functools
import itertools

from hangup.indicators.datafiles import load_yaml

PROMPT_SECTORS = ("tech", "security", "isp", "bank", "payment")
MAX_PROMPT_CHARS = 200  # a long list of names makes a small model misread ordinary speech


@functools.cache
def catalogue_names() -> tuple[str, ...]:
    """Remote-access tool names and brand names taken in turn, each once, in catalogue order."""
    tools = [str(name) for name in (load_yaml("remote_tools.yaml").get("spellings") or {})]
    brands = [
        str(entry["name"]) for entry in load_yaml("brands.yaml").get("brands") or []
        if str(entry.get("sector", "")) in PROMPT_SECTORS
    ]
    mixed = [name for pair in itertools.zip_longest(tools, brands) for name in pair if name is not None]
    return tuple(dict.fromkeys(mixed))


@functools.cache
def recognition_prompt() -> str:
    """A comma-separated list of the names, cut to fit the prompt."""
    text = ""
    for name in catalogue_names():
        candidate = f"{text}, {name}" if text else name
        if len(candidate) + 1 > MAX_PROMPT_CHARS:
            break
        text = candidate
    return f"{text}."
