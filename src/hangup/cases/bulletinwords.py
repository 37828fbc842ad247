"""Numbers, money, dates and lists the way a police press release writes them.

One to nine in words, 10 and over in figures with thousands separators ("three reports", "1,204
reports"); "no" for zero. Money in figures with its symbol, pence/cents only when there are some
("£199.99", "£450", "£1.2 million"). Percentages only of counts large enough to mean something (the
phrase pack's ``percent_from``), rounded, and "less than 1" rather than 0.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}
MILLION = 1_000_000


def number(n: int) -> str:
    """``n`` as a press release writes it: words below ten, figures from ten."""
    return WORDS[n] if 0 <= n < len(WORDS) else f"{n:,}"


def counted(n: int, one: str, many: str) -> str:
    """"one report", "three reports", "14 reports"."""
    return f"{number(n)} {one if n == 1 else many}"


def capitalised(text: str) -> str:
    """``text`` with its first letter in upper case (for a sentence that starts with a number in words)."""
    return text[:1].upper() + text[1:]


def money(minor: int, currency: str) -> str:
    """An amount in hundredths as "£199.99", "£450" or "£1.2 million"."""
    amount = Decimal(minor) / 100
    symbol = SYMBOLS.get(currency.upper())
    if amount >= MILLION:
        millions = (amount / MILLION).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        text = f"{millions.normalize():f} million"
    elif amount == amount.to_integral_value():
        text = f"{int(amount):,}"
    else:
        text = f"{amount:,.2f}"
    return f"{symbol}{text}" if symbol else f"{text} {currency.upper()}"


def percentage(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` in per cent, rounded half up; None for nothing of nothing."""
    if whole <= 0:
        return None
    return int((Decimal(100 * part) / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_text(part: int, whole: int, template: str) -> str:
    """The percentage in words ("12 per cent", "less than 1 per cent") through the pack's ``template``."""
    value = percentage(part, whole) or 0
    shown = "less than 1" if value == 0 and part > 0 else str(value)
    return template.replace("{n}", shown)


def day(when: date, template: str) -> str:
    """``when`` as "1 May 2026" or "May 1, 2026" (the pack's ``date`` template)."""
    return (template.replace("{day}", str(when.day)).replace("{month}", MONTHS[when.month - 1])
            .replace("{year}", str(when.year)))


def listed(items: list[str], *, oxford_comma: bool) -> str:
    """"a", "a and b", "a, b and c" (or "a, b, and c")."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ("," if oxford_comma else "") + " and " + items[-1]
