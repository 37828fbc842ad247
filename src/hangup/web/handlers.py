"""Every error as one shape: JSON for the API and programs, a plain page for people in a browser.

Registered by :func:`install`; nothing a client sends can produce a traceback in the answer.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hangup.errors import HangupError
from hangup.web.errors import FieldError, HttpError, for_status, from_hangup_error
from hangup.web.templating import Pages

logger = logging.getLogger(__name__)


def wants_html(request: Request) -> bool:
    """True for a browser asking for a page: HTML accepted, and not an API address."""
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_error(errors: list[Any]) -> HttpError:
    """A 422 listing each invalid field, or a 400 when the JSON itself could not be parsed."""
    if any(e.get("type") == "json_invalid" for e in errors):
        return HttpError(400, "malformed_json", "The request body is not valid JSON.")
    details = [FieldError(_field(e.get("loc", ())), str(e.get("msg", "invalid"))) for e in errors]
    return HttpError(422, "invalid_input", "Some of the information sent is not valid.", details)


class ErrorRenderer:
    """Turns an :class:`HttpError` into the answer the client asked for."""

    def __init__(self, pages: Pages | None) -> None:
        self.pages = pages

    def __call__(self, request: Request, error: HttpError) -> Response:
        headers = dict(error.headers or {})
        if self.pages is not None and wants_html(request):
            try:
                page = self.pages.render(request, "error.html", status=error.status_code, error=error)
            except Exception:  # a broken template must not hide the error itself
                logger.exception("cannot render the error page")
            else:
                page.headers.update(headers)
                return page
        return JSONResponse(error.payload(), status_code=error.status_code, headers=headers)


def install(app: FastAPI, render: ErrorRenderer) -> None:
    """Register the handlers on ``app``."""

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if isinstance(exc, HttpError):
            return render(request, exc)
        detail = str(exc.detail) if exc.detail else ""
        try:
            default = HTTPStatus(exc.status_code).phrase
        except ValueError:
            default = ""
        error = for_status(exc.status_code, detail if detail and detail != default else None)
        error.headers = dict(exc.headers or {})
        return render(request, error)

    async def invalid_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return render(request, validation_error(list(exc.errors())))

    async def hangup_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HangupError)
        error = from_hangup_error(exc)
        if error.status_code >= 500:
            logger.error("%s %s: %s", request.method, request.url.path, exc, exc_info=exc)
        return render(request, error)

    async def unexpected(request: Request, exc: Exception) -> Response:
        logger.error("%s %s: internal error", request.method, request.url.path, exc_info=exc)
        return render(request, for_status(500))

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(HangupError, hangup_error)
    app.add_exception_handler(Exception, unexpected)
