"""The OpenAPI document: FastAPI's, plus the schemas of bodies that routes read by hand (JSON or multipart)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from hangup.web.api_models import CheckRequest, InformationSubmission, ReportSubmission

REF_TEMPLATE = "#/components/schemas/{model}"
EXTRA_MODELS: tuple[type[BaseModel], ...] = (CheckRequest, ReportSubmission, InformationSubmission)
DESCRIPTION = """\
hangup checks messages, emails, call transcripts and screenshots for technical-support scams, and takes
reports of scams for fraud teams.

Every error has the same shape: `{"error": {"code": "...", "message": "...", "details": [...]}}`.
Checks and reports are limited per client address and per minute (429 with `Retry-After` past it), and request
bodies by size (413). A plain page listing every endpoint is at [/api](/api); this document is at
[/openapi.json](/openapi.json).
"""


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document, built once and cached on the app."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=DESCRIPTION, routes=app.routes)
    _, extra = models_json_schema([(m, "validation") for m in EXTRA_MODELS], ref_template=REF_TEMPLATE)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in extra.get("$defs", {}).items():
        components.setdefault(name, definition)
    app.openapi_schema = schema
    return schema


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation in ``schema`` as {method, path, summary, description, body types, responses}."""
    out = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {})
            out.append({
                "method": method.upper(),
                "path": path,
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [(p["name"], p["in"], p.get("required", False), p.get("description", ""))
                               for p in op.get("parameters", [])],
                "body_types": list(body),
                "responses": [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()],
            })
    return out
