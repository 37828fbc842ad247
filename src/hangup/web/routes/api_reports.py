"""The reports API: file a report, read it back with its secret, and add information to it."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from hangup.cases.attachments import AttachmentPolicy
from hangup.cases.schema import AttachmentIn, ContactIn, InformationIn, ReportIn, ReportReceipt, ReportView
from hangup.errors import ReportNotFound
from hangup.web.api_models import AttachmentJson, InformationSubmission, ReportSubmission, error_responses
from hangup.web.bodies import json_body, parse_json_text, validate
from hangup.web.errors import HttpError, unsupported_media
from hangup.web.state import AppState, StateDep, public_rate_limit
from hangup.web.uploads import files_in, media_type, read_form, read_upload, text_field

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])

SecretHeader = Annotated[
    str | None,
    Header(alias="X-Report-Secret", description="The secret handed back when the report was filed."),
]
IdempotencyHeader = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="Any unique string (8-100 letters, digits, - or _); a retry "
           "with the same key files the report once and answers with the same reference and a fresh secret."),
]


def _body(schema: str, multipart: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": multipart}},
    }}}


_FILES = {"type": "array", "items": {"type": "string", "format": "binary"}, "description": "Evidence files."}
_REPORT_BODY = _body("ReportSubmission", {
    "report": {"type": "string", "description": "The report's facts as JSON (see ReportIn)."},
    "contact": {"type": "string", "description": "Contact details as JSON (see ContactIn), optional."},
    "attachments": _FILES,
})
_INFO_BODY = _body("InformationSubmission", {"text": {"type": "string"}, "attachments": _FILES})


def _decoded(items: list[AttachmentJson]) -> list[AttachmentIn]:
    out = []
    for n, item in enumerate(items):
        try:
            data = base64.b64decode(item.data_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise HttpError(422, "invalid_input", f"Attachment {item.filename!r} is not valid base64.") from exc
        out.append(validate(AttachmentIn, {"filename": item.filename, "content_type": item.content_type,
                                           "data": data}, ("attachments", str(n))))
    return out


async def _uploaded(request: Request, state: AppState) -> tuple[dict[str, str], list[AttachmentIn]]:
    policy = AttachmentPolicy.from_settings(state.settings)
    form = await read_form(request, max_files=policy.max_count + 1, max_part_size=state.settings.web_max_request_bytes)
    fields = {name: text_field(form, name) for name in ("report", "contact", "text")}
    files = []
    for n, upload in enumerate(files_in(form, "attachments")):
        data = await read_upload(upload, policy.max_bytes)
        files.append(validate(AttachmentIn, {"filename": upload.filename or "file",
                                             "content_type": upload.content_type or "", "data": data},
                              ("attachments", str(n))))
    return fields, files


def _secret(secret: str | None) -> str:
    if not secret:
        raise HttpError(401, "secret_required", "Send the report's secret in the X-Report-Secret header.")
    return secret


@router.post(
    "",
    summary="File a report",
    status_code=201,
    response_model=ReportReceipt,
    responses=error_responses(400, 409, 413, 415, 422, 429, 503),
    openapi_extra=_REPORT_BODY,
    dependencies=[Depends(public_rate_limit)],
)
async def add_report(
    request: Request, state: StateDep, idempotency_key: IdempotencyHeader = None,
) -> JSONResponse:
    """File a report as JSON (ReportSubmission) or multipart/form-data.

    The answer holds the report's reference and its secret. The secret is shown only this once: keep it
    to read the report back or add information to it.
    """
    store = state.require_store()
    ctype = media_type(request)
    contact: ContactIn | None
    if ctype == "application/json":
        submission = await json_body(request, ReportSubmission)
        report, contact, attachments = submission.report, submission.contact, _decoded(submission.attachments)
    elif ctype == "multipart/form-data":
        fields, attachments = await _uploaded(request, state)
        if not fields["report"]:
            raise HttpError(422, "invalid_input", "The `report` field (JSON) is missing.")
        report = validate(ReportIn, parse_json_text(fields["report"], "report"), ("report",))
        contact = (validate(ContactIn, parse_json_text(fields["contact"], "contact"), ("contact",))
                   if fields["contact"] else None)
    else:
        raise unsupported_media("Send the report as JSON (application/json) or as multipart/form-data.")
    receipt = await run_in_threadpool(
        store.add_report, report, contact, attachments, idempotency_key=idempotency_key, via="api",
    )
    return JSONResponse(receipt.model_dump(mode="json"), status_code=201,
                        headers={"Location": f"/api/v1/reports/{receipt.reference}"})


@router.get(
    "/{reference}",
    summary="Read a report back",
    response_model=ReportView,
    responses=error_responses(401, 404, 422, 429, 503),
    dependencies=[Depends(public_rate_limit)],
)
async def get_report(
    reference: str, state: StateDep, secret: SecretHeader = None,
) -> JSONResponse:
    """The report as its reporter may see it (never the reporter's contact details). 404 for a wrong
    reference or secret: the two are not told apart."""
    store = state.require_store()
    view = await run_in_threadpool(store.get_for_reporter, reference, _secret(secret))
    if view is None:
        raise ReportNotFound("no report matches this reference and secret")
    return JSONResponse(view.model_dump(mode="json"))


@router.post(
    "/{reference}/information",
    summary="Add information to a report",
    response_model=ReportView,
    responses=error_responses(400, 401, 404, 413, 415, 422, 429, 503),
    openapi_extra=_INFO_BODY,
    dependencies=[Depends(public_rate_limit)],
)
async def add_information(
    reference: str, request: Request, state: StateDep, secret: SecretHeader = None,
) -> JSONResponse:
    """Add text and/or files to a report (JSON InformationSubmission, or multipart `text` and `attachments`)."""
    store = state.require_store()
    key = _secret(secret)
    ctype = media_type(request)
    if ctype == "application/json":
        submission = await json_body(request, InformationSubmission)
        text, attachments = submission.text, _decoded(submission.attachments)
    elif ctype == "multipart/form-data":
        fields, attachments = await _uploaded(request, state)
        text = fields["text"]
    else:
        raise unsupported_media("Send the information as JSON (application/json) or as multipart/form-data.")
    info = validate(InformationIn, {"text": text}, ())
    view: ReportView = await run_in_threadpool(store.add_information, reference, key, info, attachments)
    return JSONResponse(view.model_dump(mode="json"))
