"""GET /api/v1/health: is the app up, which engine it runs, and can it reach the case store."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from hangup import __version__
from hangup.web.api_models import HealthOut
from hangup.web.state import StateDep

router = APIRouter(prefix="/api/v1", tags=["health"])


@router.get("/health", summary="Health check", response_model=HealthOut)
async def health(state: StateDep) -> HealthOut:
    """`ok` when the engine is loaded and the case store answers at the newest schema; `degraded` otherwise."""
    store_ok = state.store is not None and await run_in_threadpool(state.store.healthy)
    return HealthOut(
        status="ok" if store_ok else "degraded",
        version=__version__,
        engine_version=state.checker.engine.version,
        store="ok" if store_ok else "unavailable",
    )
