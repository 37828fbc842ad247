"""What the app holds while it runs: settings, the one engine, the case store, forms and limits.

Built by :func:`hangup.web.create_app`; routes reach it through :func:`get_state`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends
from starlette.requests import Request

from hangup.advice import AdvicePack
from hangup.config import Settings
from hangup.web.checking import Checker
from hangup.web.csrf import Csrf
from hangup.web.errors import HttpError, rate_limited
from hangup.web.ratelimit import RateLimiter
from hangup.web.templating import Pages

if TYPE_CHECKING:
    from hangup.cases.store import CaseStore


@dataclass(slots=True)
class AppState:
    settings: Settings
    pack: AdvicePack  # the jurisdiction's advice and where to report
    checker: Checker
    pages: Pages
    csrf: Csrf
    limiter: RateLimiter
    store: CaseStore | None = None  # opened when the app starts serving

    def require_store(self) -> CaseStore:
        """The case store, or a 503 when it is not open."""
        if self.store is None:
            raise HttpError(503, "store_unavailable", "Reports cannot be saved or read right now. "
                            "Please try again later.")
        return self.store


def get_state(request: Request) -> AppState:
    """The app's state (a FastAPI dependency)."""
    state: AppState = request.app.state.hangup
    return state


StateDep = Annotated[AppState, Depends(get_state)]


async def public_rate_limit(request: Request) -> None:
    """Count a public POST against the client's per-minute allowance; 429 with Retry-After past it."""
    state = get_state(request)
    client = request.client.host if request.client else "unknown"
    wait = state.limiter.hit(client)
    if wait is not None:
        raise rate_limited(wait)
