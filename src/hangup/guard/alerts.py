"""What to say about an event: a warning, or a strong warning when a scam was flagged just before.

The words are data (``data/alerts.yaml``) so they can be changed without touching code.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from hangup.errors import ConfigError
from hangup.guard.catalog import process_key
from hangup.guard.model import Event
from hangup.state import Flag
from hangup.yamldata import load_yaml

Level = Literal["warning", "strong"]


@dataclass(frozen=True, slots=True)
class Alert:
    level: Level
    title: str
    body: str
    speech: str
    event: Event
    flag: Flag | None = None


@lru_cache(maxsize=1)
def _texts() -> dict[str, Any]:
    try:
        text = resources.files("hangup.guard").joinpath("data", "alerts.yaml").read_text(encoding="utf-8")
        data = load_yaml(text)
    except Exception as exc:  # a broken shipped file: say which one
        raise ConfigError(f"guard data/alerts.yaml cannot be read: {exc}") from exc
    if not isinstance(data, dict) or not {"warning", "strong", "sources", "articles"} <= data.keys():
        raise ConfigError("guard data/alerts.yaml must have warning, strong, sources and articles")
    return data


def stop_command(tool: str) -> str:
    """The command that stops ``tool``: ``hangup guard stop anydesk``."""
    word = process_key(tool) if " " not in tool else tool
    return f"hangup guard stop {shlex.quote(word)}"


def _ago(age: timedelta) -> str:
    minutes = round(age.total_seconds() / 60)
    if minutes < 1:
        return "Just now"
    return f"{minutes} minute{'s' if minutes != 1 else ''} ago"


def build_alert(event: Event, flag: Flag | None, now: datetime | None = None) -> Alert:
    """The alert for ``event``; strong when ``flag`` (a recent scam flag) is given."""
    texts = _texts()
    level: Level = "strong" if flag is not None else "warning"
    what = texts["sources"].get(flag.source if flag else "", texts["sources"]["default"])
    fields = {
        "tool": event.tool,
        "detail": event.detail,
        "stop": stop_command(event.tool),
        "what": what,
        "what_article": texts["articles"].get(what, what),
        "ago": _ago(flag.age(now)) if flag else "",
        "summary": (flag.summary.rstrip(".") if flag else "")[:160],
    }
    part = texts[level]
    return Alert(
        level=level,
        title=str(part["title"]).format(**fields),
        body=" ".join(str(part["body"]).format(**fields).split()),
        speech=" ".join(str(part["speech"]).format(**fields).split()),
        event=event,
        flag=flag,
    )
