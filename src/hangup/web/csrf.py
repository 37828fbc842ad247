"""Anti-forgery tokens for the web forms (signed double-submit cookie).

A random nonce lives in an http-only cookie; each form carries ``HMAC(key, nonce)``. A forged
cross-site form cannot read the cookie, so it cannot compute the token. The ``Origin`` and
``Sec-Fetch-Site`` headers, when the browser sends them, must also say the form came from this site.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from hangup.web.errors import csrf_failed

COOKIE = "hangup_csrf"
FIELD = "csrf_token"
_NONCE = re.compile(r"^[A-Za-z0-9_\-]{32,64}$")


class Csrf:
    """Issues and checks form tokens with one secret key."""

    def __init__(self, key: str) -> None:
        self._key = (key or secrets.token_urlsafe(32)).encode("utf-8")

    def token_for(self, nonce: str) -> str:
        """The form token that goes with ``nonce``."""
        return hmac.new(self._key, nonce.encode("ascii"), hashlib.sha256).hexdigest()

    @staticmethod
    def nonce_of(request: Request) -> str | None:
        """The request's cookie nonce, if it has a well-formed one."""
        value = request.cookies.get(COOKIE)
        return value if value and _NONCE.match(value) else None

    def issue(self, request: Request) -> tuple[str, str | None]:
        """(form token, new nonce to set as cookie or None when the request already has one)."""
        nonce = self.nonce_of(request)
        if nonce is not None:
            return self.token_for(nonce), None
        nonce = secrets.token_urlsafe(32)
        return self.token_for(nonce), nonce

    @staticmethod
    def set_cookie(response: Response, request: Request, nonce: str) -> None:
        response.set_cookie(
            COOKIE, nonce, httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/",
        )

    def verify(self, request: Request, submitted: object) -> None:
        """Raise a 403 :class:`~hangup.web.errors.HttpError` unless the form token is right."""
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            raise csrf_failed()
        origin = request.headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
            raise csrf_failed()
        nonce = self.nonce_of(request)
        if nonce is None or not isinstance(submitted, str):
            raise csrf_failed()
        if not hmac.compare_digest(self.token_for(nonce), submitted):
            raise csrf_failed()
