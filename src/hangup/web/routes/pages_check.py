"""The check page: paste a message or upload a file, and the result page that explains the verdict."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import HTMLResponse

from hangup.calls.timeline import clock
from hangup.errors import AudioUnavailable, InputError, OcrUnavailable
from hangup.web.checking import ACCEPT_ATTRIBUTE, FORM_KINDS, CheckOutcome
from hangup.web.csrf import FIELD
from hangup.web.errors import FieldError, HttpError, from_hangup_error
from hangup.web.highlight import evidence_snippets, marked_message
from hangup.web.prefill import report_prefill
from hangup.web.present import indicator_lines, split_advice
from hangup.web.state import AppState, StateDep, public_rate_limit
from hangup.web.uploads import files_in, read_form, read_upload, text_field

router = APIRouter(include_in_schema=False)

HEADLINES = {
    "scam": "This looks like a scam",
    "suspicious": "This could be a scam",
    "not_scam": "We did not find signs of a scam",
}


def _form(
    request: Request, state: AppState, *, text: str = "", kind: str = "auto",
    errors: list[FieldError] | None = None, status: int = 200,
) -> HTMLResponse:
    return state.pages.render(
        request, "check.html", status=status, nav="check", kinds=FORM_KINDS, accept=ACCEPT_ATTRIBUTE,
        text=text, kind=kind if kind in FORM_KINDS else "auto", errors=errors or [],
        max_bytes=state.settings.max_input_bytes,
    )


def _result(request: Request, state: AppState, outcome: CheckOutcome) -> HTMLResponse:
    verdict, doc = outcome.verdict, outcome.document
    tactics = [(t, evidence_snippets(doc.text, t.evidence)) for t in verdict.tactics]
    message, cut = marked_message(doc, verdict)
    return state.pages.render(
        request, "result.html", nav="check", verdict=verdict, headline=HEADLINES[verdict.verdict],
        tactics=tactics, message=message, message_cut=cut, document=doc,
        prefill=report_prefill(doc, verdict), indicators=indicator_lines(verdict),
        advice_now=split_advice(verdict, state.pack)[0], timeline=outcome.timeline, clock=clock,
    )


@router.get("/", response_class=HTMLResponse)
async def check_page(request: Request, state: StateDep) -> HTMLResponse:
    """The check form."""
    return _form(request, state)


@router.post("/check", response_class=HTMLResponse, dependencies=[Depends(public_rate_limit)])
async def check_submit(request: Request, state: StateDep) -> HTMLResponse:
    """Check what was pasted or uploaded and show the result, or the form again with what to fix."""
    form = await read_form(request, max_files=1, max_part_size=state.settings.web_max_request_bytes)
    state.csrf.verify(request, form.get(FIELD))
    text, kind = text_field(form, "text"), text_field(form, "kind") or "auto"
    files = files_in(form, "file")
    if kind not in FORM_KINDS:
        kind = "auto"
    if not text.strip() and not files:
        errors = [FieldError("text", "Paste the message, or choose a file to check.")]
        return _form(request, state, kind=kind, errors=errors, status=422)
    if text.strip() and files:
        errors = [FieldError("text", "Paste the message or choose a file, not both. Clear one of them.")]
        return _form(request, state, text=text, kind=kind, errors=errors, status=422)
    field = "file" if files else "text"
    try:
        if files:
            data = await read_upload(files[0], state.settings.max_input_bytes)
            outcome = await state.checker.file(data, files[0].filename, kind)
        else:
            outcome = await state.checker.text(text, kind)
    except InputError as exc:
        return _form(request, state, text=text, kind=kind, errors=[FieldError(field, _plain(exc))], status=422)
    except HttpError as exc:
        if exc.status_code != 415:
            raise
        return _form(request, state, text=text, kind=kind, errors=[FieldError(field, exc.message)], status=415)
    return _result(request, state, outcome)


def _plain(exc: InputError) -> str:
    """The reader's message, starting with a capital letter and ending with a full stop."""
    if isinstance(exc, (OcrUnavailable, AudioUnavailable)):
        return from_hangup_error(exc).message
    message = str(exc).strip()
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."
