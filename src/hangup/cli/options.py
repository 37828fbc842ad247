"""Options shared by several commands, and building settings from them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from hangup.config import Settings, load_settings

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="TOML settings file (default: ~/.config/hangup/config.toml).")
]
JurisdictionOpt = Annotated[
    str | None, typer.Option("--jurisdiction", help="Advice and reporting pack: uk or us (setting: jurisdiction).")
]
RulesDirOpt = Annotated[
    Path | None,
    typer.Option("--rules-dir", help="Folder of local rule files that add to or override the shipped ones."),
]
KindOpt = Annotated[
    str,
    typer.Option(
        "--kind",
        help="What the input is: auto, text, call, email, sms, chat, popup, "
        "or a format: srt, vtt, json, eml, mbox, image, audio, pdf.",
    ),
]


def settings_from(config: Path | None, jurisdiction: str | None, rules_dir: Path | None) -> Settings:
    overrides: dict[str, Any] = {}
    if jurisdiction:
        overrides["jurisdiction"] = jurisdiction.lower()
    if rules_dir:
        overrides["rules_dir"] = rules_dir
    return load_settings(config, **overrides)
