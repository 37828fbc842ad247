"""The web app: ``create_app(settings)`` builds it; ``hangup serve`` runs it on uvicorn.

Nothing happens at import time. ``create_app`` loads the engine (so a bad rule file stops the
server before it listens) and the app opens the case store when it starts serving.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from hangup import __version__
from hangup.advice import load_pack
from hangup.calls.ws import call_router
from hangup.cases.store import CaseStore
from hangup.config import Settings, load_settings
from hangup.detect.engine import Engine
from hangup.web import handlers
from hangup.web.analyst import install as install_analyst
from hangup.web.assets import docs_assets, static_dir
from hangup.web.checking import Checker
from hangup.web.csrf import Csrf
from hangup.web.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from hangup.web.openapi import build_openapi
from hangup.web.ratelimit import RateLimiter
from hangup.web.routes import ROUTERS
from hangup.web.state import AppState
from hangup.web.templating import Pages

logger = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, store: CaseStore | None = None,
    open_store: bool = True,
) -> FastAPI:
    """The hangup web app.

    ``settings`` default to :func:`~hangup.config.load_settings` (environment and config file).
    ``engine`` and ``store`` may be given (tests share them); otherwise the app builds one engine and
    opens the store the settings name when it starts (``open_store=False``: run without reports).
    """
    settings = settings or load_settings()
    engine = engine or Engine(settings)
    pack = load_pack(settings.jurisdiction)
    csrf = Csrf(settings.web_secret_key)
    pages = Pages(csrf, language=pack.language)
    state = AppState(settings, pack, Checker(engine, settings), pages, csrf, RateLimiter(settings.web_rate_limit),
                     store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        opened: CaseStore | None = None
        if state.store is None and open_store:
            opened = await run_in_threadpool(CaseStore.open, settings, engine=engine)
            state.store = opened
        try:
            yield
        finally:
            if opened is not None:
                state.store = None
                opened.close()

    app = FastAPI(
        title="hangup", version=__version__, docs_url=None, redoc_url=None, openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.hangup = state
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    render = handlers.ErrorRenderer(pages)
    handlers.install(app, render)
    # Added last = outermost: the security headers also go on the size limit's 413s.
    app.add_middleware(BodyLimitMiddleware, limit=settings.web_max_request_bytes, render=render)
    app.add_middleware(SecurityHeadersMiddleware)
    assets = docs_assets()
    if assets is not None:
        app.mount("/static/docs", StaticFiles(directory=assets), name="docs-static")
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    for router in ROUTERS:
        app.include_router(router)
    install_analyst(app)  # the analyst workspace: /analyst and /api/v1/analyst
    app.include_router(call_router(settings, engine))  # call protection: /ws/call (docs/call-protocol.md)
    return app
