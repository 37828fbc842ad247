"""Statistics tables as CSV downloads, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from hangup.cases.stats import Table

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A CSV cell; text a spreadsheet would run as a formula (an area typed as "=HYPERLINK(...)") is quoted."""
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def table_csv(table: Table, currency: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([table.label_heading, "Reports", "Lost money", f"Loss ({currency})"])
    for row in table.rows:
        writer.writerow([cell(row.label), row.reports, row.money_lost, f"{row.loss_minor / 100:.2f}"])
    return out.getvalue()
