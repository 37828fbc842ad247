"""The JSON shapes of the API, for validation and the OpenAPI document.

The verdict models mirror :meth:`hangup.detect.verdict.Verdict.to_dict` (docs/verdict.md); a test
checks that real answers validate against them, so the documentation cannot drift from the code.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hangup.cases.schema import ContactIn, ReportIn


class CheckRequest(BaseModel):
    """Text to check, as JSON."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The message, email (with or without headers) or call transcript.")
    kind: str = Field(
        "auto", description="What the text is: auto, text, call, email, sms, chat, popup, or a format: "
        "srt, vtt, json, eml, mbox, html.",
    )


class ErrorBody(BaseModel):
    code: str = Field(description="A stable machine-readable word, e.g. not_found, invalid_input, rate_limited.")
    message: str = Field(description="What went wrong, in plain English.")
    details: list[dict[str, str]] | None = Field(
        None, description="One {field, message} per invalid field, for validation errors."
    )


class ErrorOut(BaseModel):
    """The shape of every 4xx and 5xx answer."""

    error: ErrorBody


class EvidenceOut(BaseModel):
    text: str
    start: int = Field(description="Offset in `text` of the answer; negative for an email header.")
    end: int
    rule: str
    speaker: str | None = None


class TacticOut(BaseModel):
    id: str
    name: str
    score: float
    evidence: list[EvidenceOut]
    explanation: str
    advice: str


class IndicatorOut(BaseModel):
    type: str
    value: str
    normalized: str


class IfAlreadyOut(BaseModel):
    situation: str
    title: str
    steps: list[str]


class ReportToOut(BaseModel):
    name: str
    how: str


class ModelWordOut(BaseModel):
    text: str
    weight: float


class ModelOut(BaseModel):
    score: float
    threshold: float
    words: list[ModelWordOut]


class CheckResponse(BaseModel):
    """A verdict (see docs/verdict.md) and the text it was reached on."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int
    verdict: Literal["scam", "suspicious", "not_scam"]
    score: float
    category: Literal["tech_support", "other_scam"] | None
    summary: str
    tactics: list[TacticOut]
    indicators: list[IndicatorOut]
    advice: list[str]
    if_already: list[IfAlreadyOut]
    report_to: list[ReportToOut]
    kind: str
    engine_version: str
    context: dict[str, Any]
    notes: list[str]
    id: str | None
    source: str | None
    rule_score: float | None
    model: ModelOut | None
    text: str = Field(description="The text that was analysed; evidence offsets point into it.")


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    engine_version: str
    store: Literal["ok", "unavailable"]


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the given error statuses, all with the one error shape."""
    words = {400: "Bad request or malformed JSON", 401: "Secret missing", 403: "Forbidden",
             404: "Not found", 409: "Conflict", 413: "Request too large", 415: "Unsupported media type",
             422: "Invalid input", 429: "Too many requests", 503: "Unavailable"}
    return {status: {"model": ErrorOut, "description": words.get(status, "Error")} for status in statuses}


class AttachmentJson(BaseModel):
    """An evidence file inside a JSON body, its bytes in base64."""

    model_config = ConfigDict(extra="forbid")

    filename: str = Field(min_length=1, max_length=255, description="The file's name, e.g. screenshot.png.")
    content_type: str = Field("", max_length=200, description="Its media type, if known.")
    data_base64: str = Field(description="The file's bytes, base64-encoded.")


class ReportSubmission(BaseModel):
    """A report as JSON: the facts, optional contact details and optional evidence files.

    As multipart/form-data instead: a `report` field holding the facts as JSON, an optional `contact`
    field (JSON) and any number of `attachments` files.
    """

    model_config = ConfigDict(extra="forbid")

    report: ReportIn
    contact: ContactIn | None = None
    attachments: list[AttachmentJson] = Field(default_factory=list)


class InformationSubmission(BaseModel):
    """More information for a report: text and/or files (as multipart: a `text` field and `attachments` files)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="What the reporter wants to add.")
    attachments: list[AttachmentJson] = Field(default_factory=list)
