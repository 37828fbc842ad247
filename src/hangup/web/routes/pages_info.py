"""Plain pages: about and privacy, accessibility, and the live call page."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from hangup.web.state import StateDep

router = APIRouter(include_in_schema=False)


@router.get("/about", response_class=HTMLResponse)
async def about(request: Request, state: StateDep) -> HTMLResponse:
    return state.pages.render(request, "about.html", nav="about")


@router.get("/call", response_class=HTMLResponse)
async def call(request: Request, state: StateDep) -> HTMLResponse:
    """Live call protection in the browser: the microphone streamed to /ws/call (needs JavaScript)."""
    return state.pages.render(request, "call.html", nav="call")


@router.get("/accessibility", response_class=HTMLResponse)
async def accessibility(request: Request, state: StateDep) -> HTMLResponse:
    return state.pages.render(request, "accessibility.html")


@router.get("/favicon.ico")
async def favicon() -> RedirectResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the API docs page)."""
    return RedirectResponse("/static/favicon.svg", status_code=301)
