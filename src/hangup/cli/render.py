"""Human output for a verdict: plain words first, the evidence highlighted in its sentence."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from hangup.detect.verdict import Evidence, Verdict

_STYLE = {"scam": "bold white on red", "suspicious": "bold black on yellow", "not_scam": "bold white on green"}
_LABEL = {"scam": "SCAM", "suspicious": "SUSPICIOUS", "not_scam": "NOT FLAGGED"}
_AROUND = 60  # characters of context shown each side of a piece of evidence


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _snippets(text: str, evidence: list[Evidence], *, plain: bool, max_lines: int = 2) -> list[Text]:
    """Each line holding evidence once, every piece of evidence on it highlighted.

    ``plain`` output (not a terminal) marks evidence with [[ ]] since it cannot be styled.
    """
    def mark(piece: str) -> Text:
        return Text(f"[[{piece}]]") if plain else Text(piece, style="bold reverse")

    lines: dict[tuple[int, int], list[Evidence]] = {}
    header: list[Text] = []
    for ev in evidence:
        if ev.start < 0:  # an email header, not part of the text
            header.append(Text("    ").append(ev.text, style="bold"))
            continue
        lines.setdefault(_line_bounds(text, ev.start), []).append(ev)
    out = header
    for (line_start, line_end), items in list(lines.items())[:max_lines]:
        spans: list[list[int]] = []  # merged highlight spans: touching or overlapping ones join
        for ev in sorted(items, key=lambda e: e.start):
            if spans and ev.start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], ev.end)
            else:
                spans.append([ev.start, ev.end])
        left = max(line_start, spans[0][0] - _AROUND)
        right = min(line_end, spans[-1][1] + _AROUND)
        snippet = Text("    ")
        if items[0].speaker:
            snippet.append(f"{items[0].speaker}: ", style="dim")
        snippet.append("…" if left > line_start else "")
        pos = left
        for start, end in spans:
            snippet.append(text[pos:start])
            snippet.append(mark(text[start:end]))
            pos = end
        snippet.append(text[pos:right] + ("…" if right < line_end else ""))
        out.append(snippet)
    return out


def _bullets(console: Console, title: str, lines: list[str]) -> None:
    """A titled list, after a blank line; nothing when the list is empty."""
    if not lines:
        return
    console.print()
    console.print(f"[bold]{escape(title)}[/bold]")
    for line in lines:
        console.print(f"  • {escape(line)}")


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
            for snippet in _snippets(text, tactic.evidence, plain=not console.is_terminal):
                console.print(snippet)
            if explain:
                console.print(f"    [dim]{escape(tactic.explanation)}[/dim]")
    if verdict.model is not None and verdict.model.words and verdict.flagged:
        words = ", ".join(f'"{w.text}"' for w in verdict.model.words)
        score = verdict.model.score
        console.print(f"  • [dim]The trained model ({score:.2f}) was pushed most by:[/dim] {escape(words)}")
    if verdict.indicators:
        console.print()
        console.print("[bold]Details in the message[/bold]")
        shown: set[tuple[str, str]] = set()
        for ind in verdict.indicators:
            if (ind.type, ind.normalized) in shown:  # the same thing named twice
                continue
            shown.add((ind.type, ind.normalized))
            norm = f" → {ind.normalized}" if ind.normalized != ind.value else ""
            console.print(f"  {ind.type.replace('_', ' ')}: {escape(ind.value)}{escape(norm)}")
    _bullets(console, "What to do", verdict.advice)
    for block in verdict.if_already:
        _bullets(console, block.title, block.steps)
    _bullets(console, "Where to report it", [f"{rep.name}: {rep.how}" for rep in verdict.report_to])
    if explain:
        console.print()
        console.print(f"[dim]context: {verdict.context}; engine {verdict.engine_version}[/dim]")
