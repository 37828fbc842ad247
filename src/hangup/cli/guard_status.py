"""What `hangup guard status` gathers and how it prints it."""

from __future__ import annotations

import contextlib
import time
from datetime import datetime, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table

from hangup.config import Settings
from hangup.errors import HangupError
from hangup.guard import runfile
from hangup.guard.allowlist import Allowlist
from hangup.guard.catalog import load_catalog
from hangup.guard.eventlog import EventLog
from hangup.guard.paths import guard_db, pid_file
from hangup.guard.service import current_platform, service_file
from hangup.guard.watcher import Watcher
from hangup.state import recent_flags, state_dir


def _when(at: float) -> str:
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d %H:%M:%S")


def collect_status(settings: Settings) -> dict[str, Any]:
    """Everything `status` shows, as plain data (also its --json output)."""
    now = time.time()
    allowlist = Allowlist(guard_db(settings))
    allowed = {e.tool: e for e in allowlist.entries(now)}
    events = Watcher(load_catalog(settings.guard_catalog)).poll()
    seen = []
    for event in events:
        entry = allowed.get(event.tool)
        seen.append({
            "tool": event.tool, "kind": event.kind, "pid": event.pid, "process": event.process,
            "detail": event.detail, "alerts": event.alerts, "allowed": entry.reason if entry else None,
        })
    flags: list[dict[str, Any]] = []
    with contextlib.suppress(HangupError):
        flags = [
            {"source": f.source, "verdict": f.verdict, "score": f.score, "summary": f.summary,
             "when": f.when.isoformat(), "minutes_ago": round(f.age().total_seconds() / 60)}
            for f in recent_flags(timedelta(minutes=settings.guard_flag_minutes), settings=settings)
        ]
    last: list[dict[str, Any]] = []
    with contextlib.suppress(HangupError):
        last = [e.to_dict() for e in EventLog(guard_db(settings)).recent(5)]
    service = service_file(current_platform(), ["hangup", "guard", "run"], log_dir=state_dir(settings))
    return {
        "guard_pid": runfile.running(pid_file(settings)),
        "service_file": str(service.path) if service.path.exists() else None,
        "seen": seen,
        "allowlist": [
            {"tool": e.tool, "reason": e.reason, "until": _when(e.expires) if e.expires else "removed"}
            for e in allowed.values()
        ],
        "recent_flags": flags,
        "last_events": last,
        "attention": any(s["alerts"] and not s["allowed"] for s in seen),
    }


def print_status(console: Console, report: dict[str, Any]) -> None:
    pid = report["guard_pid"]
    console.print(f"Guard: {'running (pid ' + str(pid) + ')' if pid else 'not running (start: hangup guard run)'}")
    console.print(f"Runs at login: {report['service_file'] or 'no (set up: hangup guard install)'}")
    if report["seen"]:
        table = Table("tool", "now", "allowed", title="Remote-access tools now", title_justify="left")
        for item in report["seen"]:
            table.add_row(item["tool"], item["detail"], item["allowed"] or ("-" if item["alerts"] else "(logged only)"))
        console.print(table)
    else:
        console.print("No remote-access tool is running.")
    for entry in report["allowlist"]:
        console.print(f"Allowed: {entry['tool']} until {entry['until']} ({entry['reason']})")
    for flag in report["recent_flags"]:
        console.print(f"Scam flag {flag['minutes_ago']} min ago from {flag['source']}: {flag['summary']}")
    for event in report["last_events"]:
        outcome = f"  [{event['outcome']}]" if event["outcome"] else ""
        console.print(f"  {_when(event['at'])}  {event['detail']}{outcome}")
