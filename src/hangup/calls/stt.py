"""Speech to text behind one small interface, so backends other than faster-whisper can be added.

A backend reads one stretch of speech (mono float32 audio at 16 kHz, at most 30 seconds) as fast
as it can, and says nothing for a stretch without speech. Cutting a call or a recording into such
stretches is done once for every backend (:mod:`hangup.calls.listener`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from hangup.calls.audio import Audio
from hangup.config import Settings
from hangup.errors import ConfigError


class SpeechToText(Protocol):
    """What every speech-to-text backend provides. Implementations must be safe to share between threads."""

    @property
    def name(self) -> str:
        """The backend and model, for notes and logs (e.g. ``faster-whisper tiny.en``)."""
        ...

    def transcribe_window(self, audio: Audio, *, prompt: str | None = None) -> str:
        """What was said in ``audio`` (at most 30 s); empty when it holds no speech.

        ``prompt`` lists words likely to be said (names of tools and companies).
        """
        ...


def _faster_whisper(settings: Settings) -> SpeechToText:
    from hangup.calls.whisper import FasterWhisper  # noqa: PLC0415 - optional extra, loaded on use

    return FasterWhisper.from_settings(settings)


#: Backend name -> factory. Add a backend by adding an entry.
BACKENDS: dict[str, Callable[[Settings], SpeechToText]] = {"faster-whisper": _faster_whisper}

_cache: dict[tuple[object, ...], SpeechToText] = {}
_cache_lock = threading.Lock()


def _key(settings: Settings) -> tuple[object, ...]:
    return (settings.stt_backend, settings.stt_model, settings.stt_compute_type, settings.stt_threads,
            settings.stt_beam_size, settings.stt_language, settings.stt_download)


def load_backend(settings: Settings) -> SpeechToText:
    """The backend the settings name, loaded once per process and shared."""
    factory = BACKENDS.get(settings.stt_backend)
    if factory is None:
        raise ConfigError(f"unknown speech-to-text backend {settings.stt_backend!r}; "
                          f"use one of: {', '.join(BACKENDS)} (setting stt_backend)")
    key = _key(settings)
    with _cache_lock:
        backend = _cache.get(key)
        if backend is None:
            backend = _cache[key] = factory(settings)
    return backend
