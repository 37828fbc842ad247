"""Recordings of calls (WAV, FLAC, Ogg, MP3, M4A, WebM) read as a call Document by speech to text.

Transcription needs the optional audio extra (``pip install 'hangup[audio]'``); it is imported
only when a recording is read. The Document's turns carry the times of each stretch of speech;
speakers are not told apart.
"""

from __future__ import annotations

from hangup.config import Settings
from hangup.documents.model import Document, Turn
from hangup.errors import AudioError, AudioUnavailable, SpeechModelError

NOTE_PREFIX = "transcribed from audio by speech to text"

_MAGIC: tuple[tuple[bytes, int], ...] = (
    (b"fLaC", 0),  # FLAC
    (b"OggS", 0),  # Ogg Vorbis / Opus
    (b"ID3", 0),  # MP3 with an ID3 tag
    (b"ftyp", 4),  # MP4 / M4A
    (b"\x1aE\xdf\xa3", 0),  # WebM / Matroska
    (b".snd", 0),  # AU
    (b"caff", 0),  # Core Audio
)


def _mpeg_frame(head: bytes) -> bool:
    """An MPEG layer II/III frame header (an MP3 without a tag); a UTF-16 byte-order mark is not one."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 3
    return version != 1 and layer in (1, 2) and bitrate not in (0, 15) and rate != 3


def looks_like_audio(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) starts like a recording hangup can read."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return True
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return True
    if _mpeg_frame(head):
        return True
    return any(head[offset:offset + len(magic)] == magic for magic, offset in _MAGIC)


def is_transcribed(doc: Document) -> bool:
    """True when ``doc`` was made from a recording by speech to text."""
    return any(note.startswith(NOTE_PREFIX) for note in doc.notes)


def read_audio(data: bytes, *, source: str | None = None, settings: Settings) -> Document:
    """Transcribe a recording into a call Document with one turn per stretch of speech, with times."""
    from hangup.calls.transcribe import transcribe_recording  # noqa: PLC0415 - optional extra, loaded on use

    name = source or "recording"
    try:
        segments, model = transcribe_recording(data, name=name, settings=settings)
    except SpeechModelError as exc:  # to a reader's callers, a recording that cannot be transcribed here
        raise AudioUnavailable(f"{name} cannot be transcribed: {exc}") from exc
    turns = [Turn(None, seg.text, seg.start, seg.end) for seg in segments if seg.text.strip()]
    if not turns:
        raise AudioError(f"{name}: no speech was found in the recording")
    note = f"{NOTE_PREFIX} ({model}); words may be misheard and speakers are not told apart"
    return Document.from_turns("call", turns, source=source, notes=[note])
