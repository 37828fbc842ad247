"""The web face of hangup: a public checker, report intake and its JSON API (FastAPI).

Build the app with :func:`create_app` (``hangup serve`` runs it on uvicorn)::

    from hangup.web import create_app
    app = create_app(settings)
"""

from hangup.web.app import create_app

__all__ = ["create_app"]
