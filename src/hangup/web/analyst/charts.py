"""Charts drawn on the server as inline SVG: no script, no CDN, readable by screen readers.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that says what it shows
in words (the largest values); the page puts the same figures in a table beside it. Colours come
from the stylesheet (classes, not inline styles, which the Content-Security-Policy forbids).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from hangup.cases.stats import Row

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 220
VALUE_WIDTH = 60
MAX_LABEL_CHARS = 30
COLUMN_HEIGHT = 180


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _describe(rows: Sequence[Row], unit: str) -> str:
    if not rows or not any(r.reports for r in rows):
        return f"No {unit} in this period."
    top = sorted(rows, key=lambda r: -r.reports)[:3]
    parts = [f"{r.label}: {r.reports}" for r in top]
    return f"Largest: {'; '.join(parts)}. The table beside the chart gives every figure."


def bar_chart(chart_id: str, title: str, rows: Sequence[Row], unit: str = "reports") -> Markup:
    """Horizontal bars, one per row, labelled with the row's name and its number of reports."""
    height = max(1, len(rows)) * (BAR_HEIGHT + GAP) + GAP
    top = max((r.reports for r in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(rows, unit))}</desc>',
    ]
    for n, row in enumerate(rows):
        y = GAP + n * (BAR_HEIGHT + GAP)
        length = round(span * row.reports / top, 1)
        parts.append(
            f'<g><text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 6}" text-anchor="end">'
            f'{escape(_short(row.label))}</text>'
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1 if row.reports else 0)}" '
            f'height="{BAR_HEIGHT}"></rect>'
            f'<text class="chart-value" x="{LABEL_WIDTH + length + 6}" y="{y + BAR_HEIGHT - 6}">{row.reports}'
            "</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # every text above is escaped


def column_chart(chart_id: str, title: str, rows: Sequence[Row]) -> Markup:
    """Vertical columns over time (weeks), with the first and last week named on the axis."""
    count = max(1, len(rows))
    slot = (WIDTH - 40) / count
    top = max((r.reports for r in rows), default=0) or 1
    base = COLUMN_HEIGHT + 10
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {base + 40}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_trend(rows))}</desc>',
        f'<line class="chart-axis" x1="30" y1="{base}" x2="{WIDTH - 10}" y2="{base}"></line>',
        f'<text class="chart-value" x="0" y="20">{top}</text>',
    ]
    for n, row in enumerate(rows):
        h = round(COLUMN_HEIGHT * row.reports / top, 1)
        x = 30 + n * slot + slot * 0.15
        parts.append(f'<rect class="chart-bar" x="{x:.1f}" y="{base - h}" width="{slot * 0.7:.1f}" height="{h}">'
                     f'<title>{escape(row.label)}: {row.reports}</title></rect>')
    if rows:
        parts.append(f'<text class="chart-label" x="30" y="{base + 25}">{escape(rows[0].label)}</text>')
        if len(rows) > 1:
            parts.append(f'<text class="chart-label" x="{WIDTH - 10}" y="{base + 25}" text-anchor="end">'
                         f'{escape(rows[-1].label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # every text above is escaped


def _trend(rows: Sequence[Row]) -> str:
    if not rows:
        return "No weeks in this period."
    busiest = max(rows, key=lambda r: r.reports)
    total = sum(r.reports for r in rows)
    return (f"{total} reports over {len(rows)} weeks; the busiest was the {busiest.label.lower()} with "
            f"{busiest.reports}. The table beside the chart gives every week.")
