"""E-mail addresses, normalised to lower case; each also yields its domain."""

from __future__ import annotations

from collections.abc import Iterator

from hangup.indicators.model import Indicator
from hangup.indicators.patterns import Scanner, compile_re2
from hangup.indicators.urls import DomainTools

_EMAIL = compile_re2(
    r"\b[a-z0-9][a-z0-9._%+\-]{0,63}@"
    r"[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9][a-z0-9\-]{0,62}){0,7}\.(?:xn--[a-z0-9\-]{1,59}|[a-z]{2,63})\b"
)


def find_emails(scanner: Scanner, domains: DomainTools) -> Iterator[Indicator]:
    """Every e-mail address whose domain ends in a real public suffix, and that domain."""
    text = scanner.text
    for spans in scanner.finditer(_EMAIL):
        start, end = spans[0]
        value = text[start:end]
        at = value.rfind("@")
        host = value[at + 1 :].lower()
        if not domains.is_suffix(host.rsplit(".", 1)[-1]):
            continue
        registered = domains.registered(host)
        if not registered:
            continue
        yield Indicator("email", value, value.lower(), start, end)
        yield Indicator("domain", value[at + 1 :], registered, start + at + 1, end)
