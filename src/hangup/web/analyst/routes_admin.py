"""Administration (admins only): accounts, retention of personal data, deleting one reporter's
personal data on request, and the audit log. Every route here is under ``/analyst/admin``."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from hangup.cases import audit, retention
from hangup.cases.accounts import ROLES, Accounts
from hangup.cases.references import normalize_reference
from hangup.errors import AccountError, ReportNotFound
from hangup.web.analyst.auth import AdminDep, client_of, require_admin
from hangup.web.analyst.forms import checked_form, field, parse_page
from hangup.web.analyst.state import AnalystStateDep
from hangup.web.errors import FieldError, HttpError

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_admin)])
AUDIT_PAGE = 100


def _done(path: str, what: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?done={what}", status_code=303)


@router.get("/analyst/admin/users", response_class=HTMLResponse)
async def users(request: Request, state: AnalystStateDep, account: AdminDep) -> HTMLResponse:
    """The accounts, with forms to add, reset, unlock and remove."""

    def work() -> list[object]:
        with state.store.session(write=True) as session:
            audit.record(session, account.username, "view_users", None, client=client_of(request))
        return list(Accounts(state.store).list_all())

    return state.pages.page(request, "users.html", title="Accounts", nav="users", account=account,
                            accounts=await run_in_threadpool(work), roles=ROLES,
                            done=request.query_params.get("done", ""),
                            min_length=state.settings.analyst_min_password_length)


async def _account_change(request: Request, state: AnalystStateDep, account: AdminDep, action: str,
                          username: str = "") -> Response:
    form = await checked_form(request, state)
    name = username or field(form, "username")
    password = form.get("password")
    accounts = Accounts(state.store)
    actor = account.username

    def work() -> None:
        if action == "add":
            accounts.add(name, password if isinstance(password, str) else "", field(form, "role"), actor=actor)
        elif action == "reset":
            accounts.reset_password(name, password if isinstance(password, str) else "", actor=actor)
        elif action == "unlock":
            accounts.unlock(name, actor=actor)
        else:
            if name == actor:
                raise AccountError("you cannot remove your own account")
            accounts.remove(name, actor=actor)

    try:
        await run_in_threadpool(work)
    except AccountError as exc:
        message = str(exc)
        raise HttpError(422, "invalid_input", message[:1].upper() + message[1:] + ".",
                        [FieldError("username", message)]) from exc
    return _done("/analyst/admin/users", action)


@router.post("/analyst/admin/users")
async def add_user(request: Request, state: AnalystStateDep, account: AdminDep) -> Response:
    """Add an account."""
    return await _account_change(request, state, account, "add")


@router.post("/analyst/admin/users/{username}/reset")
async def reset_user(request: Request, username: str, state: AnalystStateDep, account: AdminDep) -> Response:
    """Set a new password, unlock, and sign the account out everywhere."""
    return await _account_change(request, state, account, "reset", username)


@router.post("/analyst/admin/users/{username}/unlock")
async def unlock_user(request: Request, username: str, state: AnalystStateDep, account: AdminDep) -> Response:
    """Forget the failed sign-ins of an account."""
    return await _account_change(request, state, account, "unlock", username)


@router.post("/analyst/admin/users/{username}/remove")
async def remove_user(request: Request, username: str, state: AnalystStateDep, account: AdminDep) -> Response:
    """Remove an account."""
    return await _account_change(request, state, account, "remove", username)


@router.get("/analyst/admin/retention", response_class=HTMLResponse)
async def retention_page(request: Request, state: AnalystStateDep, account: AdminDep) -> HTMLResponse:
    """What the retention policy would delete now (a dry run), with the button that deletes it."""
    plan = await run_in_threadpool(retention.plan, state.store)
    return state.pages.page(request, "retention.html", title="Retention of personal data", nav="retention",
                            account=account, plan=plan, settings=state.settings,
                            done=request.query_params.get("done", ""))


@router.post("/analyst/admin/retention")
async def purge(request: Request, state: AnalystStateDep, account: AdminDep) -> Response:
    """Delete the personal data past its retention period (the case facts stay)."""
    await checked_form(request, state)
    await run_in_threadpool(lambda: retention.purge(state.store, actor=account.username, client=client_of(request)))
    return _done("/analyst/admin/retention", "purged")


@router.post("/analyst/admin/reports/{reference}/forget")
async def forget(request: Request, reference: str, state: AnalystStateDep, account: AdminDep) -> Response:
    """Delete one reporter's contact details now, on their request."""
    await checked_form(request, state)
    canonical = normalize_reference(reference)

    def work() -> None:
        deleted = state.store.delete_personal_data(reference)
        with state.store.session(write=True) as session:
            audit.record(session, account.username, "delete_personal_data", canonical, {"deleted": deleted},
                         client=client_of(request))

    try:
        await run_in_threadpool(work)
    except ReportNotFound as exc:
        raise HttpError(404, "report_not_found", "There is no report with this reference.") from exc
    return RedirectResponse(f"/analyst/reports/{canonical}?changed=personal_data", status_code=303)


@router.get("/analyst/admin/audit", response_class=HTMLResponse)
async def audit_page(request: Request, state: AnalystStateDep, account: AdminDep) -> HTMLResponse:
    """The audit log, newest first, filtered by user, action or target."""
    params = request.query_params
    username, action, target = (params.get(k, "")[:200].strip() for k in ("username", "action", "target"))
    page = parse_page(params.get("page"))

    def work() -> tuple[list[audit.AuditItem], int]:
        with state.store.session() as session:
            found = audit.entries(session, username=username, action=action, target=target, limit=AUDIT_PAGE,
                                  offset=(page - 1) * AUDIT_PAGE)
        with state.store.session(write=True) as session:
            audit.record(session, account.username, "view_audit", None,
                         {k: v for k, v in (("username", username), ("action", action), ("target", target)) if v},
                         client=client_of(request))
        return found

    items, total = await run_in_threadpool(work)
    return state.pages.page(request, "audit.html", title="Audit log", nav="audit", account=account, items=items,
                            total=total, page=page, pages=max(1, -(-total // AUDIT_PAGE)), actions=audit.ACTIONS,
                            filters={"username": username, "action": action, "target": target},
                            query={k: v for k, v in (("username", username), ("action", action),
                                                     ("target", target)) if v})
