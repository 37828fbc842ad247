"""How payment is asked for: card, bank transfer, gift cards by brand, crypto, money services.

Phrases live in ``data/payment_methods.yaml``; ``normalized`` is e.g. "gift_card:google_play",
"crypto:bitcoin", "wire:western_union", "card" or "bank_transfer".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hangup.errors import ConfigError
from hangup.indicators.datafiles import load_yaml
from hangup.indicators.model import Indicator
from hangup.indicators.patterns import Scanner
from hangup.indicators.phrases import Phrase, PhraseMatcher

_PLURAL_ENDINGS = ("card", "voucher", "code")


def phrases_from(entries: list[dict[str, Any]], key: str, source: str) -> list[Phrase]:
    """Phrases from YAML entries with ``key`` (the canonical form) and ``aliases``."""
    phrases: list[Phrase] = []
    for entry in entries:
        canonical = entry.get(key)
        if not canonical:
            raise ConfigError(f"{source}: an entry has no {key!r}")
        for alias in [*(entry.get("aliases") or [])]:
            if isinstance(alias, str):
                phrases.append(Phrase(alias, str(canonical)))
            elif isinstance(alias, dict) and alias.get("text"):
                phrases.append(
                    Phrase(
                        str(alias["text"]),
                        str(canonical),
                        case_sensitive=bool(alias.get("case_sensitive", False)),
                        needs_context=bool(alias.get("context", False)),
                    )
                )
            else:
                raise ConfigError(f"{source}: bad alias {alias!r} for {canonical}")
    return phrases


class PaymentFinder:
    """Finds payment-method phrases."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        data = data if data is not None else load_yaml("payment_methods.yaml")
        phrases = phrases_from(data.get("methods") or [], "normalized", "payment_methods.yaml")
        plurals = [
            Phrase(p.text + "s", p.canonical, p.case_sensitive, p.needs_context)
            for p in phrases
            if p.text.lower().endswith(_PLURAL_ENDINGS)
        ]
        self._matcher = PhraseMatcher(
            [*phrases, *plurals], context_words=[str(w) for w in data.get("context") or []], window=60
        )

    def find(self, scanner: Scanner) -> Iterator[Indicator]:
        """Every payment-method phrase in the text."""
        for hit in self._matcher.finditer(scanner):
            yield Indicator("payment_method", hit.value, hit.canonical, hit.start, hit.end)
