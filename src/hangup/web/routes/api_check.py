"""POST /api/v1/check: the verdict on text (JSON) or on a file (multipart), as documented in docs/verdict.md."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import JSONResponse

from hangup.web.api_models import CheckRequest, CheckResponse, error_responses
from hangup.web.bodies import json_body
from hangup.web.checking import UPLOAD_EXTENSIONS, CheckOutcome
from hangup.web.errors import FieldError, HttpError, unsupported_media
from hangup.web.state import StateDep, public_rate_limit
from hangup.web.uploads import files_in, media_type, read_form, read_upload, text_field

router = APIRouter(prefix="/api/v1", tags=["check"])

_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/CheckRequest"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary",
                                 "description": f"The file to check: {', '.join(UPLOAD_EXTENSIONS)}."},
                        "kind": {"type": "string", "default": "auto",
                                 "description": "What the file is (see CheckRequest.kind)."},
                    },
                }
            },
        },
    }
}


def answer(outcome: CheckOutcome) -> dict[str, Any]:
    """The JSON answer: the verdict and the analysed text."""
    return {**outcome.verdict.to_dict(), "text": outcome.document.text}


@router.post(
    "/check",
    summary="Check a message, email, transcript or screenshot",
    response_model=CheckResponse,
    responses=error_responses(400, 413, 415, 422, 429, 503),
    openapi_extra=_BODY,
    dependencies=[Depends(public_rate_limit)],
)
async def check(request: Request, state: StateDep) -> JSONResponse:
    """Send text as JSON (`{"text": "...", "kind": "auto"}`) or a file as multipart/form-data (field `file`).

    The answer is the verdict (docs/verdict.md): scam, suspicious or not_scam, with each tactic and its
    quoted evidence, the indicators found, advice and where to report; `text` is the analysed text that
    evidence offsets point into. Screenshots are read with OCR when the server has Tesseract.
    """
    ctype = media_type(request)
    if ctype == "application/json":
        req = await json_body(request, CheckRequest)
        outcome = await state.checker.text(req.text, req.kind)
    elif ctype == "multipart/form-data":
        form = await read_form(request, max_files=1, max_part_size=state.settings.web_max_request_bytes)
        files = files_in(form, "file")
        if not files:
            raise HttpError(422, "invalid_input", "No file was sent.", [FieldError("file", "send the file to check")])
        data = await read_upload(files[0], state.settings.max_input_bytes)
        outcome = await state.checker.file(data, files[0].filename, text_field(form, "kind") or "auto")
    else:
        raise unsupported_media("Send JSON (application/json) with the text, or a file as multipart/form-data.")
    return JSONResponse(answer(outcome))
