"""Brands and organisations a message claims to be (Microsoft, Norton, BT, HMRC ...).

The list lives in ``data/brands.yaml``; ``normalized`` is the canonical name. Ambiguous names are
case-sensitive ("Sky", "Chase", "Apple") or only count in longer phrases ("windows computer"), so
"open the windows, it's hot" names no brand.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from hangup.indicators.datafiles import load_yaml
from hangup.indicators.model import Indicator
from hangup.indicators.patterns import Scanner
from hangup.indicators.payments import phrases_from
from hangup.indicators.phrases import PhraseMatcher

# Words that make an ambiguous brand name (Target, EE, Mac) count when they occur nearby.
BRAND_CONTEXT = (
    "account", "support", "technician", "customer", "service", "security", "department", "calling",
    "call", "bank", "card", "store", "order", "refund", "subscription", "broadband", "internet",
    "router", "computer", "laptop", "device", "phone", "network", "mobile",
)


@functools.cache
def official_domains() -> Mapping[str, frozenset[str]]:
    """Brand name -> the registered domains it sends email from (brands with ``domains`` only)."""
    entries = load_yaml("brands.yaml").get("brands") or []
    return {str(e["name"]): frozenset(str(d).lower() for d in e["domains"]) for e in entries if e.get("domains")}


def is_country_suffix(suffix: str) -> bool:
    """"de", "co.uk", "com.au": a public suffix that ends in a country code."""
    last = suffix.rpartition(".")[2]
    return len(last) == 2 and last.isalpha()


def official_for(brand: str, domain: str) -> bool | None:
    """Whether the registered ``domain`` is one the brand sends from (its own name on a country
    suffix counts: amazon.de, google.co.jp); None when the catalogue lists no domains for it."""
    own = official_domains().get(brand)
    if own is None:
        return None
    if domain in own:
        return True
    label, _, suffix = domain.partition(".")
    return is_country_suffix(suffix) and any(d.partition(".")[0] == label for d in own)


class BrandFinder:
    """Finds brand names; :attr:`sectors` maps each canonical name to its sector."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        data = data if data is not None else load_yaml("brands.yaml")
        entries = data.get("brands") or []
        self.sectors: dict[str, str] = {str(e["name"]): str(e.get("sector", "")) for e in entries}
        self._matcher = PhraseMatcher(
            phrases_from(entries, "name", "brands.yaml"), context_words=BRAND_CONTEXT, window=60
        )

    def find(self, scanner: Scanner) -> Iterator[Indicator]:
        """Every brand name in the text."""
        for hit in self._matcher.finditer(scanner):
            yield Indicator("brand", hit.value, hit.canonical, hit.start, hit.end)
