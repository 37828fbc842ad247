"""Sharing, for analysts: a campaign or a period as CSV, JSON, a STIX 2.1 bundle, a MISP event, or a
feed of scam phone numbers. The files come from :mod:`hangup.cases.exports` (which leaves out the
victims' personal data); every download is written to the audit log."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from hangup.cases import audit
from hangup.cases.accounts import Account
from hangup.cases.exports.formats import FORMATS, RenderedExport, render_export
from hangup.cases.exports.selection import build_export, make_selection
from hangup.errors import ExportError
from hangup.web.analyst.auth import AnalystDep, client_of, require_analyst
from hangup.web.analyst.evidence import download_name
from hangup.web.analyst.forms import invalid, parse_day
from hangup.web.analyst.routes_campaigns import campaign_or_404, linked
from hangup.web.analyst.state import AnalystState, AnalystStateDep

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_analyst)])
FORMAT_NAMES = {
    "csv": "Reports (CSV)", "csv-indicators": "Indicators (CSV)", "json": "Reports and indicators (JSON)",
    "stix": "STIX 2.1 bundle", "misp": "MISP event", "phone-feed": "Scam phone numbers for call blocking (CSV)",
    "phone-list": "Scam phone numbers, one a line",
}


def _export(state: AnalystState, account: Account, client: str | None, fmt: str, what: str,
            report_ids: list[int] | None = None, since: date | None = None, until: date | None = None) -> Response:
    if fmt not in FORMATS:
        raise invalid("format", f"must be one of {', '.join(FORMATS)}")
    try:
        selection = make_selection(since=since, until=until, report_ids=report_ids)
        data = build_export(state.store, selection, state.settings)
        out: RenderedExport = render_export(data, fmt, state.settings)
    except ExportError as exc:
        raise invalid("format", str(exc)) from exc
    detail = {"format": fmt, "reports": len(data.reports), "withheld": data.withheld,
              "since": since.isoformat() if since else None, "until": until.isoformat() if until else None}
    with state.store.session(write=True) as session:
        audit.record(session, account.username, "export", what, detail, client=client)
    name = f"hangup-{what.replace(':', '-')}-{out.filename}"
    return Response(out.text, media_type=out.media_type, headers={"Content-Disposition": download_name(name)})


@router.get("/analyst/exports", response_class=HTMLResponse)
async def exports_page(request: Request, state: AnalystStateDep, account: AnalystDep) -> HTMLResponse:
    """Choose a period and a format; campaigns are exported from their own pages."""
    return state.pages.page(request, "exports.html", title="Share indicators", nav="exports", account=account,
                            formats=FORMAT_NAMES)


@router.get("/analyst/exports/download")
async def export_period(request: Request, state: AnalystStateDep, account: AnalystDep) -> Response:
    """The reports filed in a period, in one format."""
    params = request.query_params
    since, until = parse_day(params.get("since"), "since"), parse_day(params.get("until"), "until")
    if since is None:
        raise invalid("since", "choose the first day of the period")
    fmt = params.get("format", "")
    return await run_in_threadpool(_export, state, account, client_of(request), fmt, f"period:{since.isoformat()}",
                                   None, since, until)


@router.get("/analyst/campaigns/{key}/export/{fmt}")
async def export_campaign(request: Request, key: str, fmt: str, state: AnalystStateDep,
                          account: AnalystDep) -> Response:
    """One campaign's reports, in one format."""
    found = campaign_or_404(await run_in_threadpool(linked, state), key)
    return await run_in_threadpool(_export, state, account, client_of(request), fmt, f"campaign:{found.key}",
                                   found.report_ids)
