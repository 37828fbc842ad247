"""The indicator record: one piece of evidence found in a text, with where it was found."""

from __future__ import annotations

from dataclasses import dataclass

INDICATOR_TYPES: tuple[str, ...] = (
    "phone",
    "url",
    "domain",
    "email",
    "remote_access_tool",
    "remote_access_id",
    "money",
    "payment_method",
    "brand",
    "crypto_wallet",
    "bank_account",
)


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator: its type, the text as written, a canonical form and its offsets.

    ``text[start:end] == value`` always holds for the text it was extracted from.
    """

    type: str  # one of INDICATOR_TYPES
    value: str  # the text as written
    normalized: str  # canonical form, e.g. "+448001234567", "anydesk.com", "GBP 199.99"
    start: int
    end: int
