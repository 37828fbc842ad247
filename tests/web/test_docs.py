"""API documentation: the OpenAPI document, Swagger UI from local files, and the plain endpoint list."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from htmlcheck import accessibility_problems, page_facts

API_PATHS = {
    ("post", "/api/v1/check"), ("post", "/api/v1/reports"), ("get", "/api/v1/reports/{reference}"),
    ("post", "/api/v1/reports/{reference}/information"), ("get", "/api/v1/health"),
}


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_openapi_lists_every_endpoint_and_resolves(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    found = {(m, p) for p, ops in schema["paths"].items() for m in ops}
    assert found == API_PATHS  # pages are not part of the API document
    components = schema["components"]["schemas"]
    for ref in _refs(schema):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in components, ref
    assert {"CheckRequest", "CheckResponse", "ReportSubmission", "ReportIn", "ErrorOut"} <= set(components)


def test_every_api_error_is_documented_with_the_error_shape(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            errors = {code: r for code, r in op["responses"].items() if code.startswith(("4", "5"))}
            if path != "/api/v1/health":
                assert "429" in errors, (method, path)
            for code, response in errors.items():
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOut"), (method, path, code)


def test_both_body_types_are_documented(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/v1/check", "/api/v1/reports", "/api/v1/reports/{reference}/information"):
        content = schema["paths"][path]["post"]["requestBody"]["content"]
        assert set(content) == {"application/json", "multipart/form-data"}


def test_swagger_ui_is_served_from_this_machine(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    facts = page_facts(page.text)
    assert facts.scripts == ["/static/docs/swagger-ui-bundle.js", "/static/js/docs-init.js"]
    assert facts.inline_scripts == 0
    assert not re.search(r"https?://", page.text)
    for asset in [*facts.scripts, *facts.styles]:
        assert client.get(asset).status_code == 200, asset
    assert "'unsafe-inline'" in page.headers["content-security-policy"].split("style-src", 1)[1].split(";")[0]
    assert "script-src 'self';" in page.headers["content-security-policy"]


def test_plain_api_page_needs_no_javascript(client: TestClient) -> None:
    page = client.get("/api")
    assert accessibility_problems(page.text) == []
    assert page_facts(page.text).scripts == []
    for method, path in API_PATHS:
        assert f"{method.upper()} {path}" in page.text
