"""Who is asking: the session cookie, the signed-in account, and the checks every analyst route runs.

Every analyst page and API route is on a router whose dependencies call :func:`require_analyst`
or :func:`require_admin` (see :mod:`hangup.web.analyst.routes`), so a route cannot be added
without a check. Without a valid session a browser asking for a page is sent to the sign-in page;
anything else gets 401 in the app's error shape. An analyst on an admin route gets 403.

The cookie holds a random session token (the database keeps its hash), is http-only and
SameSite=Strict, and is Secure when the app is reached over https (or ``analyst_secure_cookie``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from hangup.cases.accounts import Account
from hangup.cases.signin import SignIn
from hangup.web.analyst.state import AnalystState, AnalystStateDep
from hangup.web.errors import HttpError
from hangup.web.handlers import ErrorRenderer, wants_html

COOKIE = "hangup_analyst"
LOGIN_PATH = "/analyst/login"


class LoginRequired(HttpError):
    """No valid session: a 401, or for a browser a redirect to the sign-in page."""

    def __init__(self) -> None:
        super().__init__(401, "login_required", "Sign in as an analyst to see this.")


def client_of(request: Request) -> str | None:
    return request.client.host if request.client else None


def secure_cookie(request: Request, state: AnalystState) -> bool:
    return request.url.scheme == "https" or state.settings.analyst_secure_cookie


def set_session_cookie(response: Response, request: Request, state: AnalystState, token: str) -> None:
    response.set_cookie(
        COOKIE, token, max_age=int(state.settings.analyst_session_hours * 3600), path="/", httponly=True,
        samesite="strict", secure=secure_cookie(request, state),
    )


def clear_session_cookie(response: Response, request: Request, state: AnalystState) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=secure_cookie(request, state))


async def current_account(request: Request, state: AnalystStateDep) -> Account | None:
    """The signed-in account, or None (looked up once per request)."""
    if "analyst_account" in request.scope:
        cached: Account | None = request.scope["analyst_account"]
        return cached
    token = request.cookies.get(COOKIE)
    account = await run_in_threadpool(SignIn(state.store).resolve, token) if token else None
    request.scope["analyst_account"] = account
    return account


async def require_analyst(account: Annotated[Account | None, Depends(current_account)]) -> Account:
    """An analyst or an admin; :class:`LoginRequired` otherwise."""
    if account is None:
        raise LoginRequired()
    return account


async def require_admin(account: Annotated[Account, Depends(require_analyst)]) -> Account:
    """An admin; 403 for an analyst."""
    if not account.is_admin:
        raise HttpError(403, "forbidden", "Only an administrator may do this.")
    return account


AnalystDep = Annotated[Account, Depends(require_analyst)]
AdminDep = Annotated[Account, Depends(require_admin)]


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of the analyst workspace only (no open redirect)."""
    if target and target.startswith("/analyst") and not target.startswith("//") and "\\" not in target \
            and not target.startswith(LOGIN_PATH):
        return target
    return "/analyst"


def login_required_handler(render: ErrorRenderer) -> Callable[[Request, Exception], Awaitable[Response]]:
    """The handler for :class:`LoginRequired`: a redirect for a browser's GET, else the error shape."""

    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        if request.method == "GET" and wants_html(request):
            path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"{LOGIN_PATH}?next={quote(path, safe='')}", status_code=303)
        return render(request, exc)

    return handle
