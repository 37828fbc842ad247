"""The extractor: runs every indicator finder over a text and merges the results.

:class:`IndicatorExtractor` loads its data and compiles its RE2 patterns once, on first use, and is
then reused for every text (it is safe to share between threads once built). The text is encoded
once per call and every pattern scans it in linear time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from hangup.indicators import money, remote_ids, urls
from hangup.indicators.brands import BrandFinder
from hangup.indicators.emails import find_emails
from hangup.indicators.finance import BANK_PATTERNS, WALLET_PATTERN, find_bank_accounts, find_wallets
from hangup.indicators.model import Indicator
from hangup.indicators.money import find_money
from hangup.indicators.patterns import Gate, Scanner
from hangup.indicators.payments import PaymentFinder
from hangup.indicators.phones import SPOKEN_GATE, find_phones, find_spoken_phones
from hangup.indicators.remote_ids import find_remote_ids
from hangup.indicators.tools import ToolFinder
from hangup.indicators.urls import DomainTools, find_web

# One RE2 set pass decides which scans can find anything at all; most texts hold no URL, money,
# ID, wallet or bank account. Each gate matches wherever its finder's pattern does.
_URL, _BARE, _MONEY, _KEYWORD, _ALIAS, _WALLET, _SPOKEN = range(7)
_BANK_KINDS = tuple(BANK_PATTERNS)  # gate indexes 7, 8, ... in this order
_GATES: tuple[tuple[str, bool], ...] = (
    (urls.URL_GATE, False),
    (urls.BARE_GATE, False),
    (money.GATE, False),
    (remote_ids.KEYWORD_GATE, False),
    (remote_ids.ALIAS_GATE, False),
    (WALLET_PATTERN, True),
    (SPOKEN_GATE, False),
    *((BANK_PATTERNS[kind], False) for kind in _BANK_KINDS),
)
_DIGITS = b"0123456789"


@dataclass(frozen=True, slots=True)
class _Finders:
    tools: ToolFinder
    brands: BrandFinder
    payments: PaymentFinder
    domains: DomainTools
    gate: Gate


class IndicatorExtractor:
    """Extracts indicators from text; build once and reuse (data is loaded lazily, once)."""

    def __init__(self) -> None:
        self._finders: _Finders | None = None
        self._lock = threading.Lock()

    def _load(self) -> _Finders:
        finders = self._finders
        if finders is None:
            with self._lock:
                finders = self._finders
                if finders is None:
                    finders = _Finders(ToolFinder(), BrandFinder(), PaymentFinder(), DomainTools(), Gate(_GATES))
                    self._finders = finders
        return finders

    def warm_up(self) -> None:
        """Load the data and compile the patterns now rather than on the first call."""
        sample = "call 0800 123 4567 or 1-888-555-0199 or +1 212 555 0100, anydesk.com, £1, a@b.com"
        self.extract(sample, region="GB")
        self.extract(sample, region="US")

    def registered_domain(self, host: str) -> str | None:
        """The registered domain of ``host`` by the public suffix list, or None."""
        return self._load().domains.registered(host.lower().rstrip("."))

    def extract(self, text: str, *, region: str = "GB", scanner: Scanner | None = None) -> list[Indicator]:
        """Every indicator in ``text``, ordered by start offset, without duplicates.

        ``region`` (ISO 3166 code) is how phone numbers without a country code are read;
        ``scanner`` is ``text`` already prepared, when the caller has it.
        """
        if not text:
            return []
        finders = self._load()
        scanner = scanner if scanner is not None and scanner.text is text else Scanner(text)
        data = scanner.data
        gates = finders.gate.matching(scanner)
        found: list[Indicator] = []
        # phones need 7 digits, IDs and accounts 6 (ASCII digits: never part of a multi-byte character)
        digits = len(data) - len(data.translate(None, _DIGITS))
        phones = list(find_phones(scanner, region.upper())) if digits >= 7 else []
        if _SPOKEN in gates:
            phones.extend(find_spoken_phones(scanner, region.upper()))
        found.extend(phones)
        has_url, has_bare = _URL in gates, _BARE in gates
        web = list(find_web(scanner, finders.domains, urls=has_url, bare=has_bare)) if has_url or has_bare else []
        if "@" in text:
            web.extend(find_emails(scanner, finders.domains))
        found.extend(web)
        tools = list(finders.tools.find(scanner))
        tool_spans = [(t.start, t.end) for t in tools]
        for item in web:
            if item.type != "domain":
                continue
            name = finders.tools.tool_for_host(item.value)
            if name and not any(s < item.end and item.start < e for s, e in tool_spans):
                tools.append(Indicator("remote_access_tool", item.value, name, item.start, item.end))
        found.extend(tools)
        if digits >= 6 or "@ad" in text:
            keywords, aliases = _KEYWORD in gates, _ALIAS in gates
            if tools or keywords or aliases:
                found.extend(find_remote_ids(scanner, tools, phones, keywords=keywords, aliases=aliases))
        if _MONEY in gates:
            found.extend(find_money(scanner))
        found.extend(finders.payments.find(scanner))
        found.extend(finders.brands.find(scanner))
        if _WALLET in gates:
            found.extend(find_wallets(scanner))
        if digits >= 6:
            kinds = {kind for i, kind in enumerate(_BANK_KINDS, _SPOKEN + 1) if i in gates}
            if kinds:
                found.extend(find_bank_accounts(scanner, kinds))
        return _merge(found)


def _merge(found: list[Indicator]) -> list[Indicator]:
    """Drop duplicates (same type, normalized form and start) and order by start."""
    seen: set[tuple[str, str, int]] = set()
    unique: list[Indicator] = []
    for item in found:
        key = (item.type, item.normalized, item.start)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    unique.sort(key=lambda i: (i.start, i.end, i.type))
    return unique


_DEFAULT = IndicatorExtractor()


def extract(text: str, *, region: str = "GB", scanner: Scanner | None = None) -> list[Indicator]:
    """Every indicator in ``text`` (shared :class:`IndicatorExtractor`), ordered by start."""
    return _DEFAULT.extract(text, region=region, scanner=scanner)


def registered_domain(host: str) -> str | None:
    """The registered domain of a host name (``mail.example.co.uk`` -> ``example.co.uk``), or None."""
    return _DEFAULT.registered_domain(host)
