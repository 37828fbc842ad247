"""Human output for a verdict: plain words first, the evidence highlighted in its sentence."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from hangup.detect.verdict import Evidence, Verdict

_STYLE = {"scam": "bold white on red", "suspicious": "bold black on yellow", "not_scam": "bold white on green"}
_LABEL = {"scam": "SCAM", "suspicious": "SUSPICIOUS", "not_scam": "NOT FLAGGED"}
_AROUND = 60  # characters of context shown each side of a piece of evidence


def _snippet(text: str, ev: Evidence) -> Text:
    """The evidence in its surrounding words, the evidence itself highlighted."""
    if ev.start < 0:  # an email header, not part of the text
        return Text("    ").append(ev.text, style="bold")
    line_start = text.rfind("\n", 0, ev.start) + 1
    line_end = text.find("\n", ev.end)
    line_end = len(text) if line_end < 0 else line_end
    left = max(line_start, ev.start - _AROUND)
    right = min(line_end, ev.end + _AROUND)
    out = Text("    ")
    if ev.speaker:
        out.append(f"{ev.speaker}: ", style="dim")
    out.append(("…" if left > line_start else "") + text[left : ev.start])
    out.append(text[ev.start : ev.end], style="bold reverse")
    out.append(text[ev.end : right] + ("…" if right < line_end else ""))
    return out


def render_verdict(console: Console, verdict: Verdict, text: str, *, explain: bool = False) -> None:
    """Print one verdict for a person to read."""
    title = verdict.source or "input"
    badge = Text(f" {_LABEL[verdict.verdict]} ", style=_STYLE[verdict.verdict])
    head = Text.assemble(badge, f"  {escape(title)}  (score {verdict.score:.2f}")
    if verdict.category:
        head.append(f", {verdict.category.replace('_', ' ')}")
    head.append(")")
    console.print(head)
    console.print(verdict.summary)
    for note in verdict.notes:
        console.print(f"[dim]Note: {escape(note)}[/dim]")
    if verdict.tactics:
        console.print()
        console.print("[bold]What we found[/bold]")
        for tactic in verdict.tactics:
            console.print(f"  • {escape(tactic.name)} [dim]({tactic.id}, {tactic.score:.2f})[/dim]")
            for ev in tactic.evidence[:3]:
                console.print(_snippet(text, ev))
            if explain:
                console.print(f"    [dim]{escape(tactic.explanation)}[/dim]")
    if verdict.indicators:
        console.print()
        console.print("[bold]Details in the message[/bold]")
        for ind in verdict.indicators:
            norm = f" → {ind.normalized}" if ind.normalized != ind.value else ""
            console.print(f"  {ind.type.replace('_', ' ')}: {escape(ind.value)}{escape(norm)}")
    if verdict.advice:
        console.print()
        console.print("[bold]What to do[/bold]")
        for line in verdict.advice:
            console.print(f"  • {escape(line)}")
    for block in verdict.if_already:
        console.print()
        console.print(f"[bold]{escape(block.title)}[/bold]")
        for step in block.steps:
            console.print(f"  • {escape(step)}")
    if verdict.report_to:
        console.print()
        console.print("[bold]Where to report it[/bold]")
        for rep in verdict.report_to:
            console.print(f"  • {escape(rep.name)}: {escape(rep.how)}")
    if explain:
        console.print()
        console.print(f"[dim]context: {verdict.context}; engine {verdict.engine_version}[/dim]")
