"""The analyst workspace: police and fraud analysts sign in to read and work reports, see
campaigns and statistics, and (admins) manage accounts and retention.

``install(app)`` adds it to the web app built by :func:`hangup.web.create_app`: the routes under
``/analyst`` and ``/api/v1/analyst``, the stylesheet under ``/analyst/static``, and the handler
that sends a browser without a session to the sign-in page. Accounts are made with
``hangup users add``. See docs/analyst.md.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

__all__ = ["install"]


def install(app: FastAPI) -> None:
    """Mount the analyst workspace on the hangup web app (after ``create_app`` set ``app.state.hangup``)."""
    from hangup.web.analyst.auth import LoginRequired, login_required_handler  # noqa: PLC0415
    from hangup.web.analyst.routes import ROUTERS  # noqa: PLC0415
    from hangup.web.analyst.state import build_state  # noqa: PLC0415
    from hangup.web.handlers import ErrorRenderer  # noqa: PLC0415

    state = build_state(app.state.hangup)
    app.state.analyst = state
    app.add_exception_handler(LoginRequired, login_required_handler(ErrorRenderer(state.app.pages)))
    static = Path(str(resources.files("hangup.web.analyst").joinpath("static")))
    app.mount("/analyst/static", StaticFiles(directory=static), name="analyst-static")
    for router in ROUTERS:
        app.include_router(router)
