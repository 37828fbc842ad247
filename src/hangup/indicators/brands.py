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
def _catalogue() -> dict[str, Any]:
    """brands.yaml, read once."""
    return load_yaml("brands.yaml")


@functools.cache
def _domain_data() -> tuple[Mapping[str, tuple[str, ...]], frozenset[str]]:
    data = _catalogue()
    entries = data.get("brands") or []
    domains = {str(e["name"]): tuple(str(d).lower() for d in e["domains"]) for e in entries if e.get("domains")}
    return domains, frozenset(str(s).lower() for s in data.get("country_suffixes") or [])


@functools.cache
def brand_sectors() -> Mapping[str, str]:
    """Brand name -> its sector in brands.yaml ("tech", "bank", "government", ...)."""
    return {str(e["name"]): str(e.get("sector", "")) for e in _catalogue().get("brands") or []}


def official_domains() -> Mapping[str, frozenset[str]]:
    """Brand name -> the registered domains it sends email from (brands with ``domains`` only)."""
    return {brand: frozenset(domains) for brand, domains in _domain_data()[0].items()}


def country_suffixes() -> frozenset[str]:
    """The countries' public suffixes on which a company's main name counts as its own (amazon.de)."""
    return _domain_data()[1]


def official_for(brand: str, domain: str) -> bool | None:
    """Whether the registered ``domain`` is one the brand sends from: a listed one, or its main
    name (the first listed domain's) on a country's suffix (amazon.de, google.co.jp; not
    natwest.me.uk or paypal.github.io); None when the catalogue lists no domains for it."""
    domains, countries = _domain_data()
    own = domains.get(brand)
    if own is None:
        return None
    if domain in own:
        return True
    label, _, suffix = domain.partition(".")
    return suffix in countries and label == own[0].partition(".")[0]


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
