"""JSON request bodies read by hand (for routes that also take multipart), with the app's error shape."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from hangup.web.errors import HttpError
from hangup.web.handlers import validation_error

M = TypeVar("M", bound=BaseModel)


def parse_json_text(text: str | bytes, field: str | None = None) -> Any:
    """Decoded JSON; a 400 (or a 422 naming the form ``field`` it came in) when it is not JSON."""
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        if field is None:
            raise HttpError(400, "malformed_json", "The request body is not valid JSON.") from exc
        raise validation_error([{"loc": (field,), "msg": "is not valid JSON", "type": "json"}]) from exc


def validate(model: type[M], payload: Any, prefix: tuple[str, ...] = ()) -> M:
    """``payload`` as ``model``; a 422 listing every invalid field (under ``prefix``) otherwise."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise validation_error(
            [{"loc": (*prefix, *e["loc"]), "msg": str(e["msg"]).removeprefix("Value error, "), "type": e["type"]}
             for e in exc.errors()]
        ) from exc


async def json_body(request: Request, model: type[M]) -> M:
    """The request's JSON body as ``model``."""
    return validate(model, parse_json_text(await request.body()))
