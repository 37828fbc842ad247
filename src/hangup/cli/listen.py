"""`hangup listen`: watch a phone call through the microphone and warn at the first decisive cue."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from hangup.calls.audio import SAMPLE_RATE, decode_audio, float_to_pcm16
from hangup.calls.events import AlertEvent, EndEvent, Event, StateEvent, TranscriptEvent
from hangup.calls.session import CallSession
from hangup.calls.timeline import clock
from hangup.calls.warn import Warner
from hangup.cli.options import ConfigOpt, JurisdictionOpt, RulesDirOpt, settings_from
from hangup.errors import InputError

BLOCK_SECONDS = 0.1
_STATE_TEXT = {
    "listening": "[green]Listening. Nothing worrying so far.[/green]",
    "unsure": "[yellow]Some signs of a scam. Be careful: do not give money, codes or access.[/yellow]",
    "alert": "[bold red]This sounds like a scam.[/bold red]",
}


def _file_blocks(path: Path, max_seconds: float, realtime: bool) -> Iterator[bytes]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    pcm = float_to_pcm16(decode_audio(data, name=str(path), max_seconds=max_seconds))
    step = int(SAMPLE_RATE * BLOCK_SECONDS) * 2
    started = time.monotonic()
    for n, offset in enumerate(range(0, len(pcm), step)):
        if realtime:  # as a live call delivers it
            time.sleep(max(0.0, started + n * BLOCK_SECONDS - time.monotonic()))
        yield pcm[offset:offset + step]


def _show(console: Console, event: Event) -> None:
    if isinstance(event, TranscriptEvent) and event.final and event.text:
        console.print(f"[dim]{clock(event.start)}[/dim]  {escape(event.text)}")
    elif isinstance(event, StateEvent) and event.state != "alert":
        console.print(_STATE_TEXT[event.state])
    elif isinstance(event, AlertEvent):
        heard = "\n".join(f"• {escape(t.name)}" + (f': "{escape(t.evidence[0])}"' if t.evidence else "")
                          for t in event.tactics)
        title = "WARNING: THIS SOUNDS LIKE A SCAM" if event.first else "Another warning sign"
        console.print(Panel(f"[bold]{escape(event.message)}[/bold]\n\n{heard}", title=title,
                            border_style="bold red", expand=False))


def listen(
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Play a recording through instead of the "
                                              "microphone (WAV, FLAC, Ogg, MP3...).")] = None,
    realtime: Annotated[bool, typer.Option("--realtime", help="With --file: play it at its own pace, "
                                           "as a live call.")] = False,
    device: Annotated[str | None, typer.Option("--device", help="Microphone name or number "
                                               "(default: the system's).")] = None,
    speak: Annotated[bool, typer.Option("--speak/--no-speak", help="Speak warnings aloud "
                                        "(setting call_speak).")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print each event as a line of JSON "
                                          "(docs/call-protocol.md).")] = False,
    jurisdiction: JurisdictionOpt = None,
    rules_dir: RulesDirOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Listen to a phone call (on speaker, or through the microphone) and warn during the call.

    Speech is turned into text on this computer; nothing is sent anywhere, except a warning to
    your trusted contact if you set one up. Stop with Ctrl+C. Exit code 0: no warning;
    1: a warning was given; 2: error (for example, no microphone).
    """
    settings = settings_from(config, jurisdiction, rules_dir)
    console = Console(highlight=False)
    session = CallSession.start(settings)  # loads the speech model before the call is listened to
    warner = Warner(settings, speak=speak)
    with contextlib.ExitStack() as stack:
        if file is None:
            from hangup.calls.mic import Microphone  # noqa: PLC0415 - PortAudio is loaded only for the microphone

            mic = stack.enter_context(Microphone(int(device) if device and device.isdigit() else device))
            blocks = mic.blocks()
        else:
            blocks = _file_blocks(file, settings.max_audio_seconds, realtime)
        if not as_json:
            console.print("[dim]Listening to the call. Press Ctrl+C to stop.[/dim]")
        try:
            for block in blocks:
                _emit(console, warner, session.feed(block), as_json)
        except KeyboardInterrupt:
            pass
    end = session.finish()
    _emit(console, warner, end, as_json)
    warner.wait(settings.notify_timeout * 2)
    final = end[-1]
    flagged = bool(session.tracker.alerts) or (isinstance(final, EndEvent) and final.verdict["verdict"] != "not_scam")
    raise typer.Exit(1 if flagged else 0)


def _emit(console: Console, warner: Warner, events: list[Event], as_json: bool) -> None:
    for event in events:
        warner.handle(event)
        if as_json:
            typer.echo(json.dumps(event.to_dict(), ensure_ascii=False))
        elif isinstance(event, EndEvent):
            verdict = event.verdict
            console.print(f"\nCall ended after {clock(event.duration)}. Verdict: [bold]{verdict['verdict']}"
                          f"[/bold] (score {verdict['score']:.2f}). {escape(verdict['summary'])}")
            console.print("[dim]For the full analysis, record the call and run: hangup check call.wav[/dim]")
        else:
            _show(console, event)
