"""Amounts of money with a currency: "$299.99", "£ 1,200", "USD 500", "499.99 USD", "500 dollars",
"99p", "two hundred dollars". Normalised to "CUR 1234.56" (ISO 4217 code, two decimals).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from hangup.indicators.model import Indicator
from hangup.indicators.patterns import Scanner, compile_re2

_SYMBOLS = {
    "$": "USD", "us$": "USD", "usd$": "USD", "c$": "CAD", "ca$": "CAD", "a$": "AUD", "au$": "AUD",
    "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "rs": "INR", "rs.": "INR",
}
_CODES = ("USD", "GBP", "EUR", "CAD", "AUD", "INR", "NZD", "JPY", "CHF")
_WORDS = {
    "dollar": "USD", "dollars": "USD", "buck": "USD", "bucks": "USD", "pound": "GBP", "pounds": "GBP",
    "quid": "GBP", "euro": "EUR", "euros": "EUR", "rupee": "INR", "rupees": "INR",
}
_MINOR_WORDS = {"cent": "USD", "cents": "USD", "pence": "GBP", "p": "GBP", "penny": "GBP"}
_UNITS = {
    "zero": 0, "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,9}(?:\.\d{1,2})?"
_SYMBOL = r"(?:us\$|usd\$|c\$|ca\$|a\$|au\$|\$|£|€|¥|₹|\brs\.?)"
_CODE = "|".join(_CODES)
_CURWORD = "|".join(sorted(_WORDS, key=len, reverse=True))
_NUMWORD = "|".join(sorted([w for w in _UNITS if w != "a"] + list(_SCALES), key=len, reverse=True))
_SPELLED = rf"\b(?:{_NUMWORD}|a)(?:(?:[\s\-]+and[\s\-]+|[\s\-]+)(?:{_NUMWORD}))*"

_MONEY = compile_re2(
    rf"(?P<sym>{_SYMBOL})\s?(?P<n1>{_NUMBER})(?:(?P<k1>k|m)\b|\b)"
    rf"|\b(?P<code>{_CODE})\s?(?P<n2>{_NUMBER})\b"
    rf"|(?:\b|^)(?P<n3>{_NUMBER})\s?(?:(?P<code3>{_CODE})|(?P<word3>{_CURWORD}))\b"
    rf"(?:\s+and\s+(?P<minor3>\d{{1,2}})\s+(?:cents?|pence|p)\b)?"
    rf"|\b(?P<n4>\d{{1,2}})\s?(?P<minor4>cents|cent|pence|p)\b"
    rf"|(?P<sp>{_SPELLED})[\s\-]+(?P<word5>{_CURWORD})\b"
)

_GROUPS: dict[str, int] = dict(_MONEY.groupindex)

# Matches wherever _MONEY does (case-insensitive): a symbol, a code, a currency word, or a minor unit.
GATE = (
    r"[$£€¥₹]|\brs|" + _CODE + "|dollar|buck|pound|quid|euro|rupee"
    r"|\d\s?(?:cents|cent|pence|p)\b"
)


def spelled_value(words: str) -> int | None:
    """The value of a spelled number ("two hundred and fifty" -> 250), or ``None``."""
    total = current = 0
    seen = False
    for word in words.lower().replace("-", " ").split():
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _amount(number: str) -> Decimal | None:
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None


def _group(spans: list[tuple[int, int]], names: dict[str, int], name: str, text: str) -> str | None:
    s, e = spans[names[name]]
    return None if s < 0 else text[s:e]


def find_money(scanner: Scanner) -> Iterator[Indicator]:
    """Every amount of money written with a currency symbol, code or word."""
    text = scanner.text
    names = _GROUPS
    for spans in scanner.finditer(_MONEY):
        start, end = spans[0]

        def group(name: str, spans: list[tuple[int, int]] = spans) -> str | None:
            return _group(spans, names, name, text)

        currency: str | None = None
        amount: Decimal | None = None
        if (sym := group("sym")) is not None:
            currency = _SYMBOLS.get(sym.lower())
            amount = _amount(group("n1") or "")
            if amount is not None and (k := group("k1")):
                amount *= 1000 if k.lower() == "k" else 1_000_000
        elif (code := group("code")) is not None:
            currency, amount = code.upper(), _amount(group("n2") or "")
        elif (n3 := group("n3")) is not None:
            code3, word3 = group("code3"), group("word3")
            currency = code3.upper() if code3 else _WORDS.get((word3 or "").lower())
            amount = _amount(n3)
            minor = group("minor3")
            if amount is not None and minor and "." not in n3:
                amount += Decimal(minor) / 100
        elif (n4 := group("n4")) is not None:
            currency = _MINOR_WORDS.get((group("minor4") or "").lower())
            amount = Decimal(n4) / 100
        elif (sp := group("sp")) is not None:
            value = spelled_value(sp)
            currency = _WORDS.get((group("word5") or "").lower())
            amount = Decimal(value) if value is not None else None
        if currency is None or amount is None:
            continue
        yield Indicator("money", text[start:end], f"{currency} {amount:.2f}", start, end)
