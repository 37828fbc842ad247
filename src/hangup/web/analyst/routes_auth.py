"""Signing in and out of the analyst workspace (the only analyst pages open without a session)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from hangup.cases.accounts import Account
from hangup.cases.models import utcnow
from hangup.cases.signin import SignIn
from hangup.web.analyst.auth import (
    COOKIE,
    LOGIN_PATH,
    clear_session_cookie,
    client_of,
    current_account,
    safe_next,
    set_session_cookie,
)
from hangup.web.analyst.forms import checked_form, field
from hangup.web.analyst.state import AnalystState, AnalystStateDep
from hangup.web.errors import FieldError
from hangup.web.state import public_rate_limit

router = APIRouter(include_in_schema=False)


def _login_page(request: Request, state: AnalystState, *, status: int = 200, username: str = "",
                errors: list[FieldError] | None = None, next_path: str = "") -> HTMLResponse:
    return state.pages.page(request, "login.html", status=status, title="Sign in", username=username,
                            errors=errors or [], next_path=safe_next(next_path or request.query_params.get("next")))


@router.get(LOGIN_PATH, response_class=HTMLResponse)
async def login_page(request: Request, state: AnalystStateDep) -> HTMLResponse:
    """The sign-in form."""
    return _login_page(request, state)


@router.post(LOGIN_PATH, dependencies=[Depends(public_rate_limit)])
async def login(request: Request, state: AnalystStateDep) -> Response:
    """Check the user name and password; on success open a session and go on to the page asked for."""
    form = await checked_form(request, state)
    username, password, next_path = field(form, "username"), form.get("password"), field(form, "next")
    if not username or not isinstance(password, str) or not password:
        errors = [FieldError("username", "Enter your user name and password.")]
        return _login_page(request, state, status=422, username=username, errors=errors, next_path=next_path)
    result = await run_in_threadpool(SignIn(state.store).sign_in, username, password, client_of(request))
    if result.outcome == "ok" and result.token:
        response = RedirectResponse(safe_next(next_path), status_code=303)
        set_session_cookie(response, request, state, result.token)
        return response
    if result.locked_until is not None:
        minutes = max(1, round((result.locked_until - utcnow()).total_seconds() / 60))
        message = (f"Too many failed sign-ins: this account is locked for {minutes} minute"
                   f"{'s' if minutes != 1 else ''}. Try again later, or ask an administrator to unlock it.")
        page = _login_page(request, state, status=429, username=username, errors=[FieldError("username", message)],
                           next_path=next_path)
        page.headers["Retry-After"] = str(minutes * 60)
        return page
    errors = [FieldError("username", "The user name or the password is wrong.")]
    return _login_page(request, state, status=401, username=username, errors=errors, next_path=next_path)


@router.post("/analyst/logout")
async def logout(
    request: Request, state: AnalystStateDep, account: Annotated[Account | None, Depends(current_account)],
) -> Response:
    """End the session and go back to the sign-in page."""
    await checked_form(request, state)
    await run_in_threadpool(SignIn(state.store).sign_out, request.cookies.get(COOKIE), account, client_of(request))
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    clear_session_cookie(response, request, state)
    return response

