"""Which evidence files a report may attach, and the check every upload goes through.

The accepted types are data (``data/attachment_types.yaml``): a file name ending, the kind of
evidence, the media type stored, whether the engine reads it, and the magic bytes the content must
start with. A file is judged by its name *and* its bytes; the media type the client declared is
recorded nowhere, because browsers and mail clients disagree about it.

>>> policy = AttachmentPolicy(max_bytes=1000, max_count=2, extensions=(".txt",))
>>> [a.kind for a in policy.check([AttachmentIn(filename="call.txt", data=b"hello")])]
['text']
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import PurePath
from typing import Any

from hangup.cases.schema import AttachmentIn
from hangup.config import Settings
from hangup.errors import AttachmentRejected, ConfigError
from hangup.yamldata import load_yaml


@dataclass(frozen=True, slots=True)
class FileType:
    """One accepted kind of evidence file."""

    extension: str
    kind: str
    media_type: str
    readable: bool
    magic: tuple[bytes, ...]
    magic_at: tuple[tuple[int, bytes], ...]

    def matches(self, data: bytes) -> bool:
        """True when ``data`` looks like this type: magic bytes, or text without NUL bytes."""
        if not self.magic:
            return b"\x00" not in data
        if not data.startswith(self.magic):
            return False
        return all(data[at : at + len(sig)] == sig for at, sig in self.magic_at)


@dataclass(frozen=True, slots=True)
class CheckedAttachment:
    """An attachment that passed the policy, with what the store records about it."""

    filename: str
    media_type: str
    kind: str
    readable: bool
    data: bytes
    size: int
    sha256: str


@cache
def known_types() -> dict[str, FileType]:
    """Every file type hangup knows how to accept, by lower-case extension."""
    text = resources.files("hangup.cases").joinpath("data/attachment_types.yaml").read_text(encoding="utf-8")
    raw: dict[str, dict[str, Any]] = load_yaml(text)
    return {
        ext: FileType(
            extension=ext,
            kind=str(spec["kind"]),
            media_type=str(spec["media_type"]),
            readable=bool(spec.get("readable", False)),
            magic=tuple(bytes.fromhex(m) for m in spec.get("magic", [])),
            magic_at=tuple((int(k), bytes.fromhex(v)) for k, v in spec.get("magic_at", {}).items()),
        )
        for ext, spec in raw.items()
    }


def _label(size: int) -> str:
    return f"{size:,} bytes ({size / 1_000_000:.1f} MB)" if size >= 1_000_000 else f"{size:,} bytes"


@dataclass(frozen=True, slots=True)
class AttachmentPolicy:
    """Size, count and type limits for evidence files."""

    max_bytes: int
    max_count: int
    extensions: tuple[str, ...]

    def __post_init__(self) -> None:
        unknown = [e for e in self.extensions if e.lower() not in known_types()]
        if unknown:
            raise ConfigError(
                f"attachment_types: unknown file type(s) {', '.join(unknown)}; known: {', '.join(known_types())}"
            )

    @classmethod
    def from_settings(cls, settings: Settings) -> AttachmentPolicy:
        """The policy the settings ask for (``max_attachment_bytes``, ``max_attachments``, ``attachment_types``)."""
        exts = tuple(e.lower() if e.startswith(".") else f".{e.lower()}" for e in settings.attachment_types)
        return cls(settings.max_attachment_bytes, settings.max_attachments, exts)

    def describe(self) -> str:
        """The limits in plain words, for forms and help text."""
        return (
            f"up to {self.max_count} files of at most {_label(self.max_bytes)} each: "
            f"{', '.join(self.extensions)}"
        )

    def check(self, attachments: list[AttachmentIn]) -> list[CheckedAttachment]:
        """Every attachment checked, in order; raises :class:`AttachmentRejected` at the first bad one."""
        if len(attachments) > self.max_count:
            raise AttachmentRejected(
                f"too many files: {len(attachments)} attached, at most {self.max_count} accepted"
            )
        return [self.check_one(a) for a in attachments]

    def check_one(self, attachment: AttachmentIn) -> CheckedAttachment:
        """One attachment checked against the size and type limits."""
        name = attachment.filename
        ext = PurePath(name).suffix.lower()
        if ext not in self.extensions:
            shown = ext or "no file type"
            raise AttachmentRejected(f"{name}: {shown} files are not accepted; accepted: {', '.join(self.extensions)}")
        size = len(attachment.data)
        if size > self.max_bytes:
            raise AttachmentRejected(f"{name} is too large: {_label(size)}, the limit is {_label(self.max_bytes)}")
        ftype = known_types()[ext]
        if not ftype.matches(attachment.data):
            raise AttachmentRejected(f"{name} does not contain what its name says ({ftype.kind}, {ext})")
        return CheckedAttachment(
            filename=name,
            media_type=ftype.media_type,
            kind=ftype.kind,
            readable=ftype.readable,
            data=attachment.data,
            size=size,
            sha256=hashlib.sha256(attachment.data).hexdigest(),
        )
