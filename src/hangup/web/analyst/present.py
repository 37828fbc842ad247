"""How the analyst pages write things: money, dates, and the names of statuses, channels and types."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from hangup.cases.stats import AGE_NAMES, CHANNEL_NAMES

SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}
STATUS_NAMES = {"new": "New", "reviewed": "Reviewed", "linked": "Linked", "closed": "Closed"}
VERDICT_NAMES = {"scam": "Scam", "suspicious": "Suspicious", "not_scam": "No signs of a scam"}
TYPE_NAMES = {
    "phone": "Phone number", "email": "Email address", "domain": "Domain", "url": "Web page",
    "remote_access_tool": "Remote-access tool", "remote_access_id": "Remote-access ID", "money": "Amount",
    "payment_method": "Payment method", "brand": "Brand", "crypto_wallet": "Crypto wallet",
    "bank_account": "Bank account", "card_merchant": "Card merchant",
}
UNLINKED_REASONS = {
    "common": "a genuine value that honest messages share",
    "too_many": "shared by more reports than the link_max_reports setting allows",
    "split": "split by an analyst",
}


def money(minor: int | None, currency: str | None = None) -> str:
    """``12345, "GBP"`` -> ``£123.45``; None -> ``-``."""
    if minor is None:
        return "-"
    code = (currency or "").upper()
    amount = f"{minor / 100:,.2f}"
    symbol = SYMBOLS.get(code)
    return f"{symbol}{amount}" if symbol else f"{amount} {code}".strip()


def when(value: datetime | None) -> str:
    return value.strftime("%d %b %Y %H:%M") if value else "-"


def day(value: datetime | None) -> str:
    return value.strftime("%d %b %Y") if value else "-"


def _name(names: dict[str, str]) -> Callable[[Any], str]:
    return lambda value: names.get(str(value), str(value).replace("_", " ")) if value is not None else "-"


FILTERS: dict[str, Callable[..., str]] = {
    "money": money,
    "when": when,
    "day": day,
    "status_name": _name(STATUS_NAMES),
    "verdict_name": _name(VERDICT_NAMES),
    "type_name": _name(TYPE_NAMES),
    "channel_name": _name(CHANNEL_NAMES),
    "age_name": _name(AGE_NAMES),
    "unlinked_reason": _name(UNLINKED_REASONS),
}
