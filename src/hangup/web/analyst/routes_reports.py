"""Reports for analysts: the home page, the list with search and filters, one report with its
evidence, verdicts and indicators, its status and notes, and evidence downloads."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from hangup.cases import audit
from hangup.cases.accounts import Account
from hangup.cases.casefile import CaseFile, load_casefile, load_evidence
from hangup.cases.casework import add_note, set_status
from hangup.cases.references import normalize_reference
from hangup.cases.schema import CHANNELS, STATUSES
from hangup.cases.search import ReportFilter, ReportPage, filter_choices, find_reports
from hangup.cases.stats import StatsQuery, compute
from hangup.errors import InputError, ReportNotFound
from hangup.web.analyst.auth import AnalystDep, client_of, require_analyst
from hangup.web.analyst.evidence import evidence_response
from hangup.web.analyst.forms import checked_form, field, report_filter
from hangup.web.analyst.state import AnalystState, AnalystStateDep
from hangup.web.errors import FieldError, HttpError

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_analyst)])


def not_found() -> HttpError:
    return HttpError(404, "report_not_found", "There is no report with this reference.")


def _filter_detail(f: ReportFilter) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(f).items()
            if v not in ("", None) and k != "page"}


def list_page(state: AnalystState, f: ReportFilter, account: Account, client: str | None) -> tuple[
    ReportPage, dict[str, list[tuple[str, str]]]
]:
    """A page of reports (and the filter choices), logged as viewed."""
    with state.store.session() as session:
        page = find_reports(session, state.rules, f, page_size=state.settings.analyst_page_size,
                            region=state.settings.phone_region)
        choices = filter_choices(session)
    with state.store.session(write=True) as session:
        audit.record(session, account.username, "list_reports", None,
                     {**_filter_detail(f), "page": page.page, "shown": [line.reference for line in page.lines]},
                     client=client)
    return page, choices


def case_file(state: AnalystState, reference: str, account: Account, client: str | None) -> CaseFile:
    """The report's case file, logged as viewed; 404 when there is none."""
    with state.store.session() as session:
        found = load_casefile(session, state.rules, reference)
    if found is None:
        raise not_found()
    with state.store.session(write=True) as session:
        audit.record(session, account.username, "view_report", found.reference, client=client)
    return found


def campaign_of(state: AnalystState, report_id: int) -> str | None:
    with state.store.session() as session:
        return state.campaigns.get(session, state.rules).by_report.get(report_id)


@router.get("/analyst", response_class=HTMLResponse)
async def home(request: Request, state: AnalystStateDep, account: AnalystDep) -> HTMLResponse:
    """The start page: what came in lately and the largest campaigns."""

    def work() -> dict[str, Any]:
        week_ago = datetime.now(UTC).date() - timedelta(days=6)
        with state.store.session() as session:
            figures = compute(session, StatsQuery(week_ago), state.currency)
            new = find_reports(session, state.rules, ReportFilter(status="new"), page_size=5,
                               region=state.settings.phone_region)
            campaigns = state.campaigns.get(session, state.rules).campaigns[:5]
        return {"figures": figures, "new": new, "campaigns": campaigns}

    return state.pages.page(request, "home.html", title="Analyst workspace", nav="home", account=account,
                            **await run_in_threadpool(work))


@router.get("/analyst/reports", response_class=HTMLResponse)
async def reports(request: Request, state: AnalystStateDep, account: AnalystDep) -> HTMLResponse:
    """Reports, newest first, with full-text search and filters."""
    f = report_filter(request.query_params)
    page, choices = await run_in_threadpool(list_page, state, f, account, client_of(request))
    query = {k: v for k, v in request.query_params.items() if k != "page" and v}
    return state.pages.page(request, "reports.html", title="Reports", nav="reports", account=account, page=page,
                            f=f, query=query, choices=choices, channels=CHANNELS, statuses=STATUSES)


@router.get("/analyst/reports/{reference}", response_class=HTMLResponse)
async def report(request: Request, reference: str, state: AnalystStateDep, account: AnalystDep) -> HTMLResponse:
    """One report: facts, contact details, evidence, verdicts, indicators, notes; status and note forms."""
    found = await run_in_threadpool(case_file, state, reference, account, client_of(request))
    campaign = await run_in_threadpool(campaign_of, state, found.id)
    return state.pages.page(request, "report.html", title=f"Report {found.reference}", nav="reports",
                            account=account, case=found, campaign=campaign, statuses=STATUSES,
                            changed=request.query_params.get("changed", ""))


def _changed(reference: str, what: str) -> RedirectResponse:
    return RedirectResponse(f"/analyst/reports/{reference}?changed={what}", status_code=303)


@router.post("/analyst/reports/{reference}/status")
async def change_status(request: Request, reference: str, state: AnalystStateDep, account: AnalystDep) -> Response:
    """Give the report a new status (new, reviewed, linked, closed)."""
    form = await checked_form(request, state)

    def work() -> None:
        with state.store.session(write=True) as session:
            set_status(session, reference, field(form, "status"), actor=account.username, client=client_of(request))

    await _run(work)
    return _changed(normalize_reference(reference) or reference, "status")


@router.post("/analyst/reports/{reference}/notes")
async def note(request: Request, reference: str, state: AnalystStateDep, account: AnalystDep) -> Response:
    """Add a note to the report."""
    form = await checked_form(request, state)

    def work() -> None:
        with state.store.session(write=True) as session:
            add_note(session, reference, field(form, "note"), actor=account.username, client=client_of(request))

    await _run(work, field_name="note")
    return _changed(normalize_reference(reference) or reference, "note")


async def _run(work: Any, field_name: str = "status") -> None:
    try:
        await run_in_threadpool(work)
    except ReportNotFound as exc:
        raise not_found() from exc
    except InputError as exc:
        message = str(exc)
        raise HttpError(422, "invalid_input", message[:1].upper() + message[1:] + ".",
                        [FieldError(field_name, message)]) from exc


@router.get("/analyst/reports/{reference}/evidence/{attachment_id}")
async def evidence(
    request: Request, reference: str, attachment_id: int, state: AnalystStateDep, account: AnalystDep,
) -> Response:
    """One evidence file, as a download."""

    def work() -> Response:
        with state.store.session() as session:
            file = load_evidence(session, reference, attachment_id)
        if file is None:
            raise HttpError(404, "evidence_not_found", "There is no such evidence file, or its contents were "
                            "deleted under the retention policy.")
        with state.store.session(write=True) as session:
            audit.record(session, account.username, "download_evidence", normalize_reference(reference),
                         {"attachment": attachment_id, "filename": file.filename}, client=client_of(request))
        return evidence_response(file)

    return await run_in_threadpool(work)
