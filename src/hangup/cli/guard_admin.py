"""`hangup guard allow | log | catalog | install | uninstall`: the guard's settings and records.

None of these needs psutil; they work where the guard itself cannot run. The guard's modules are
imported inside each command, so they never slow down the start of `hangup check`.
"""

from __future__ import annotations

import json
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hangup.cli.options import ConfigOpt
from hangup.config import Settings, load_settings
from hangup.errors import GuardError

if TYPE_CHECKING:
    from hangup.guard.service import ServiceFile

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
PlatformOpt = Annotated[
    str | None, typer.Option("--platform", help="linux (systemd), macos (launchd) or windows (Task Scheduler); "
                             "default: this computer's.")
]
DirOpt = Annotated[Path | None, typer.Option("--dir", help="Write the file here instead of the usual place.")]
NowOpt = Annotated[bool, typer.Option("--now", help="Also run the commands that start (or stop) it.")]


def _settings(config: Path | None) -> Settings:
    return load_settings(config)


def _when(at: float) -> str:
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M")


def allow(
    tool: Annotated[str | None, typer.Argument(help="The tool to allow, e.g. anydesk. Empty: list the allowlist.")]
    = None,
    reason: Annotated[str, typer.Option("--reason", "-r", help="Who uses it and why, e.g. 'Tom, my grandson'.")] = "",
    for_: Annotated[str, typer.Option("--for", help="How long: 30m, 2h, 1d, 1w, or forever.")] = "2h",
    remove: Annotated[bool, typer.Option("--remove", help="Take the tool off the allowlist.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Allow a remote-access tool for a while (a genuine helper), remove it, or list the allowlist."""
    from hangup.guard.allowlist import Allowlist, parse_duration  # noqa: PLC0415 (kept out of hangup's start-up)
    from hangup.guard.catalog import load_catalog  # noqa: PLC0415
    from hangup.guard.eventlog import EventLog  # noqa: PLC0415
    from hangup.guard.paths import guard_db  # noqa: PLC0415

    settings = _settings(config)
    allowlist = Allowlist(guard_db(settings))
    if tool is None:
        entries = allowlist.entries()
        for entry in entries:
            until = _when(entry.expires) if entry.expires else "removed"
            typer.echo(f"{entry.tool}: until {until} ({entry.reason})")
        if not entries:
            typer.echo("The allowlist is empty.")
        return
    found = load_catalog(settings.guard_catalog).resolve(tool)
    if found is None:
        raise GuardError(f"no remote-access tool called {tool!r}; see: hangup guard catalog {tool}")
    if remove:
        done = allowlist.remove(found.name)
        EventLog(guard_db(settings)).note("allow", f"{found.name} removed from the allowlist", tool=found.name)
        typer.echo(f"{found.name} {'is no longer allowed' if done else 'was not on the allowlist'}.")
        return
    entry = allowlist.add(found.name, reason, parse_duration(for_))
    until = f"until {_when(entry.expires)}" if entry.expires else "until removed"
    EventLog(guard_db(settings)).note("allow", f"{found.name} allowed {until}: {entry.reason}", tool=found.name)
    typer.echo(f"{found.name} is allowed {until} ({entry.reason}). Remove: hangup guard allow {tool} --remove")


def log(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many events.")] = 50,
    since: Annotated[str | None, typer.Option("--since", help="Only this recent, e.g. 1h, 2d.")] = None,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Show the guard's event log: every tool seen, every warning, every action."""
    from hangup.guard.allowlist import parse_duration  # noqa: PLC0415 (kept out of hangup's start-up)
    from hangup.guard.eventlog import EventLog  # noqa: PLC0415
    from hangup.guard.paths import guard_db  # noqa: PLC0415

    settings = _settings(config)
    window = parse_duration(since) if since else None
    entries = EventLog(guard_db(settings)).recent(limit, since=time.time() - window.total_seconds() if window else None)
    if as_json:
        for entry in entries:
            typer.echo(json.dumps(entry.to_dict(), ensure_ascii=False))
        return
    if not entries:
        typer.echo("The guard's log is empty.")
    for entry in entries:
        level = {"strong": "STRONG WARNING  ", "warning": "warning  "}.get(entry.level, "")
        outcome = f"  [{entry.outcome}]" if entry.outcome else ""
        typer.echo(f"{_when(entry.at)}  {level}{entry.detail}{outcome}")


def catalog(
    search: Annotated[str | None, typer.Argument(help="Part of a tool name, process name or port.")] = None,
    as_json: JsonOpt = False,
    config: ConfigOpt = None,
) -> None:
    """List or search the remote-access tools the guard knows (from LOLRMM, plus the guard's own data)."""
    from rich.console import Console  # noqa: PLC0415 (kept out of hangup's start-up)
    from rich.table import Table  # noqa: PLC0415

    from hangup.guard.catalog import load_catalog  # noqa: PLC0415

    tools = load_catalog(_settings(config).guard_catalog).search(search or "")
    if as_json:
        typer.echo(json.dumps([
            {"name": t.name, "names": list(t.names), "processes": list(t.processes), "paths": list(t.paths),
             "ports": list(t.ports), "alerts": t.alerts} for t in tools
        ], indent=2, ensure_ascii=False))
        return
    if not tools:
        typer.echo(f"No tool matches {search!r}.")
        return
    title = f"{len(tools)} remote-access tool{'s' if len(tools) != 1 else ''}"
    table = Table("tool", "process names", "ports", "warns", title=title, title_justify="left")
    for tool in tools:
        names = ", ".join(tool.processes[:4]) + (" ..." if len(tool.processes) > 4 else "")
        table.add_row(tool.name, names, ", ".join(map(str, tool.ports)), "yes" if tool.alerts else "log only")
    Console(highlight=False).print(table)


def _service(platform: str | None, folder: Path | None, strict: bool, settings: Settings) -> ServiceFile:
    from hangup.guard.service import Platform, current_platform, hangup_command, service_file  # noqa: PLC0415 (kept out of hangup's start-up)
    from hangup.state import state_dir  # noqa: PLC0415


    chosen = platform or current_platform()
    if chosen not in ("linux", "macos", "windows"):
        raise GuardError(f"unknown platform {platform!r}: use linux, macos or windows")
    plat: Platform = chosen  # type: ignore[assignment]
    argv = [hangup_command(), "guard", "run", "--no-ask", *(["--strict"] if strict else [])]
    return service_file(plat, argv, folder=folder, log_dir=state_dir(settings))


def _run_all(commands: list[list[str]]) -> None:
    for argv in commands:
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GuardError(f"{' '.join(argv)} failed: {exc}") from exc
        if done.returncode != 0:
            raise GuardError(f"{' '.join(argv)} failed: {(done.stderr or done.stdout).strip()[:300]}")


def install(
    print_only: Annotated[bool, typer.Option("--print", help="Print the definition instead of writing it.")] = False,
    platform: PlatformOpt = None,
    folder: DirOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help="The service ends tools at once, without asking.")]
    = False,
    now: NowOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Run the guard at every login: write a systemd user unit, a launchd agent or a scheduled task."""
    service = _service(platform, folder, strict, _settings(config))
    if print_only:
        typer.echo(service.text, nl=False)
        return
    try:
        service.path.parent.mkdir(parents=True, exist_ok=True)
        service.path.write_bytes(service.content)
    except OSError as exc:
        raise GuardError(f"cannot write {service.path}: {exc}") from exc
    typer.echo(f"Wrote {service.path}")
    if now:
        _run_all(service.start)
        typer.echo("The guard is running and will start at every login.")
    else:
        typer.echo("Start it now and at every login with:")
        for argv in service.start:
            typer.echo("  " + " ".join(argv))
    typer.echo("To remove it: hangup guard uninstall" + (f" --platform {service.platform}" if platform else "")
               + (f" --dir {folder}" if folder else "") + "   (or: " + "; ".join(" ".join(a) for a in service.stop)
               + f"; then delete {service.path})")


def uninstall(
    platform: PlatformOpt = None, folder: DirOpt = None, now: NowOpt = False, config: ConfigOpt = None
) -> None:
    """Stop running the guard at login: remove the service definition (with --now, stop it first)."""
    service = _service(platform, folder, False, _settings(config))
    if now:
        _run_all(service.stop)
    elif service.path.exists():
        typer.echo("Stop the running guard first with:")
        for argv in service.stop:
            typer.echo("  " + " ".join(argv))
    try:
        service.path.unlink()
    except FileNotFoundError:
        typer.echo(f"Nothing to remove: {service.path} does not exist.")
        return
    except OSError as exc:
        raise GuardError(f"cannot remove {service.path}: {exc}") from exc
    typer.echo(f"Removed {service.path}")
