"""Running the engine over what a report brings: the message text and the readable attachments.

Each source gives one :class:`SourceVerdict` (an mbox gives up to :data:`MAX_DOCUMENTS_PER_FILE`
messages, each its own). A source the readers cannot read is not an error for the report: the
verdict is skipped and the reason kept as a note, since the evidence itself is still stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hangup.cases.attachments import CheckedAttachment
from hangup.cases.normalize import NormalIndicator
from hangup.config import Settings
from hangup.documents.load import read_bytes, read_text
from hangup.documents.model import Document
from hangup.errors import InputError

if TYPE_CHECKING:
    from hangup.detect.engine import Engine
    from hangup.detect.verdict import Verdict

logger = logging.getLogger(__name__)

MAX_DOCUMENTS_PER_FILE = 20
# How each contact channel's pasted text is read (see hangup.documents.load.read_text's ``kind``).
READ_AS = {"call": "call", "email": "eml", "text": "sms", "popup": "popup", "other": "auto"}


@dataclass(slots=True)
class SourceVerdict:
    """The engine's verdict on one source, in the shape the store keeps."""

    source: str  # message | attachment | addition
    verdict: str
    score: float
    category: str | None
    tactics: list[dict[str, Any]]
    engine_version: str
    indicators: list[NormalIndicator]
    notes: list[str] = field(default_factory=list)
    attachment_index: int | None = None  # which of the submitted attachments, if from one


def _tactics(verdict: Verdict) -> list[dict[str, Any]]:
    return [
        {
            "id": t.id,
            "name": t.name,
            "score": round(t.score, 4),
            "evidence": [{"text": e.text, "start": e.start, "end": e.end} for e in t.evidence],
        }
        for t in verdict.tactics
    ]


def _result(verdict: Verdict, source: str, index: int | None) -> SourceVerdict:
    return SourceVerdict(
        source=source,
        verdict=verdict.verdict,
        score=round(verdict.score, 4),
        category=verdict.category,
        tactics=_tactics(verdict),
        engine_version=verdict.engine_version,
        indicators=[NormalIndicator(i.type, i.value[:512], i.normalized[:512], source) for i in verdict.indicators],
        notes=list(verdict.notes),
        attachment_index=index,
    )


class Analyser:
    """Reads a report's sources and asks the engine about each."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    def _verdicts(self, docs: list[Document], source: str, index: int | None) -> list[SourceVerdict]:
        return [_result(self.engine.analyse(doc), source, index) for doc in docs[:MAX_DOCUMENTS_PER_FILE]]

    def text(self, text: str | None, channel: str, source: str) -> list[SourceVerdict]:
        """The verdict on pasted text (the message, or text added later); none when there is no text."""
        if not text or not text.strip():
            return []
        try:
            doc = read_text(text, kind=READ_AS.get(channel, "auto"), source=source, settings=self.settings)
        except InputError as exc:
            logger.info("%s not analysed: %s", source, exc)
            return []
        return self._verdicts([doc], source, None)

    def attachment(self, attachment: CheckedAttachment, index: int, source: str) -> tuple[list[SourceVerdict], str]:
        """Verdicts on one readable attachment, and a note when it could not be read (else "")."""
        if not attachment.readable:
            return [], ""
        try:
            docs = read_bytes(attachment.data, name=attachment.filename, settings=self.settings)
        except InputError as exc:
            return [], f"{attachment.filename} could not be read: {exc}"
        return self._verdicts(docs, source, index), ""
