"""Settings: file, environment and overrides, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from hangup.config import load_settings
from hangup.errors import ConfigError


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HANGUP_CONFIG", str(tmp_path / "absent.toml"))
    settings = load_settings()
    assert settings.jurisdiction == "uk"
    assert settings.phone_region == "GB"


def test_file_then_environment_then_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[hangup]\njurisdiction = "us"\nmax_input_bytes = 1000\nscam_threshold = 0.8\n', encoding="utf-8")
    monkeypatch.setenv("HANGUP_MAX_INPUT_BYTES", "2000")
    settings = load_settings(cfg, scam_threshold=0.9)
    assert settings.jurisdiction == "us"
    assert settings.phone_region == "US"
    assert settings.max_input_bytes == 2000
    assert settings.scam_threshold == 0.9


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("max_input_bytes = -1", "max_input_bytes"),
        ("jurisdiction = 'fr'", "jurisdiction"),
        ("no_such_setting = 1", "no_such_setting"),
        ("scam_threshold = 0.3", "suspicious_threshold"),
        ("this is not toml", "cannot read"),
    ],
)
def test_invalid_settings(tmp_path: Path, body: str, message: str) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(body + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(cfg)


def test_missing_explicit_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")
