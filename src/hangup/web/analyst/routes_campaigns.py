"""Campaigns for analysts: the list, one campaign with why its reports are linked, the shared
indicators that were not used for linking, and the forms that confirm or split links."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from hangup.cases import audit
from hangup.cases.accounts import Account
from hangup.cases.casefile import report_id
from hangup.cases.linkdecisions import decide, decisions_for, split_report, undo
from hangup.cases.linking import CHUNK, Campaign, LinkResult
from hangup.cases.models import Report
from hangup.cases.references import normalize_reference
from hangup.errors import InputError
from hangup.web.analyst.auth import AnalystDep, client_of, require_analyst
from hangup.web.analyst.forms import checked_form, field, invalid, parse_page
from hangup.web.analyst.state import AnalystState, AnalystStateDep
from hangup.web.errors import HttpError

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_analyst)])
PER_PAGE = 50


def linked(state: AnalystState) -> LinkResult:
    with state.store.session() as session:
        return state.campaigns.get(session, state.rules)


def _logged(state: AnalystState, account: Account, action: str, target: str | None, client: str | None,
            detail: dict[str, Any] | None = None) -> None:
    with state.store.session(write=True) as session:
        audit.record(session, account.username, action, target, detail, client=client)


def member_rows(state: AnalystState, campaign: Campaign) -> list[Any]:
    """The campaign's reports with their current status, newest first."""
    ids = campaign.report_ids
    rows: list[Any] = []
    with state.store.session() as session:
        for start in range(0, len(ids), CHUNK):
            rows.extend(session.execute(
                select(Report.id, Report.reference, Report.status, Report.channel, Report.area, Report.created_at,
                       Report.contacted_at, Report.money_lost, Report.amount_minor, Report.currency, Report.verdict)
                .where(Report.id.in_(ids[start:start + CHUNK]))
            ).all())
    return sorted(rows, key=lambda r: (r.contacted_at or r.created_at), reverse=True)


def campaign_or_404(result: LinkResult, key: str) -> Campaign:
    campaign = result.get(normalize_reference(key) or key)
    if campaign is None:
        raise HttpError(404, "campaign_not_found", "There is no campaign with this key: the reports may have been "
                        "split apart or linked into a larger campaign. Go back to the list of campaigns.")
    return campaign


@router.get("/analyst/campaigns", response_class=HTMLResponse)
async def campaigns(request: Request, state: AnalystStateDep, account: AnalystDep) -> HTMLResponse:
    """Every campaign, largest first."""
    result = await run_in_threadpool(linked, state)
    page = parse_page(request.query_params.get("page"))
    pages = max(1, -(-len(result.campaigns) // PER_PAGE))
    page = min(page, pages)
    shown = result.campaigns[(page - 1) * PER_PAGE: page * PER_PAGE]
    await run_in_threadpool(_logged, state, account, "view_campaigns", None, client_of(request), {"page": page})
    return state.pages.page(request, "campaigns.html", title="Campaigns", nav="campaigns", account=account,
                            result=result, shown=shown, page=page, pages=pages)


@router.get("/analyst/campaigns/unlinked", response_class=HTMLResponse)
async def unlinked(request: Request, state: AnalystStateDep, account: AnalystDep) -> HTMLResponse:
    """Indicators several reports share that do not link them (genuine, too common, or split)."""
    result = await run_in_threadpool(linked, state)
    await run_in_threadpool(_logged, state, account, "view_campaigns", "unlinked", client_of(request))
    return state.pages.page(request, "unlinked.html", title="Shared indicators not linked", nav="campaigns",
                            account=account, unlinked=result.unlinked[:500], total=len(result.unlinked))


@router.get("/analyst/campaigns/{key}", response_class=HTMLResponse)
async def campaign(request: Request, key: str, state: AnalystStateDep, account: AnalystDep) -> HTMLResponse:
    """One campaign: its figures, why its reports are linked, and its reports."""
    found = campaign_or_404(await run_in_threadpool(linked, state), key)
    rows = await run_in_threadpool(member_rows, state, found)

    def decisions() -> dict[Any, Any]:
        with state.store.session() as session:
            return decisions_for(session, [(link.kind, link.key) for link in found.links])

    made = await run_in_threadpool(decisions)
    await run_in_threadpool(_logged, state, account, "view_campaign", found.key, client_of(request),
                            {"reports": len(found.members)})
    return state.pages.page(request, "campaign.html", title=f"Campaign {found.key}", nav="campaigns",
                            account=account, campaign=found, rows=rows, decisions=made,
                            references={m.id: m.reference for m in found.members},
                            changed=request.query_params.get("changed", ""))


def _where_now(state: AnalystState, report_ids: list[int], fallback: str) -> str:
    """The campaign that now holds these reports (after a decision), or the list."""
    result = linked(state)
    for rid in report_ids:
        key = result.by_report.get(rid)
        if key:
            return f"/analyst/campaigns/{key}?changed=links"
    return fallback


def _back(back: str) -> str:
    return back if back.startswith("/analyst/") and not back.startswith("//") else "/analyst/campaigns"


@router.post("/analyst/links")
async def link_decision(request: Request, state: AnalystStateDep, account: AnalystDep) -> Response:
    """Confirm, split or undo a link on an indicator (or on one report's tie to it).

    From a campaign's page (field ``campaign``) the answer goes to the campaign its reports are in
    afterwards; otherwise back to the page named in ``back``.
    """
    form = await checked_form(request, state)
    kind, key, decision = field(form, "kind"), field(form, "key"), field(form, "decision")
    reference, reason = field(form, "report"), field(form, "reason")[:2000] or None
    if decision not in ("confirm", "split", "undo"):
        raise invalid("decision", "must be confirm, split or undo")
    before = (await run_in_threadpool(linked, state)).get(field(form, "campaign")) if field(form, "campaign") else None

    def work() -> None:
        with state.store.session(write=True) as session:
            rid = report_id(session, reference) if reference else None
            if reference and rid is None:
                raise invalid("report", "there is no report with this reference")
            if decision == "undo":
                undo(session, kind, key, actor=account.username, report_id=rid, client=client_of(request))
            else:
                decide(session, state.rules, kind, key, "confirm" if decision == "confirm" else "split",
                       actor=account.username, report_id=rid, reason=reason, client=client_of(request))

    try:
        await run_in_threadpool(work)
    except InputError as exc:
        raise invalid("key", str(exc)) from exc
    if before is not None:
        target = await run_in_threadpool(_where_now, state, before.report_ids, "/analyst/campaigns")
    else:
        target = _back(field(form, "back"))
    return RedirectResponse(target, status_code=303)


@router.post("/analyst/campaigns/{key}/split")
async def split(request: Request, key: str, state: AnalystStateDep, account: AnalystDep) -> Response:
    """Split one report out of the campaign (it stops being linked through every indicator tying it in)."""
    form = await checked_form(request, state)
    found = campaign_or_404(await run_in_threadpool(linked, state), key)
    reference, reason = field(form, "report"), field(form, "reason")[:2000] or None

    def work() -> None:
        with state.store.session(write=True) as session:
            rid = report_id(session, reference)
            if rid is None or rid not in found.report_ids:
                raise invalid("report", "this report is not part of the campaign")
            split_report(session, state.rules, found, rid, actor=account.username, reason=reason,
                         client=client_of(request))

    await run_in_threadpool(work)
    target = await run_in_threadpool(_where_now, state, found.report_ids, "/analyst/campaigns")
    return RedirectResponse(target, status_code=303)
