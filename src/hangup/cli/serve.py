"""`hangup serve`: run the web app (checker, report intake, JSON API) on uvicorn."""

from __future__ import annotations

import logging
import socket
from typing import Annotated

import typer

from hangup.cli.options import ConfigOpt, JurisdictionOpt, RulesDirOpt, settings_from
from hangup.errors import ConfigError, HangupError

logger = logging.getLogger(__name__)


def serve(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (setting web_host, default 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=0, max=65535, help="Port to listen on (setting web_port, default 8000).")
    ] = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Run without the case store: checks work, reports are refused.")
    ] = False,
    jurisdiction: JurisdictionOpt = None,
    rules_dir: RulesDirOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Run the web app: check messages in a browser, report scams, and the JSON API (/docs, /api).

    Settings come from the environment (HANGUP_*) and the config file; --host and --port override them.
    The case store is SQLite under data_dir unless database_url names another database.
    """
    # Imported here so other commands start without loading the web stack.
    try:
        import uvicorn  # noqa: PLC0415

        from hangup.cases.store import CaseStore  # noqa: PLC0415
        from hangup.web import create_app  # noqa: PLC0415
    except ImportError as exc:
        missing = exc.name or "a package"
        raise ConfigError(f"the web app needs the web extra: pip install 'hangup[web]' ({missing} is missing)") from exc
    settings = settings_from(config, jurisdiction, rules_dir)
    overrides = {k: v for k, v in {"web_host": host, "web_port": port}.items() if v is not None}
    settings = settings.model_copy(update=overrides)
    store: CaseStore | None = None
    app = create_app(settings, open_store=False)
    if not no_store:
        # Opened here, not at app start-up, so a bad database URL is a one-line error, not a traceback.
        store = CaseStore.open(settings, engine=app.state.hangup.checker.engine)
        app.state.hangup.store = store
    try:
        sock = _listen(settings.web_host, settings.web_port)
    except OSError as exc:
        if store is not None:
            store.close()
        raise HangupError(f"cannot listen on {settings.web_host}:{settings.web_port}: {exc.strerror or exc}") from exc
    bound_port = sock.getsockname()[1]
    typer.echo(f"hangup: serving on http://{_shown(settings.web_host)}:{bound_port}/ (Ctrl+C to stop)", err=True)
    server = uvicorn.Server(uvicorn.Config(
        app, log_level="warning", server_header=False, access_log=False, timeout_graceful_shutdown=10,
    ))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        if store is not None:
            store.close()


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free port), so the address in use is known before serving."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=2048)


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host
