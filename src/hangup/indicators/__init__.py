"""Indicator extraction: phone numbers, web addresses, remote-access tools and IDs, money, payment
methods, brands, crypto wallets and bank accounts found in a message or call transcript.

>>> [i.normalized for i in extract("Call 0800 123 4567 and install AnyDesk")]
['+448001234567', 'AnyDesk']
"""

from __future__ import annotations

from hangup.indicators.brands import official_domains
from hangup.indicators.extract import IndicatorExtractor, extract, registered_domain
from hangup.indicators.model import INDICATOR_TYPES, Indicator

__all__ = ["INDICATOR_TYPES", "Indicator", "IndicatorExtractor", "extract", "official_domains", "registered_domain"]
