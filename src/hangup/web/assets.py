"""Where the app's static files are: its own, and Swagger UI's from the ``fastapi-offline`` package."""

from __future__ import annotations

import functools
from importlib import resources
from importlib.util import find_spec
from pathlib import Path


def static_dir() -> Path:
    """hangup.web's own CSS, JavaScript and icons."""
    return Path(str(resources.files("hangup.web").joinpath("static")))


@functools.cache
def docs_assets() -> Path | None:
    """Swagger UI's files (JS, CSS) shipped by ``fastapi-offline``; None when it is not installed."""
    spec = find_spec("fastapi_offline")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None
