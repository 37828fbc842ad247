"""Finding the speech model: bundled by path, folders, names; never a download from outside 127.0.0.1 in tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hangup.calls.models import bundled_model, resolve_model
from hangup.calls.prompt import catalogue_names, recognition_prompt
from hangup.calls.stt import load_backend
from hangup.config import Settings
from hangup.errors import ConfigError, SpeechModelError
from hangup.indicators.datafiles import load_yaml

pytest.importorskip("faster_whisper", reason="the audio extra is not installed")


def test_bundled_tiny_en_is_found_by_path() -> None:
    found = bundled_model()
    assert (found.path / "model.bin").is_file() and "site-packages" in str(found.path)
    assert found.label == "tiny.en (bundled)"
    assert resolve_model(Settings(stt_model="bundled")).path == found.path
    assert resolve_model(Settings(stt_model=str(found.path))).path == found.path


def test_a_folder_without_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SpeechModelError, match="does not hold a faster-whisper model"):
        resolve_model(Settings(stt_model=str(tmp_path)))


def test_unknown_names_and_backends_are_refused() -> None:
    with pytest.raises(SpeechModelError, match=r"unknown speech model 'enormous\.en'"):
        resolve_model(Settings(stt_model="enormous.en"))
    with pytest.raises(ConfigError, match="unknown speech-to-text backend"):
        load_backend(Settings(stt_backend="nope"))


def test_a_missing_named_model_is_not_downloaded_when_downloads_are_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path))  # an empty cache
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    with pytest.raises(SpeechModelError, match="not on this computer and downloading is off"):
        resolve_model(Settings(stt_model="base.en", stt_download=False))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(SpeechModelError, match="'bundled'"):
        resolve_model(Settings(stt_model="base.en", stt_download=True))
    assert not any((tmp_path / "hub").rglob("model.bin"))


def test_a_failed_download_falls_back_to_the_bundled_model(tmp_path: Path) -> None:
    """The hub unreachable (a closed port on 127.0.0.1): the person is still protected, with tiny.en."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HANGUP_"))}
    env.update(HF_HOME=str(tmp_path), HF_HUB_CACHE=str(tmp_path / "hub"), HF_ENDPOINT="http://127.0.0.1:9")
    code = ("from hangup.calls.models import resolve_model; from hangup.config import Settings; "
            "print(resolve_model(Settings(stt_model='base.en', stt_download=True)).label)")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "tiny.en (bundled)"
    assert "cannot download the speech model base.en" in done.stderr and "for now" in done.stderr


def test_the_backend_is_loaded_once_and_shared() -> None:
    settings = Settings(stt_model="bundled", stt_threads=1)
    backend = load_backend(settings)
    assert load_backend(settings.model_copy()) is backend
    assert backend.name == "faster-whisper tiny.en (bundled)"


def test_prompt_names_come_from_the_catalogues() -> None:
    prompt = recognition_prompt()
    assert len(prompt) <= 200
    tools = set(load_yaml("remote_tools.yaml")["spellings"])
    brands = {b["name"] for b in load_yaml("brands.yaml")["brands"]}
    named = [n.strip() for n in prompt.rstrip(".").split(",")]
    assert set(named) <= tools | brands
    assert {"AnyDesk", "TeamViewer", "Quick Assist", "Microsoft"} <= set(named)
    assert len(catalogue_names()) > len(named)
