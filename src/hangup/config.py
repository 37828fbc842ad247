"""Settings, from the environment (``HANGUP_*``) and an optional TOML file.

Settings are built by :func:`load_settings` when a face (CLI, web app) starts, never at import
time, so tests can build their own.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from hangup.errors import ConfigError

DEFAULT_CONFIG = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "hangup" / "config.toml"


class Settings(BaseSettings):
    """Every setting hangup reads. Environment variables are ``HANGUP_`` + the upper-case name."""

    model_config = SettingsConfigDict(env_prefix="HANGUP_", extra="forbid")

    jurisdiction: Literal["uk", "us"] = Field("uk", description="Which advice pack and reporting services to use.")
    region: str = Field(
        "", description="Default region for phone numbers without a country code (ISO 3166, e.g. GB, US). "
        "Empty: taken from the jurisdiction."
    )
    max_input_bytes: int = Field(20_000_000, gt=0, description="Largest input accepted, in bytes.")
    max_text_chars: int = Field(
        2_000_000, gt=0, description="Longest text analysed, in characters; longer text is cut and a note added."
    )
    rules_dir: Path | None = Field(
        None, description="Folder of local rule files (*.yaml) that add to or override the shipped rules."
    )
    use_model: bool = Field(
        False,
        description="Combine the trained model with the rules. Off by default: the shipped model still "
        "flags too many genuine receipts and notification emails (see src/hangup/model/scam-model.md).",
    )
    model_path: Path | None = Field(
        None, description="A trained model artifact (.npz) to use instead of the one shipped with hangup."
    )
    scam_threshold: float = Field(0.7, ge=0, le=1, description="Score from which the verdict is 'scam'.")
    suspicious_threshold: float = Field(
        0.4, ge=0, le=1, description="Score from which the verdict is 'suspicious'."
    )

    @property
    def phone_region(self) -> str:
        """The region phone numbers without a country code are read in."""
        if self.region:
            return self.region.upper()
        return {"uk": "GB", "us": "US"}[self.jurisdiction]


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Settings from a TOML file (``[hangup]`` table or top level), the environment, then overrides.

    Precedence, lowest first: file, environment, explicit overrides.
    """
    path = config_file or Path(os.environ.get("HANGUP_CONFIG", DEFAULT_CONFIG))
    from_file: dict[str, Any] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        from_file = data.get("hangup", data)
    elif config_file is not None:
        raise ConfigError(f"config file not found: {config_file}")
    env_names = {k.lower()[len("HANGUP_"):] for k in os.environ if k.upper().startswith("HANGUP_")}
    merged = {k: v for k, v in from_file.items() if k not in env_names}
    merged.update(overrides)
    try:
        settings = Settings(**merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"invalid setting {where}: {first['msg']}") from exc
    if settings.suspicious_threshold > settings.scam_threshold:
        raise ConfigError("suspicious_threshold must not be above scam_threshold")
    return settings
