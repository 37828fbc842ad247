"""ASGI middleware: a request-size limit enforced before the body is read, and security headers.

Both leave WebSocket and lifespan traffic alone.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hangup.web.errors import HttpError, for_status, too_large

ErrorRenderer = Callable[[Request, HttpError], Response]

# Pages and the API use no inline script or style; the API docs page (Swagger UI) styles elements
# from its own script, which needs inline styles and data: images.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
DOCS_PATH = "/docs"

SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), geolocation=(), payment=(), usb=()",
}


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes with 413.

    A declared ``Content-Length`` over the limit is refused before anything is read; a body sent
    without one (chunked) is counted as it arrives and refused as soon as it passes the limit.
    """

    def __init__(self, app: ASGIApp, limit: int, render: ErrorRenderer) -> None:
        self.app = app
        self.limit = limit
        self.render = render

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        error: HttpError | None = None
        if declared is not None:
            if not declared.isdigit():
                error = for_status(400, "The Content-Length header is not a number.")
            elif int(declared) > self.limit:
                error = too_large(self.limit)
        if error is not None:
            response = self.render(Request(scope), error)
            response.headers["Connection"] = "close"
            await response(scope, receive, send)
            return
        received = 0
        limit = self.limit

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, counted, send)


class SecurityHeadersMiddleware:
    """Add a Content-Security-Policy and the usual hardening headers to every HTTP response.

    Responses other than static files are also marked ``Cache-Control: no-store``: result pages
    and report receipts hold what a person pasted and the secret of their report.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = DOCS_CSP if path == DOCS_PATH else CSP
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if not path.startswith("/static/"):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)
