"""Load jurisdiction advice packs: YAML data checked when read, returned as :class:`AdvicePack`.

Shipped packs live in ``hangup/advice/packs`` (``uk.yaml``, ``us.yaml``). A user folder
(``packs_dir``) is looked at first: a file there with a shipped name (``uk.yaml``) replaces the
shipped pack as a whole, a new name (``ie.yaml``) adds a jurisdiction. Every error is a
:class:`~hangup.errors.ConfigError` naming the file and the key.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from hangup.advice.model import (
    REQUIRED_SITUATIONS,
    AdvicePack,
    ReportEntry,
    ReportWhen,
    Source,
)
from hangup.documents.model import Kind
from hangup.errors import ConfigError
from hangup.yamldata import load_yaml

log = logging.getLogger(__name__)

_NAME = re.compile(r"^[a-z][a-z0-9_-]{1,31}$")
_SUFFIX = ".yaml"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Source(_Model):
    name: Text
    url: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]


class _Meta(_Model):
    name: Text
    region: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Z]{2}$")]
    language: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]
    sources: list[_Source] = Field(min_length=1)


class _Situation(_Model):
    title: Text
    steps: list[Text] = Field(min_length=1)


class _Report(_Model):
    name: Text
    how: Text
    channels: list[Kind] = Field(min_length=1)
    when: list[ReportWhen] = Field(min_length=1)
    tactics: list[Text] = Field(default_factory=list)


class _Pack(_Model):
    meta: _Meta
    general: list[Text] = Field(min_length=1)
    not_scam: list[Text] = Field(min_length=1)
    tactics: dict[str, Text] = Field(min_length=1)
    if_already: dict[str, _Situation]
    report_to: list[_Report] = Field(min_length=1)


def _shipped_dir() -> Traversable:
    return resources.files("hangup.advice") / "packs"


def _known_tactics() -> dict[str, str]:
    """Tactic ids and their generic advice, from the shipped ``tactics.yaml``."""
    file = resources.files("hangup.detect") / "rules" / "tactics.yaml"
    data = _read_yaml(file, "hangup/detect/rules/tactics.yaml")
    items = data.get("tactics") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError("hangup/detect/rules/tactics.yaml: 'tactics' must be a list")
    known: dict[str, str] = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            known[item["id"]] = str(item.get("advice") or "").strip()
    return known


def _read_yaml(file: Path | Traversable, source: str) -> Any:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"advice pack {source}: cannot be read: {exc}") from exc
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"advice pack {source}: invalid YAML: {exc}") from exc


def _describe(exc: ValidationError, source: str) -> str:
    """A one-line message naming the file and each bad key, e.g. ``tactics.PRESSURE``."""
    problems = []
    for err in exc.errors()[:5]:
        key = ".".join(str(part) for part in err["loc"]) or "(top level)"
        if err["type"] == "missing":
            problems.append(f"{key}: missing required section or key")
        elif err["type"] == "extra_forbidden":
            problems.append(f"{key}: unknown key")
        else:
            problems.append(f"{key}: {err['msg']}")
    more = exc.error_count() - len(problems)
    suffix = f" (and {more} more)" if more > 0 else ""
    return f"advice pack {source}: " + "; ".join(problems) + suffix


def parse_pack(data: Any, jurisdiction: str, source: str) -> AdvicePack:
    """Check the YAML ``data`` of a pack and build the :class:`AdvicePack`.

    Missing or malformed sections raise :class:`ConfigError`; tactic ids unknown to the catalogue
    are kept with a warning note, and catalogue tactics the pack lacks get the catalogue's generic
    advice, also with a note.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"advice pack {source}: must be a mapping of sections (meta, general, tactics...)")
    try:
        raw = _Pack.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from exc

    for situation in REQUIRED_SITUATIONS:
        if situation not in raw.if_already:
            raise ConfigError(f"advice pack {source}: if_already.{situation}: missing required situation")

    known = _known_tactics()
    notes: list[str] = []
    tactics = dict(raw.tactics)
    for tid in tactics:
        if tid not in known:
            notes.append(f"{source}: tactics.{tid}: not a known tactic id; its advice is kept but never used")
    for report in raw.report_to:
        notes.extend(
            f"{source}: report_to '{report.name}': tactic {tid} is not a known tactic id"
            for tid in report.tactics
            if tid not in known
        )
    for tid, generic in known.items():
        if tid not in tactics and generic:
            tactics[tid] = generic
            notes.append(f"{source}: tactics.{tid}: no advice in the pack; using the catalogue's advice")
    for note in notes:
        log.warning("%s", note)

    return AdvicePack(
        jurisdiction=jurisdiction,
        name=raw.meta.name,
        region=raw.meta.region,
        language=raw.meta.language,
        general=tuple(raw.general),
        not_scam=tuple(raw.not_scam),
        tactics=tactics,
        if_already={key: tuple(sit.steps) for key, sit in raw.if_already.items()},
        if_already_titles={key: sit.title for key, sit in raw.if_already.items()},
        report_to=tuple(
            ReportEntry(
                name=r.name,
                how=r.how,
                channels=tuple(r.channels),
                when=tuple(r.when),
                tactics=tuple(r.tactics),
            )
            for r in raw.report_to
        ),
        sources=tuple(Source(name=s.name, url=s.url) for s in raw.meta.sources),
        source=source,
        notes=tuple(notes),
    )


def _check_dir(packs_dir: Path | None) -> Path | None:
    if packs_dir is None:
        return None
    folder = Path(packs_dir).expanduser()
    if not folder.is_dir():
        raise ConfigError(f"advice packs folder {folder} does not exist or is not a folder")
    return folder.resolve()


def available_packs(packs_dir: Path | None = None) -> list[str]:
    """The jurisdictions with a pack: shipped ones plus those in ``packs_dir``, sorted."""
    names = {
        item.name.removesuffix(_SUFFIX)
        for item in _shipped_dir().iterdir()
        if item.name.endswith(_SUFFIX) and item.is_file()
    }
    folder = _check_dir(packs_dir)
    if folder is not None:
        names.update(path.stem for path in folder.glob(f"*{_SUFFIX}") if path.is_file())
    return sorted(name for name in names if _NAME.match(name))


@lru_cache(maxsize=32)
def _load_cached(jurisdiction: str, folder: Path | None) -> AdvicePack:
    if folder is not None:
        user_file = folder / f"{jurisdiction}{_SUFFIX}"
        if user_file.is_file():
            return parse_pack(_read_yaml(user_file, str(user_file)), jurisdiction, str(user_file))
    shipped = _shipped_dir() / f"{jurisdiction}{_SUFFIX}"
    if not shipped.is_file():
        raise ConfigError(
            f"no advice pack for jurisdiction {jurisdiction!r} (expected a file {jurisdiction}{_SUFFIX}); "
            f"available: {', '.join(available_packs(folder))}"
        )
    source = f"hangup/advice/packs/{jurisdiction}{_SUFFIX}"
    return parse_pack(_read_yaml(shipped, source), jurisdiction, source)


def load_pack(jurisdiction: str, packs_dir: Path | None = None) -> AdvicePack:
    """The advice pack for ``jurisdiction`` (``"uk"``, ``"us"``...), read once and cached.

    A ``<jurisdiction>.yaml`` in ``packs_dir`` takes precedence over the shipped pack. Raises
    :class:`ConfigError` for an unknown jurisdiction or an invalid pack, naming the file and key.
    """
    name = jurisdiction.strip().lower()
    if not _NAME.match(name):
        raise ConfigError(f"invalid jurisdiction name {jurisdiction!r}: use letters, digits, '-' or '_'")
    return _load_cached(name, _check_dir(packs_dir))


def clear_cache() -> None:
    """Forget loaded packs, so edited pack files are read again on the next :func:`load_pack`."""
    _load_cached.cache_clear()
