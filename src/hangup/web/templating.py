"""Server-rendered pages: one Jinja2 environment (autoescaped, strict) and a render helper.

Every page gets the anti-forgery token for its forms, the page language and the site's name; the
helper sets the token's cookie the first time a browser comes.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from hangup.web.csrf import FIELD, Csrf

SITE_NAME = "hangup"


def build_environment() -> Environment:
    """The Jinja2 environment for ``hangup/web/templates`` (autoescape on, undefined names are errors)."""
    env = Environment(
        loader=PackageLoader("hangup.web", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = lambda value: f"{round(float(value) * 100)}%"
    env.filters["words"] = lambda value: str(value).replace("_", " ")
    return env


class Pages:
    """Renders templates into HTML responses with the context every page needs."""

    def __init__(self, csrf: Csrf, *, language: str) -> None:
        self.env = build_environment()
        self.csrf = csrf
        self.language = language

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        """Render template ``name`` with ``context``; ``nav`` in the context marks the current menu item."""
        token, new_nonce = self.csrf.issue(request)
        page = {
            "request": request,
            "csrf_field": FIELD,
            "csrf_token": token,
            "lang": self.language,
            "site_name": SITE_NAME,
            "nav": "",
            **context,
        }
        response = HTMLResponse(self.env.get_template(name).render(page), status_code=status)
        if new_nonce is not None:
            self.csrf.set_cookie(response, request, new_nonce)
        return response
