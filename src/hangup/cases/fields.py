"""Field types and checks of the report schema: phone numbers, emails, websites, bank details, free text.

Each check takes what a person typed and returns it tidied (sort code as 12-34-56, IBAN without
spaces in upper case) or raises ``ValueError`` with a message meant for that person.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints, ValidationError

MAX_LIST_ITEMS = 20
MAX_MESSAGE_CHARS = 200_000
MAX_FREE_TEXT_CHARS = 20_000

_PHONE_CHARS = re.compile(r"^\+?[0-9 ().\-/]{3,40}$")
_EMAIL = re.compile(r"^[^@\s<>(),;:\"]{1,64}@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]{2,}$")
_WEBSITE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.\-]*://)?[^\s/?#@]+\.[^\s/?#@]{2,}(?:[/?#]\S*)?$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_SORT_CODE = re.compile(r"^\d{2}[- ]?\d{2}[- ]?\d{2}$")
_ACCOUNT = re.compile(r"^[0-9 \-]{4,34}$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$")
_WALLET = re.compile(r"^[A-Za-z0-9:]{20,120}$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_\-]{8,100}$")


def _no_control(value: str) -> str:
    if CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_no_control)
]
FreeText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_FREE_TEXT_CHARS)]


def _phone(value: str) -> str:
    if not _PHONE_CHARS.match(value) or sum(ch.isdigit() for ch in value) < 3:
        raise ValueError(f"{value!r} is not a phone number: use digits, spaces and an optional leading +")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an email address (like name@example.com)")
    return value


def _website(value: str) -> str:
    if not _WEBSITE.match(value):
        raise ValueError(f"{value!r} is not a website address (like example.com or https://example.com/page)")
    return value


Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50), AfterValidator(_phone)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254), AfterValidator(_email)]
Website = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), AfterValidator(_website)]


def iban_is_valid(iban: str) -> bool:
    """True when ``iban`` (upper case, no spaces) passes the ISO 13616 mod-97 check."""
    moved = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in moved)
    return int(digits) % 97 == 1


def blank_to_none(value: object) -> object:
    """Empty form fields arrive as "": treat them as not given."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def currency_code(value: str) -> str:
    """An ISO 4217 code, upper case."""
    value = value.upper()
    if not _CURRENCY.match(value):
        raise ValueError("use a three-letter currency code such as GBP, USD or EUR")
    return value


def sort_code(value: str) -> str:
    """A UK sort code as 12-34-56."""
    if not _SORT_CODE.match(value):
        raise ValueError("a sort code is six digits, like 12-34-56")
    digits = re.sub(r"\D", "", value)
    return f"{digits[:2]}-{digits[2:4]}-{digits[4:]}"


def account_number(value: str) -> str:
    """A bank account number, digits only."""
    if not _ACCOUNT.match(value):
        raise ValueError("an account number is digits only (spaces and dashes allowed)")
    return re.sub(r"\D", "", value)


def iban(value: str) -> str:
    """An IBAN that passes its checksum, upper case without spaces."""
    compact = re.sub(r"[\s\-]", "", value).upper()
    if not _IBAN.match(compact) or not iban_is_valid(compact):
        raise ValueError("this is not a valid IBAN: please check it, or put it under what made you suspicious")
    return compact


def crypto_wallet(value: str) -> str:
    """A crypto wallet address as typed (addresses are case-sensitive)."""
    if not _WALLET.match(value):
        raise ValueError("a crypto wallet address is 20 to 120 letters and digits, without spaces")
    return value


def field_errors(exc: ValidationError) -> list[tuple[str, str]]:
    """(field, message) for each problem, in plain words: for a form to show beside its inputs.

    ``field`` is the dotted path ("phone_numbers.1"); empty for a problem with the whole form.
    """
    out = []
    for err in exc.errors(include_url=False):
        where = ".".join(str(p) for p in err["loc"])
        message = str(err["msg"]).removeprefix("Value error, ")
        out.append((where, message))
    return out


def explain(exc: ValidationError) -> str:
    """Every problem on one line each ("phone_numbers.1: '12ab' is not a phone number ...")."""
    return "; ".join(f"{where}: {message}" if where else message for where, message in field_errors(exc))
