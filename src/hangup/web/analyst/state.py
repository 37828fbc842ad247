"""What the analyst workspace holds while the app runs: its pages, the linking rules and the last
campaigns computed. Reached from routes through :func:`analyst_state`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends
from jinja2 import ChoiceLoader, PackageLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse

from hangup.cases.linkcache import CampaignCache
from hangup.cases.linkrules import LinkRules, load_rules
from hangup.cases.records import DEFAULT_CURRENCY
from hangup.cases.store import CaseStore
from hangup.config import Settings
from hangup.web.analyst import present
from hangup.web.csrf import Csrf
from hangup.web.state import AppState
from hangup.web.templating import Pages


class AnalystPages(Pages):
    """The web app's pages (same layout, CSRF tokens, language) plus the analyst templates (``analyst/...``)."""

    def __init__(self, csrf: Csrf, *, language: str) -> None:
        super().__init__(csrf, language=language)
        self.env.loader = ChoiceLoader([PackageLoader("hangup.web.analyst", "templates"), self.env.loader])  # type: ignore[list-item]
        self.env.filters.update(present.FILTERS)

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        """Render ``analyst/<name>`` with the signed-in account (``account`` in the context) and menus."""
        return self.render(request, f"analyst/{name}", status=status, **context)


@dataclass(slots=True)
class AnalystState:
    app: AppState
    pages: AnalystPages
    rules: LinkRules
    campaigns: CampaignCache = field(default_factory=CampaignCache)

    @property
    def settings(self) -> Settings:
        return self.app.settings

    @property
    def store(self) -> CaseStore:
        return self.app.require_store()

    @property
    def currency(self) -> str:
        return DEFAULT_CURRENCY[self.settings.jurisdiction]


def build_state(app_state: AppState) -> AnalystState:
    pages = AnalystPages(app_state.csrf, language=app_state.pages.language)
    return AnalystState(app_state, pages, load_rules(app_state.settings))


def analyst_state(request: Request) -> AnalystState:
    """The workspace's state (a FastAPI dependency)."""
    state: AnalystState = request.app.state.analyst
    return state


AnalystStateDep = Annotated[AnalystState, Depends(analyst_state)]
