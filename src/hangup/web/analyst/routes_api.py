"""The analysts' JSON API (read-only; the session cookie of a signed-in analyst): reports,
one report, campaigns, one campaign, statistics, and (admins) the audit log. Every read is
written to the audit log, as on the pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from hangup.cases import audit
from hangup.cases.linking import Campaign
from hangup.cases.stats import StatsQuery
from hangup.web.analyst.auth import AdminDep, AnalystDep, client_of, require_admin, require_analyst
from hangup.web.analyst.forms import parse_page, report_filter, stats_period
from hangup.web.analyst.routes_campaigns import campaign_or_404, linked, member_rows
from hangup.web.analyst.routes_reports import case_file, list_page
from hangup.web.analyst.routes_stats import figures
from hangup.web.analyst.state import AnalystStateDep

PREFIX = "/api/v1/analyst"
router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(require_analyst)])
admin_router = APIRouter(prefix=f"{PREFIX}/admin", include_in_schema=False, dependencies=[Depends(require_admin)])
PER_PAGE = 100


def _json(value: Any) -> Any:
    """Dataclasses, dates and pydantic models as JSON-ready values."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "__dataclass_fields__"):
        return {k: _json(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _campaign(c: Campaign) -> dict[str, Any]:
    return {
        "key": c.key, "reports": len(c.members), "first_seen": c.first_seen.isoformat(),
        "last_seen": c.last_seen.isoformat(), "money_lost": c.money_lost_count, "losses_minor": c.losses,
        "links": [{"type": link.kind, "value": link.key, "reports": len(link.report_ids), "confirmed": link.confirmed}
                  for link in c.links],
    }


@router.get("/reports")
async def reports(request: Request, state: AnalystStateDep, account: AnalystDep) -> dict[str, Any]:
    """Reports matching the same query parameters as the report list page."""
    f = report_filter(request.query_params)
    page, _ = await run_in_threadpool(list_page, state, f, account, client_of(request))
    return {"total": page.total, "page": page.page, "pages": page.pages, "search": page.notes,
            "reports": [_json(line) for line in page.lines]}


@router.get("/reports/{reference}")
async def report(request: Request, reference: str, state: AnalystStateDep, account: AnalystDep) -> dict[str, Any]:
    """One report's case file (contact details included when held)."""
    found = await run_in_threadpool(case_file, state, reference, account, client_of(request))
    return dict(_json(found))


@router.get("/campaigns")
async def campaigns(request: Request, state: AnalystStateDep, account: AnalystDep) -> dict[str, Any]:
    """Campaigns, largest first (``page``: 100 per page)."""
    result = await run_in_threadpool(linked, state)
    page = parse_page(request.query_params.get("page"))
    shown = result.campaigns[(page - 1) * PER_PAGE: page * PER_PAGE]

    def log() -> None:
        with state.store.session(write=True) as session:
            audit.record(session, account.username, "view_campaigns", None, {"page": page}, client=client_of(request))

    await run_in_threadpool(log)
    return {"total": len(result.campaigns), "page": page, "campaigns": [_campaign(c) for c in shown],
            "unlinked": [_json(u) for u in result.unlinked[:100]]}


@router.get("/campaigns/{key}")
async def campaign(request: Request, key: str, state: AnalystStateDep, account: AnalystDep) -> dict[str, Any]:
    """One campaign, with why its reports are linked and each report's status."""
    found = campaign_or_404(await run_in_threadpool(linked, state), key)
    rows = await run_in_threadpool(member_rows, state, found)

    def log() -> None:
        with state.store.session(write=True) as session:
            audit.record(session, account.username, "view_campaign", found.key, client=client_of(request))

    await run_in_threadpool(log)
    members = [{"reference": r.reference, "status": r.status, "channel": r.channel,
                "reported_at": r.created_at.isoformat(),
                "contacted_at": r.contacted_at.isoformat() if r.contacted_at else None,
                "money_lost": r.money_lost, "amount_minor": r.amount_minor, "currency": r.currency} for r in rows]
    return {**_campaign(found), "members": members}


@router.get("/stats")
async def stats(request: Request, state: AnalystStateDep, account: AnalystDep) -> dict[str, Any]:
    """The statistics page's figures (``since``, ``until``, ``area``)."""
    since, until, area = stats_period(request.query_params)
    result = await run_in_threadpool(figures, state, StatsQuery(since, until, area), account, client_of(request))
    return dict(_json(result))


@admin_router.get("/audit")
async def audit_log(request: Request, state: AnalystStateDep, account: AdminDep) -> dict[str, Any]:
    """The audit log, newest first (``username``, ``action``, ``target``, ``page``)."""
    params = request.query_params
    page = parse_page(params.get("page"))

    def work() -> tuple[list[audit.AuditItem], int]:
        with state.store.session() as session:
            found = audit.entries(session, username=params.get("username", ""), action=params.get("action", ""),
                                  target=params.get("target", ""), limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
        with state.store.session(write=True) as session:
            audit.record(session, account.username, "view_audit", None, {"api": True}, client=client_of(request))
        return found

    items, total = await run_in_threadpool(work)
    return {"total": total, "page": page, "entries": [_json(i) for i in items]}
