"""HTTP errors of the web app, and the one error shape every 4xx/5xx answer has.

``{"error": {"code": "not_found", "message": "...", "details": [...]}}``: ``code`` is a stable
machine-readable word, ``message`` plain English for a person, ``details`` (optional) one entry per
invalid field. Errors a user can cause elsewhere in hangup (:class:`~hangup.errors.HangupError`)
are mapped to a status here, at the boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from starlette.exceptions import HTTPException as StarletteHTTPException

from hangup.errors import (
    AttachmentRejected,
    AudioUnavailable,
    ConfigError,
    HangupError,
    IdempotencyConflict,
    InputError,
    InputTooLarge,
    OcrUnavailable,
    ReportNotFound,
    StoreError,
)

#: Stable codes for plain HTTP statuses (Starlette's own 404/405 and the like).
STATUS_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "request_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}

_MESSAGES: dict[int, str] = {
    404: "There is no page at this address.",
    405: "This address does not accept that kind of request.",
    500: "Something went wrong on our side. Please try again later.",
}


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid field: where (a dotted path, e.g. ``report.phone_numbers.0``) and what is wrong."""

    field: str
    message: str


class HttpError(StarletteHTTPException):
    """An error answered with ``status`` and the error shape. Raise it from routes and dependencies.

    It is a Starlette ``HTTPException`` so that it passes unchanged through FastAPI's body parsing.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status, message, headers)
        self.code = code
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        return self.message

    def payload(self) -> dict[str, Any]:
        """The JSON body."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = [{"field": d.field, "message": d.message} for d in self.details]
        return {"error": body}


def for_status(status: int, message: str | None = None) -> HttpError:
    """An :class:`HttpError` for a plain status, with its standard code and a default message."""
    code = STATUS_CODES.get(status, "error" if status < 500 else "internal_error")
    text = message or _MESSAGES.get(status) or HTTPStatus(status).phrase
    return HttpError(status, code, text)


def too_large(limit: int) -> HttpError:
    """The 413 for a request body over the configured limit."""
    return HttpError(
        413, "request_too_large",
        f"The request is too large: the limit is {limit:,} bytes (setting web_max_request_bytes).",
    )


def unsupported_media(message: str) -> HttpError:
    return HttpError(415, "unsupported_media_type", message)


def rate_limited(retry_after: int) -> HttpError:
    return HttpError(
        429, "rate_limited",
        f"Too many requests from your address. Please wait {retry_after} seconds and try again.",
        headers={"Retry-After": str(retry_after)},
    )


def csrf_failed() -> HttpError:
    return HttpError(
        403, "csrf_failed",
        "This form has expired or was not sent from this site. Go back, reload the page and try again. "
        "Cookies must be allowed for this site.",
    )


def from_hangup_error(exc: HangupError) -> HttpError:
    """Map hangup's own errors to HTTP statuses (the message is already plain English)."""
    message = str(exc)
    if isinstance(exc, InputTooLarge):
        return HttpError(413, "input_too_large", message)
    if isinstance(exc, OcrUnavailable):
        return HttpError(503, "ocr_unavailable", "Screenshots cannot be read on this server. "
                         "Please type or paste the words from the screen instead.")
    if isinstance(exc, AudioUnavailable):
        return HttpError(503, "audio_unavailable", "Recordings cannot be listened to on this server. "
                         "Please write down what the caller said instead.")
    if isinstance(exc, AttachmentRejected):
        return HttpError(422, "attachment_rejected", message)
    if isinstance(exc, IdempotencyConflict):
        return HttpError(409, "idempotency_conflict", message)
    if isinstance(exc, InputError):
        return HttpError(422, "unreadable_input", message)
    if isinstance(exc, ReportNotFound):
        return HttpError(404, "report_not_found", "No report matches this reference number and secret.")
    if isinstance(exc, StoreError):
        return HttpError(503, "store_unavailable", "Reports cannot be saved or read right now. "
                         "Please try again later.")
    if isinstance(exc, ConfigError):
        return for_status(500)
    return HttpError(400, "bad_request", message)
