"""Plain text, and SMS or chat logs read one line a message."""

from __future__ import annotations

from hangup.documents.labels import has_chat_prefix, parse_label, strip_chat_prefix
from hangup.documents.model import Document, Kind, Turn


def clean_text(text: str) -> str:
    """Trim trailing spaces on each line and blank lines around the text."""
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def unquote(text: str) -> str | None:
    """``text`` without its reply quote marks (``> ``, ``>> ``) when most of its lines carry them,
    as a forwarded or replied-to message pasted in does; None when it is not quoted that way."""
    if ">" not in text:
        return None
    lines = text.split("\n")
    quoted = sum(1 for line in lines if line.lstrip().startswith(">"))
    if quoted * 2 <= sum(1 for line in lines if line.strip()):
        return None
    out = []
    for line in lines:
        stripped = line.lstrip()
        out.append(stripped.lstrip("> ") if stripped.startswith(">") else line)
    return "\n".join(out)


def read_plain(
    text: str, *, kind: Kind = "text", source: str | None = None, notes: list[str] | None = None
) -> Document:
    """A document of ``text`` as it is, without turns."""
    return Document(kind=kind, text=clean_text(text), source=source, notes=list(notes or []))


def read_lines(
    text: str, *, kind: Kind = "sms", source: str | None = None, notes: list[str] | None = None
) -> Document:
    """One turn a non-empty line; ``Name: message`` gives the speaker.

    Chat-export date prefixes (``[12/03/2024, 10:32] ``) are removed. A line without a label, after
    a labelled one, keeps the previous speaker (a message that ran over several lines).
    """
    turns: list[Turn] = []
    speaker: str | None = None
    for raw in text.split("\n"):
        line = strip_chat_prefix(raw.strip())
        if not line:
            continue
        label = parse_label(line, allow_dash=False)
        if label is not None and label.speaker is not None:
            speaker = label.speaker
            line = label.text
        turns.append(Turn(speaker, line))
    return Document.from_turns(kind, turns, source=source, notes=notes)


def looks_like_chat_export(text: str) -> bool:
    """True when most of the first lines start with a chat export's date and time."""
    lines = [line for line in text.split("\n", 200)[:200] if line.strip()]
    return len(lines) >= 2 and sum(1 for line in lines if has_chat_prefix(line.strip())) * 2 > len(lines)
