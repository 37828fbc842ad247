"""Verdict parts in the words the result page uses."""

from __future__ import annotations

from dataclasses import dataclass

from hangup.advice import AdvicePack
from hangup.detect.verdict import Verdict

#: Indicator types in the order and words the result page shows them.
INDICATOR_LABELS: dict[str, str] = {
    "brand": "Company named",
    "phone": "Phone number",
    "email": "Email address",
    "url": "Web address",
    "domain": "Website",
    "remote_access_tool": "Remote access program",
    "remote_access_id": "Remote access ID",
    "money": "Amount of money",
    "payment_method": "Way to pay",
    "bank_account": "Bank account",
    "crypto_wallet": "Crypto wallet",
}
# Shown by their canonical name ("AnyDesk", not "anydesk"); other types as written in the message.
_CANONICAL = ("brand", "remote_access_tool")


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    label: str
    value: str


def indicator_lines(verdict: Verdict) -> list[IndicatorLine]:
    """Each indicator once, grouped by type; a website already shown as a web address is left out."""
    shown: set[str] = set()
    lines: list[IndicatorLine] = []
    for kind, label in INDICATOR_LABELS.items():
        for ind in verdict.indicators:
            if ind.type != kind:
                continue
            value = ind.normalized if kind in _CANONICAL else ind.value
            key = value.lower()
            if key in shown:
                continue
            shown.add(key)
            lines.append(IndicatorLine(label, value))
    return lines


def split_advice(verdict: Verdict, pack: AdvicePack) -> tuple[list[str], list[str]]:
    """(what to do now: the pack's general steps, the rest) from the verdict's advice."""
    general = set(pack.general)
    now = [line for line in verdict.advice if line in general]
    rest = [line for line in verdict.advice if line not in general]
    return (now, rest) if now else (verdict.advice[:4], verdict.advice[4:])
