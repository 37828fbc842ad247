"""Indicators from what the reporter typed, normalised exactly as the engine normalises what it finds.

Each value goes through :func:`hangup.indicators.extract`, so a phone number typed as "0800 123 4567"
and one read in a transcript both become ``+448001234567``, a website both ``evil.com`` (domain) and
``http://www.evil.com/fix`` (url), and so on. A value the extractor does not recognise is still kept,
in a plain canonical form (digits of a phone number, lower-case host, the wallet as typed), because
what the victim saw is evidence even when it is malformed.

Types beyond the engine's: ``card_merchant`` (lower case, single spaces), and ``bank_account``
``uk_account:<sort code>:<account number>`` when both are given (a stronger link than either alone).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hangup.cases.schema import ContactIn, ReportIn
from hangup.indicators import extract

MAX_VALUE = 512


@dataclass(frozen=True, slots=True)
class NormalIndicator:
    """One indicator ready to store: type, the value as written, its canonical form, where it came from."""

    type: str
    value: str
    normalized: str
    source: str


def _first(text: str, kind: str, region: str) -> str | None:
    return next((i.normalized for i in extract(text, region=region) if i.type == kind), None)


def normal_phone(value: str, region: str) -> str:
    """A phone number in E.164 when it is a valid one, else its digits (with + if it had one)."""
    found = _first(value, "phone", region)
    if found:
        return found
    digits = re.sub(r"\D", "", value)
    return f"+{digits}" if value.lstrip().startswith("+") else digits


def _website(value: str, region: str) -> Iterator[tuple[str, str]]:
    found = [(i.type, i.normalized) for i in extract(value, region=region) if i.type in ("url", "domain")]
    if found:
        yield from found
        return
    host = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://", "", value).split("/", 1)[0].split(":", 1)[0].lower()
    yield "domain", host.removeprefix("www.")


def _email(value: str, region: str) -> Iterator[tuple[str, str]]:
    lower = value.lower()
    yield "email", lower
    domain = _first(lower, "domain", region)
    yield "domain", domain or lower.rsplit("@", 1)[-1]


def _tool_key(name: str) -> str:
    return "".join(name.lower().split())


def _remote_id(value: str, tool: str | None, region: str) -> str:
    tool_name = _first(tool, "remote_access_tool", region) if tool else None
    found = _first(f"{tool_name or 'remote'} ID {value}", "remote_access_id", region)
    if found and (tool_name or ":" not in found):
        return found
    digits = re.sub(r"[\s\-]", "", value)
    body = digits if digits.isdigit() else value.strip().lower()
    return f"{_tool_key(tool_name)}:{body}" if tool_name else body


def _reported(report: ReportIn, region: str) -> Iterator[tuple[str, str, str]]:
    """(type, value as typed, normalized) for every indicator the reporter gave."""
    for phone in report.phone_numbers:
        yield "phone", phone, normal_phone(phone, region)
    for email in report.emails:
        for kind, norm in _email(email, region):
            yield kind, email, norm
    for site in report.websites:
        for kind, norm in _website(site, region):
            yield kind, site, norm
    if report.claimed_organisation:
        for ind in extract(report.claimed_organisation, region=region):
            if ind.type == "brand":
                yield "brand", report.claimed_organisation, ind.normalized
    if report.remote_access_tool:
        tool = _first(report.remote_access_tool, "remote_access_tool", region)
        yield "remote_access_tool", report.remote_access_tool, tool or report.remote_access_tool
    if report.remote_access_id:
        yield "remote_access_id", report.remote_access_id, _remote_id(
            report.remote_access_id, report.remote_access_tool, region
        )
    yield from _payment(report, region)


def _payment(report: ReportIn, region: str) -> Iterator[tuple[str, str, str]]:
    if report.paid_to_iban:
        yield "bank_account", report.paid_to_iban, f"iban:{report.paid_to_iban}"
    sort = report.paid_to_sort_code.replace("-", "") if report.paid_to_sort_code else None
    account = report.paid_to_account_number
    if sort:
        yield "bank_account", report.paid_to_sort_code or sort, f"sort_code:{sort}"
    if account:
        yield "bank_account", account, f"account_number:{account}"
    if sort and account:
        yield "bank_account", f"{report.paid_to_sort_code} {account}", f"uk_account:{sort}:{account}"
    if report.paid_to_crypto_wallet:
        wallet = report.paid_to_crypto_wallet
        yield "crypto_wallet", wallet, _first(wallet, "crypto_wallet", region) or wallet
    if report.paid_to_card_merchant:
        merchant = report.paid_to_card_merchant
        yield "card_merchant", merchant, " ".join(merchant.lower().split())
    if report.paid_to_gift_card_type:
        card = _first(f"{report.paid_to_gift_card_type} gift card", "payment_method", region)
        if card:
            yield "payment_method", report.paid_to_gift_card_type, card


def reporter_indicators(report: ReportIn, region: str) -> list[NormalIndicator]:
    """Every indicator the reporter typed, normalised (source ``reporter``)."""
    return [NormalIndicator(t, v[:MAX_VALUE], n[:MAX_VALUE], "reporter") for t, v, n in _reported(report, region)]


def contact_values(contact: ContactIn | None, region: str) -> set[str]:
    """The reporter's own email and phone, normalised: never stored as indicators of the scam."""
    if contact is None:
        return set()
    values = set()
    if contact.email:
        values.add(contact.email.lower())
    if contact.phone:
        values.add(normal_phone(contact.phone, region))
    return values


def merge(groups: Iterable[Iterable[NormalIndicator]], exclude: set[str], seen: set[tuple[str, str]]) -> list[
    NormalIndicator
]:
    """Indicators without duplicates (same type and normalized value: the first wins) or excluded values.

    ``seen`` holds the (type, normalized) pairs already stored and is updated.
    """
    out: list[NormalIndicator] = []
    for group in groups:
        for ind in group:
            key = (ind.type, ind.normalized)
            if not ind.normalized or key in seen or ind.normalized in exclude:
                continue
            seen.add(key)
            out.append(ind)
    return out
