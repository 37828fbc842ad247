"""Reports and indicators as CSV (for spreadsheets) and JSON (for programs).

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``@``, ``+`` or ``-``
followed by something other than a digit, a tab or a carriage return) get a leading apostrophe; phone
numbers in E.164 (``+44...``) stay as they are.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from hangup import __version__
from hangup.cases.exports.model import ExportData, SharedIndicator, SharedReport

JSON_FORMAT_VERSION = 1

REPORT_COLUMNS = (
    "reference", "reported_at", "contacted_at", "status", "channel", "claimed_brands", "remote_access_given",
    "remote_access_tools", "money_lost", "amount", "currency", "payment_method", "verdict", "score", "category",
    "tactics", "phones", "emails", "domains", "urls", "remote_access_ids", "bank_accounts", "crypto_wallets",
    "payment_methods_seen", "card_merchants",
)
INDICATOR_COLUMNS = ("type", "value", "first_seen", "last_seen", "report_count", "references")
_LISTS = {
    "phones": "phone", "emails": "email", "domains": "domain", "urls": "url", "remote_access_ids": "remote_access_id",
    "bank_accounts": "bank_account", "crypto_wallets": "crypto_wallet", "payment_methods_seen": "payment_method",
    "card_merchants": "card_merchant",
}


def _when(value: datetime | None) -> str:
    return value.isoformat().replace("+00:00", "Z") if value else ""


def safe_cell(value: str) -> str:
    """A CSV cell that no spreadsheet will run as a formula."""
    if not value:
        return value
    first, rest = value[0], value[1:2]
    if first in "=@\t\r" or (first in "+-" and not rest.isdigit()):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell("" if cell is None else str(cell)) for cell in row])
    return out.getvalue()


def _values(report: SharedReport, kind: str) -> list[str]:
    return [value for k, value in report.indicators if k == kind]


def _report_row(r: SharedReport) -> list[Any]:
    facts = [
        r.reference, _when(r.reported_at), _when(r.contacted_at), r.status, r.channel, "; ".join(r.brands),
        "yes" if r.remote_access_given else "no", "; ".join(r.remote_access_tools), "yes" if r.money_lost else "no",
        r.amount, r.currency, r.payment_method, r.verdict, "" if r.score is None else f"{r.score:.2f}", r.category,
        "; ".join(t.id for t in r.tactics),
    ]
    return facts + ["; ".join(_values(r, kind)) for kind in _LISTS.values()]


def reports_csv(data: ExportData) -> str:
    """One row per report: its facts, and its shareable indicators joined with "; "."""
    return _csv(REPORT_COLUMNS, (_report_row(r) for r in data.reports))


def _indicator_row(i: SharedIndicator) -> list[Any]:
    return [i.type, i.value, _when(i.first_seen), _when(i.last_seen), i.report_count, "; ".join(i.references)]


def indicators_csv(data: ExportData) -> str:
    """One row per indicator: type, value, first and last seen, in how many reports, and which."""
    return _csv(INDICATOR_COLUMNS, (_indicator_row(i) for i in data.indicators))


def _report_json(r: SharedReport) -> dict[str, Any]:
    indicators: dict[str, list[str]] = {}
    for kind, value in r.indicators:
        indicators.setdefault(kind, []).append(value)
    return {
        "reference": r.reference, "reported_at": _when(r.reported_at), "contacted_at": _when(r.contacted_at) or None,
        "status": r.status, "channel": r.channel, "claimed_brands": list(r.brands),
        "remote_access_given": r.remote_access_given, "remote_access_tools": list(r.remote_access_tools),
        "money_lost": r.money_lost, "amount": None if r.amount is None else str(r.amount), "currency": r.currency,
        "payment_method": r.payment_method, "verdict": r.verdict, "score": r.score, "category": r.category,
        "tactics": [{"id": t.id, "name": t.name} for t in r.tactics], "indicators": indicators,
    }


def _money(totals: dict[str, Decimal]) -> dict[str, str]:
    return {currency: str(amount) for currency, amount in sorted(totals.items())}


def to_json_dict(data: ExportData) -> dict[str, Any]:
    """The export as a JSON-ready dict (see docs/sharing.md for the layout)."""
    sel = data.selection
    return {
        "format": "hangup-export", "format_version": JSON_FORMAT_VERSION, "producer": data.producer,
        "tool": f"hangup {__version__}", "generated_at": _when(data.generated_at),
        "selection": {
            "description": sel.describe(), "since": _when(sel.since) or None, "until": _when(sel.until) or None,
            "campaign": sel.report_ids is not None,
        },
        "summary": {
            "reports": len(data.reports), "money_lost": sum(r.money_lost for r in data.reports),
            "total_loss": _money(data.total_loss()), "first_seen": _when(data.first_seen) or None,
            "last_seen": _when(data.last_seen) or None, "withheld_for_privacy": data.withheld,
        },
        "reports": [_report_json(r) for r in data.reports],
        "indicators": [
            {"type": i.type, "value": i.value, "first_seen": _when(i.first_seen), "last_seen": _when(i.last_seen),
             "report_count": i.report_count, "references": list(i.references)}
            for i in data.indicators
        ],
    }


def to_json(data: ExportData) -> str:
    """The export as indented JSON text."""
    return json.dumps(to_json_dict(data), indent=2, ensure_ascii=False) + "\n"
