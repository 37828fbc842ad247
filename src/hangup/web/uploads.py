"""Reading form fields and uploaded files with limits, so a hostile request cannot exhaust memory."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from hangup.documents.limits import too_large
from hangup.web.errors import unsupported_media

MAX_FIELDS = 100


async def read_form(request: Request, *, max_files: int, max_part_size: int) -> FormData:
    """The request's form (multipart or urlencoded); a 415 for any other body type."""
    ctype = media_type(request)
    if ctype not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise unsupported_media("Send this form as multipart/form-data or application/x-www-form-urlencoded.")
    return await request.form(max_files=max_files, max_fields=MAX_FIELDS, max_part_size=max_part_size)


def media_type(request: Request) -> str:
    """The request's media type, lower case, without parameters."""
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def text_field(form: FormData, name: str) -> str:
    """A text field's value ("" when absent, or when a file was sent in its place)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def files_in(form: FormData, name: str) -> list[UploadFile]:
    """The files sent under ``name``, leaving out the empty part browsers send when no file was chosen."""
    return [f for f in form.getlist(name) if isinstance(f, UploadFile) and (f.filename or f.size)]


async def read_upload(upload: UploadFile, limit: int) -> bytes:
    """The file's bytes; :class:`~hangup.errors.InputTooLarge` when it is over ``limit``."""
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise too_large(upload.filename or "the file", upload.size or len(data), limit)
    return data
