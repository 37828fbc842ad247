"""The report pages: the intake form (blank or filled in from a check), the receipt, and adding information."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from fastapi import APIRouter, Depends
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse

from hangup.cases.attachments import AttachmentPolicy
from hangup.cases.schema import AttachmentIn, InformationIn
from hangup.errors import AttachmentRejected, InputError, ReportNotFound
from hangup.web.csrf import FIELD
from hangup.web.errors import FieldError
from hangup.web.reportform import (
    AGE_BANDS,
    CHANNELS,
    CURRENCIES,
    PAYMENT_METHODS,
    REMOTE_TOOLS,
    YES_NO,
    first_message,
    form_values,
    parse_report_form,
)
from hangup.web.state import AppState, StateDep, public_rate_limit
from hangup.web.uploads import files_in, read_form, read_upload, text_field

router = APIRouter(include_in_schema=False)

STATUSES = {"new": "Received", "reviewed": "Read by the fraud team", "linked": "Linked to other reports",
            "closed": "Closed"}
VERDICTS = {"scam": "It looks like a scam", "suspicious": "It could be a scam", "not_scam": "No signs of a scam found"}
AREA_HINT = {"uk": "The first part of the postcode (for example SW1A), or the county.",
             "us": "The ZIP code, or the county and state."}
KIND_OF_CHANNEL = {"call": "call", "email": "email", "text": "sms", "popup": "popup", "other": "text"}
_PAID_TO = ("paid_to_account_number", "paid_to_sort_code", "paid_to_iban", "paid_to_card_merchant",
            "paid_to_gift_card_type", "paid_to_crypto_wallet")


def _policy(state: AppState) -> AttachmentPolicy:
    return AttachmentPolicy.from_settings(state.settings)


async def _attachments(form: FormData, state: AppState) -> list[AttachmentIn]:
    policy = _policy(state)
    files = files_in(form, "attachments")
    if len(files) > policy.max_count:
        raise AttachmentRejected(f"too many files: {len(files)} chosen, at most {policy.max_count} accepted")
    out = []
    for upload in files:
        name = upload.filename or "file"
        data = await read_upload(upload, policy.max_bytes)
        try:
            out.append(AttachmentIn(filename=name, content_type=upload.content_type or "", data=data))
        except ValidationError as exc:
            raise AttachmentRejected(f"{name}: {first_message(exc)}") from exc
    return out


def _form_page(
    request: Request, state: AppState, values: dict[str, str], errors: list[FieldError] | None = None,
    *, status: int = 200, from_check: bool = False,
) -> HTMLResponse:
    values = {"currency": CURRENCIES.get(state.settings.jurisdiction, ""), **values}
    policy = _policy(state)
    return state.pages.render(
        request, "report.html", status=status, nav="report", values=values, errors=errors or [],
        from_check=from_check, channels=CHANNELS, yes_no=YES_NO, payment_methods=PAYMENT_METHODS,
        age_bands=AGE_BANDS, remote_tools=REMOTE_TOOLS, area_hint=AREA_HINT.get(state.settings.jurisdiction, ""),
        today=datetime.now(UTC).date().isoformat(), idempotency_key=secrets.token_urlsafe(24),
        attachment_limits=policy.describe(), attachment_accept=",".join(policy.extensions),
        paid_to_open=any(values.get(name) for name in _PAID_TO),
    )


@router.get("/report", response_class=HTMLResponse)
async def report_page(request: Request, state: StateDep) -> HTMLResponse:
    """A blank report form."""
    return _form_page(request, state, {})


@router.post("/report/prefill", response_class=HTMLResponse)
async def report_prefilled(request: Request, state: StateDep) -> HTMLResponse:
    """The report form filled in from a checked message (the result page's "Report this" button)."""
    form = await read_form(request, max_files=0, max_part_size=state.settings.web_max_request_bytes)
    state.csrf.verify(request, form.get(FIELD))
    return _form_page(request, state, form_values(form), from_check=True)


@router.post("/report", response_class=HTMLResponse, dependencies=[Depends(public_rate_limit)])
async def report_submit(request: Request, state: StateDep) -> HTMLResponse:
    """Store the report and show the reference and secret, or the form again with what to fix."""
    store = state.require_store()
    policy = _policy(state)
    form = await read_form(request, max_files=policy.max_count + 1, max_part_size=state.settings.web_max_request_bytes)
    state.csrf.verify(request, form.get(FIELD))
    parsed = parse_report_form(form)
    if parsed.errors or parsed.report is None:
        return _form_page(request, state, parsed.values, parsed.errors, status=422)
    key = text_field(form, "idempotency_key") or None
    try:
        attachments = await _attachments(form, state)
        receipt = await run_in_threadpool(
            store.add_report, parsed.report, parsed.contact, attachments, idempotency_key=key, via="web",
        )
    except AttachmentRejected as exc:
        message = f"{str(exc)[:1].upper()}{str(exc)[1:]}. Please choose your files again."
        return _form_page(request, state, parsed.values, [FieldError("attachments", message)], status=422)
    contact_held = bool(parsed.contact and parsed.contact.consent_to_contact)
    kind = KIND_OF_CHANNEL.get(parsed.report.channel, "text")
    report_to = [e.to_report_to() for e in state.pack.report_to
                 if e.applies(verdict="scam", kind=kind, tactic_ids=frozenset())]
    return state.pages.render(
        request, "report_done.html", status=201, nav="report", receipt=receipt, contact_held=contact_held,
        report_to=report_to,
    )


@router.get("/report/add", response_class=HTMLResponse)
async def add_page(request: Request, state: StateDep) -> HTMLResponse:
    """The form to see a report or add information, with the reference and secret."""
    return _add_page(request, state, {})


def _add_page(
    request: Request, state: AppState, values: dict[str, str], errors: list[FieldError] | None = None,
    status: int = 200,
) -> HTMLResponse:
    policy = _policy(state)
    return state.pages.render(
        request, "add.html", status=status, nav="add", values=values, errors=errors or [],
        attachment_limits=policy.describe()[:1].upper() + policy.describe()[1:],
        attachment_accept=",".join(policy.extensions),
    )


@router.post("/report/add", response_class=HTMLResponse, dependencies=[Depends(public_rate_limit)])
async def add_submit(request: Request, state: StateDep) -> HTMLResponse:
    """Show the report, or add the information and files to it."""
    store = state.require_store()
    policy = _policy(state)
    form = await read_form(request, max_files=policy.max_count + 1, max_part_size=state.settings.web_max_request_bytes)
    state.csrf.verify(request, form.get(FIELD))
    values = {name: text_field(form, name) for name in ("reference", "secret", "information")}
    reference, secret = values["reference"].strip(), values["secret"].strip()
    errors = []
    if not reference:
        errors.append(FieldError("reference", "Enter the reference number of your report."))
    if not secret:
        errors.append(FieldError("secret", "Enter the secret you were given with the reference number."))
    if errors:
        return _add_page(request, state, values, errors, status=422)
    try:
        if text_field(form, "action") == "view":
            view = await run_in_threadpool(store.get_for_reporter, reference, secret)
            if view is None:
                raise ReportNotFound("no report matches this reference and secret")
            added = False
        else:
            attachments = await _attachments(form, state)
            try:
                info = InformationIn(text=values["information"])
            except ValidationError as exc:
                raise InputError(first_message(exc)) from exc
            view = await run_in_threadpool(store.add_information, reference, secret, info, attachments)
            added = True
    except ReportNotFound:
        message = "We could not find a report with this reference number and secret. Check both and try again."
        return _add_page(request, state, values, [FieldError("reference", message)], status=404)
    except InputError as exc:
        field = "attachments" if isinstance(exc, AttachmentRejected) else "information"
        message = f"{str(exc)[:1].upper()}{str(exc)[1:]}."
        return _add_page(request, state, values, [FieldError(field, message)], status=422)
    return state.pages.render(
        request, "report_view.html", nav="add", view=view, added=added, statuses=STATUSES, channels=CHANNELS,
        verdicts=VERDICTS,
    )
