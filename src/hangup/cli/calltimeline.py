"""Human output for a call's timeline: the transcript with times, and when each warning came."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from hangup.calls.timeline import CallTimeline, call_timeline, clock
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents.audio import is_transcribed
from hangup.documents.model import Document


def render_timeline(console: Console, timeline: CallTimeline) -> None:
    """Warnings first (when, what), then the transcript with each warning at its place."""
    console.print()
    if timeline.alerts:
        console.print("[bold]When a warning would have come during the call[/bold]")
        for alert in timeline.alerts:
            names = ", ".join(t.name for t in alert.tactics)
            console.print(f"  • at {clock(alert.time)}: {escape(names)}")
    else:
        console.print("[bold]No warning would have come during the call.[/bold]")
    if not timeline.transcribed:
        return
    console.print()
    console.print("[bold]Transcript[/bold] [dim](speech to text; words may be misheard)[/dim]")
    pending = sorted(timeline.alerts, key=lambda a: a.time)
    for turn in timeline.turns:
        speaker = f"{turn.speaker}: " if turn.speaker else ""
        console.print(f"  [dim]{clock(turn.start)}–{clock(turn.end)}[/dim]  {escape(speaker + turn.text)}")
        while pending and turn.end is not None and pending[0].time <= turn.end + 0.01:
            alert = pending.pop(0)
            console.print(f"  [bold red]⚠ warning at {clock(alert.time)}:[/bold red] {escape(alert.message)}")


def recording_timelines(engine: Engine, docs: list[Document], settings: Settings) -> dict[int, CallTimeline]:
    """Timelines of the documents made from recordings, by their index in ``docs``."""
    out: dict[int, CallTimeline] = {}
    for n, doc in enumerate(docs):
        if is_transcribed(doc):
            timeline = call_timeline(engine, doc, settings)
            if timeline is not None:
                out[n] = timeline
    return out
