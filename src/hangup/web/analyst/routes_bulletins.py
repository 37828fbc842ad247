"""Public warning bulletins, for analysts: draft one for an area and period from the statistics,
edit it (one box per part, one paragraph or point a line), approve it, and download it as plain
text, HTML or Markdown. The bulletins themselves are :mod:`hangup.cases.bulletins`."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from hangup.cases import audit
from hangup.cases.accounts import Account
from hangup.cases.bulletincontent import BulletinContent
from hangup.cases.bulletins import (
    BULLETIN_FORMATS,
    BulletinRecord,
    BulletinRequest,
    approve_bulletin,
    draft_bulletin,
    get_bulletin,
    list_bulletins,
    render,
    save_draft,
)
from hangup.errors import BulletinConflict, BulletinError, BulletinNotFound
from hangup.web.analyst.auth import AnalystDep, client_of, require_analyst
from hangup.web.analyst.evidence import download_name
from hangup.web.analyst.forms import checked_form, field, parse_day
from hangup.web.analyst.state import AnalystState, AnalystStateDep
from hangup.web.errors import FieldError, HttpError

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_analyst)])
_HEADING = re.compile(r"<(/?)h([1-6])\b")
LISTS = ("summary", "tactics", "advice", "report", "closing")
LINES = ("issuer", "headline", "tactics_heading", "advice_heading", "report_heading")
MEDIA = {"text": ("text/plain; charset=utf-8", "txt"), "html": ("text/html; charset=utf-8", "html"),
         "md": ("text/markdown; charset=utf-8", "md")}


def _error(exc: Exception) -> HttpError:
    if isinstance(exc, BulletinNotFound):
        return HttpError(404, "bulletin_not_found", "There is no bulletin with this number.")
    if isinstance(exc, BulletinConflict):
        return HttpError(409, "bulletin_changed", f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
    if isinstance(exc, ValidationError):
        details = [FieldError(".".join(str(p) for p in e["loc"]), str(e["msg"]).removeprefix("Value error, "))
                   for e in exc.errors()]
        return HttpError(422, "invalid_input", "Some parts of the bulletin are not valid.", details)
    return HttpError(422, "invalid_input", f"{str(exc)[:1].upper()}{str(exc)[1:]}.")


async def _call(work: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return await run_in_threadpool(work, *args, **kwargs)
    except (BulletinError, ValidationError) as exc:
        raise _error(exc) from exc


def _nested(html: str) -> str:
    """The bulletin's HTML one heading level down, to sit under the page's own headings."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)


def _log(state: AnalystState, account: Account, action: str, bulletin_id: int, client: str | None,
         detail: dict[str, Any] | None = None) -> None:
    with state.store.session(write=True) as session:
        audit.record(session, account.username, action, f"bulletin:{bulletin_id}", detail, client=client)


def _content(form: FormData, record: BulletinRecord) -> BulletinContent:
    values: dict[str, Any] = record.content.model_dump(mode="json")
    for name in LINES:
        values[name] = field(form, name)
    for name in LISTS:
        values[name] = [line.strip() for line in field(form, name).splitlines() if line.strip()]
    return BulletinContent.model_validate(values)


@router.get("/analyst/bulletins", response_class=HTMLResponse)
async def bulletins(request: Request, state: AnalystStateDep, account: AnalystDep) -> HTMLResponse:
    """Bulletins drafted so far, and the form to draft one."""
    listed = await _call(list_bulletins, state.store)
    return state.pages.page(request, "bulletins.html", title="Public warning bulletins", nav="bulletins",
                            account=account, bulletins=listed)


@router.post("/analyst/bulletins")
async def draft(request: Request, state: AnalystStateDep, account: AnalystDep) -> Response:
    """Draft a bulletin for an area and period from the statistics."""
    form = await checked_form(request, state)
    since = parse_day(field(form, "since"), "since")
    if since is None:
        raise HttpError(422, "invalid_input", "Choose the first day of the period.",
                        [FieldError("since", "choose the first day of the period")])
    wanted = BulletinRequest(area=field(form, "area"), since=since, until=parse_day(field(form, "until"), "until"),
                             area_name=field(form, "area_name"))
    record: BulletinRecord = await _call(draft_bulletin, state.store, wanted, by=account.username,
                                         settings=state.settings)
    await run_in_threadpool(_log, state, account, "bulletin_draft", record.id, client_of(request),
                            {"area": record.area, "since": record.since.isoformat(), "reports": record.figures.reports})
    return RedirectResponse(f"/analyst/bulletins/{record.id}", status_code=303)


@router.get("/analyst/bulletins/{bulletin_id}", response_class=HTMLResponse)
async def bulletin(request: Request, bulletin_id: int, state: AnalystStateDep, account: AnalystDep) -> HTMLResponse:
    """One bulletin: the figures it was drafted from, its text to edit, a preview, its versions."""
    record: BulletinRecord = await _call(get_bulletin, state.store, bulletin_id)
    await run_in_threadpool(_log, state, account, "view_bulletin", bulletin_id, client_of(request))
    preview = _nested(render(record.content, "html", full_document=False))
    return state.pages.page(request, "bulletin.html", title=f"Bulletin {record.id}", nav="bulletins",
                            account=account, record=record, preview=preview, formats=BULLETIN_FORMATS,
                            lists=LISTS, done=request.query_params.get("done", ""))


@router.post("/analyst/bulletins/{bulletin_id}")
async def save(request: Request, bulletin_id: int, state: AnalystStateDep, account: AnalystDep) -> Response:
    """Save the edited text as a new version."""
    form = await checked_form(request, state)
    record: BulletinRecord = await _call(get_bulletin, state.store, bulletin_id)
    try:
        content = _content(form, record)
        expected = int(field(form, "version") or 0) or None
    except (ValidationError, ValueError) as exc:
        raise _error(exc) from exc
    saved: BulletinRecord = await _call(save_draft, state.store, bulletin_id, content, by=account.username,
                                        expected_version=expected)
    await run_in_threadpool(_log, state, account, "bulletin_save", bulletin_id, client_of(request),
                            {"version": saved.version})
    return RedirectResponse(f"/analyst/bulletins/{bulletin_id}?done=saved", status_code=303)


@router.post("/analyst/bulletins/{bulletin_id}/approve")
async def approve(request: Request, bulletin_id: int, state: AnalystStateDep, account: AnalystDep) -> Response:
    """Approve the version shown (refused if another was saved meanwhile)."""
    form = await checked_form(request, state)
    try:
        expected = int(field(form, "version") or 0) or None
    except ValueError as exc:
        raise _error(exc) from exc
    approved: BulletinRecord = await _call(approve_bulletin, state.store, bulletin_id, by=account.username,
                                           expected_version=expected)
    await run_in_threadpool(_log, state, account, "bulletin_approve", bulletin_id, client_of(request),
                            {"version": approved.version})
    return RedirectResponse(f"/analyst/bulletins/{bulletin_id}?done=approved", status_code=303)


@router.get("/analyst/bulletins/{bulletin_id}/download/{fmt}")
async def download(request: Request, bulletin_id: int, fmt: str, state: AnalystStateDep,
                   account: AnalystDep) -> Response:
    """The approved text (or, before approval, the draft) as plain text, HTML or Markdown."""
    if fmt not in MEDIA:
        raise HttpError(404, "not_found", "There is no such format: use text, html or md.")
    record: BulletinRecord = await _call(get_bulletin, state.store, bulletin_id)
    content = record.approved or record.content
    state_word = "approved" if record.approved else "draft"
    await run_in_threadpool(_log, state, account, "export", bulletin_id, client_of(request),
                            {"format": fmt, "text": state_word})
    media, ending = MEDIA[fmt]
    name = f"hangup-bulletin-{record.id}-{state_word}.{ending}"
    return Response(render(content, fmt), media_type=media, headers={"Content-Disposition": download_name(name)})
