"""API documentation served from this machine: Swagger UI (assets from a local package) and a plain page.

/docs needs JavaScript (Swagger UI); /api is a server-rendered list of every endpoint that needs none.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from hangup.web.assets import docs_assets
from hangup.web.openapi import build_openapi, operations
from hangup.web.state import StateDep

router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def swagger(request: Request, state: StateDep) -> Response:
    """Swagger UI, or the plain page when its assets are not installed."""
    if docs_assets() is None:
        return RedirectResponse("/api", status_code=307)
    return state.pages.render(request, "docs.html", title="API documentation")


@router.get("/api", response_class=HTMLResponse)
async def api_reference(request: Request, state: StateDep) -> HTMLResponse:
    """Every endpoint, its parameters and answers, on a plain page."""
    schema = build_openapi(request.app)
    return state.pages.render(
        request, "api.html", title="API reference", operations=operations(schema), info=schema["info"],
        interactive=docs_assets() is not None,
    )
