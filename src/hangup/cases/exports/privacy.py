"""The rule that keeps victims' personal data out of every export (see docs/sharing.md).

1. Report fields are facts or personal data, and only facts leave. Every column of ``reports`` is
   named in exactly one of :data:`SHARED_COLUMNS` or :data:`KEPT_COLUMNS` (a test checks that a new
   column cannot slip through unclassified). The ``contacts``, ``additions``, ``attachments`` and
   ``analyses`` tables never leave at all.
2. Indicators leave as their normalised value only, never as typed (the typed value can hold a note).
3. An indicator equal to a contact detail held for any report (email, or a phone number with the
   same last nine digits), or containing the reporting person's name, never leaves.
4. A phone number, email address or remote-access ID found only in a message's text may be the
   victim's own ("my number is...", the To: line, the ID the victim read out). It leaves only when
   corroborated: a reporter gave it as the scammer's in some report, or it is in at least
   ``corroborate_reports`` reports.
5. A domain leaves only as the site of a URL or email address of the same report that leaves (or that
   the reporter typed as the scammer's), or when it is in that many reports and is not the domain of
   a contact's or withheld email address: a domain can come from the victim's own address.
6. URLs leave without user name, query and fragment (personalised links carry the victim's address
   or a token); a path holding an ``@`` or personal data is cut back to the host.
7. Free-typed context (card merchant, remote-access tool, remote-access ID) leaves only if it holds no
   email address, no phone-like run of digits (IDs excepted) and no part of the contact's name; a card
   merchant (a free text box) also only when it is in ``corroborate_reports`` reports, since a name in
   it cannot be recognised once the contact details are deleted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from hangup.indicators import extract

#: Columns of ``reports`` whose values may leave (as facts of the scam).
SHARED_COLUMNS: frozenset[str] = frozenset({
    "id", "reference", "status", "channel", "contacted_at", "created_at", "remote_access_given", "money_lost",
    "amount_minor", "currency", "payment_method", "verdict", "score", "category", "tactics",
})
#: Columns that never leave: free text, what the reporter typed, the person affected, and secrets.
#: (Their scam indicators leave through rule 2, normalised, from the ``indicators`` table.)
KEPT_COLUMNS: frozenset[str] = frozenset({
    "secret_hash", "idempotency_key", "request_hash", "via", "claimed_organisation", "phone_numbers", "emails",
    "websites", "remote_access_tool", "remote_access_id", "paid_to_account_number", "paid_to_sort_code",
    "paid_to_iban", "paid_to_card_merchant", "paid_to_gift_card_type", "paid_to_crypto_wallet",
    "suspicious_because", "message_text", "age_band", "area", "engine_version", "updated_at",
    "personal_data_deleted_at",
})
#: Indicator types that may be the victim's own when found in a message's text.
MAY_BE_VICTIMS: frozenset[str] = frozenset({"phone", "email", "remote_access_id"})
#: Indicator types typed as free text: they leave only when in enough reports.
FREE_TEXT_TYPES: frozenset[str] = frozenset({"card_merchant"})
#: Indicator types that leave at all (money amounts leave as report facts instead).
SHARED_TYPES: frozenset[str] = frozenset({
    "phone", "email", "domain", "url", "remote_access_id", "bank_account", "crypto_wallet",
    "brand", "remote_access_tool", "payment_method", "card_merchant",
})

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_DIGIT_RUN = re.compile(r"\d[\d ().\-]{5,}\d")
_ID_BODY = re.compile(r"^[a-z0-9][a-z0-9_.\-@]{2,63}$")
_NAME_PART = re.compile(r"[^\W\d_]{3,}")
TAIL_DIGITS = 9


def phone_tail(value: str) -> str | None:
    """The last nine digits of a phone number (None if it has fewer): how contact phones are compared."""
    digits = re.sub(r"\D", "", value)
    return digits[-TAIL_DIGITS:] if len(digits) >= TAIL_DIGITS else None


def name_parts(name: str | None) -> frozenset[str]:
    """The words of a person's name (three letters or more), lower case."""
    return frozenset(part.lower() for part in _NAME_PART.findall(name or ""))


@lru_cache(maxsize=4096)
def known_tool(name: str) -> bool:
    """Whether ``name`` is a remote-access tool of the catalogue (not something a reporter typed)."""
    return any(i.type == "remote_access_tool" and i.normalized == name for i in extract(name))


@dataclass
class PersonalData:
    """What is known of the people in the store: contact emails and phones, names per report."""

    emails: set[str] = field(default_factory=set)
    email_domains: set[str] = field(default_factory=set)
    phone_tails: set[str] = field(default_factory=set)
    names: dict[int, frozenset[str]] = field(default_factory=dict)

    def add_contact(self, report_id: int, name: str | None, email: str | None, phone: str | None) -> None:
        """Record one report's contact row."""
        if email:
            self.emails.add(email.strip().lower())
            self.email_domains.add(email.strip().lower().rsplit("@", 1)[-1])
        tail = phone_tail(phone) if phone else None
        if tail:
            self.phone_tails.add(tail)
        parts = name_parts(name)
        if parts:
            self.names[report_id] = parts

    def holds(self, report_id: int, text: str) -> bool:
        """Whether ``text`` contains a contact email, a contact phone number, or this report's contact name."""
        lower = text.lower()
        if any(m.group(0).strip(".,;:<>()[]'\"") in self.emails for m in _EMAIL.finditer(lower)):
            return True
        digits = re.sub(r"\D", "", text)
        if any(digits[i : i + TAIL_DIGITS] in self.phone_tails for i in range(len(digits) - TAIL_DIGITS + 1)):
            return True
        words = set(re.findall(r"[^\W\d_]+", lower))
        return not words.isdisjoint(self.names.get(report_id, frozenset()))


def shareable_url(url: str, personal: PersonalData, report_id: int) -> str | None:
    """``url`` without user name, query and fragment; cut to the host when its path holds personal data."""
    try:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    path = parts.path
    if "@" in path or "%40" in path.lower() or personal.holds(report_id, path):
        path = "/"
    return urlunsplit((parts.scheme.lower(), netloc, path or "/", "", ""))


def _free_text_ok(value: str, personal: PersonalData, report_id: int, *, digits_ok: bool = False) -> bool:
    if personal.holds(report_id, value):
        return False
    if not digits_ok and _DIGIT_RUN.search(value):
        return False
    return digits_ok or not _EMAIL.search(value)


def _remote_id_ok(value: str, personal: PersonalData, report_id: int) -> bool:
    body = value.split(":", 1)[1] if ":" in value else value
    return bool(_ID_BODY.match(body)) and _free_text_ok(value, personal, report_id, digits_ok=True)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One stored indicator of one report, before the rule is applied."""

    report_id: int
    type: str
    normalized: str
    source: str


class PrivacyRule:
    """Decides, value by value, what may leave. Built with the store-wide facts it needs."""

    def __init__(self, personal: PersonalData, given: set[tuple[str, str]], repeated: set[tuple[str, str]]) -> None:
        """``given``: (type, value) pairs a reporter gave as the scammer's; ``repeated``: in enough reports."""
        self.personal = personal
        self.repeated = repeated
        self.corroborated = given | repeated

    def shareable(self, item: Candidate) -> str | None:
        """The value that may leave for ``item``, or None when it must be withheld."""
        kind, value, rid = item.type, item.normalized, item.report_id
        if kind not in SHARED_TYPES or not value:
            return None
        from_text = item.source != "reporter"
        if kind in MAY_BE_VICTIMS and from_text and (kind, value) not in self.corroborated:
            return None
        if kind == "email" and (value.lower() in self.personal.emails or self.personal.holds(rid, value)):
            return None
        if kind == "phone":
            tail = phone_tail(value)
            return None if tail is None or tail in self.personal.phone_tails else value
        if kind == "url":
            return shareable_url(value, self.personal, rid)
        if kind == "remote_access_id":
            return value if _remote_id_ok(value, self.personal, rid) else None
        if kind == "remote_access_tool":
            return value if known_tool(value) else None
        if kind in FREE_TEXT_TYPES:
            ok = (kind, value) in self.repeated and _free_text_ok(value, self.personal, rid)
            return value if ok else None
        if kind in ("brand", "payment_method"):  # names from the catalogues, not typed text
            return value
        return None if self.personal.holds(rid, value) else value

    def _domain_ok(self, domain: str, hosts: set[str], withheld: set[str]) -> bool:
        """A domain leaves when it is the site of a shareable URL or email address of the report (or one the
        reporter typed), or when it is in enough reports and is not the domain of a person's email address."""
        if any(host == domain or host.endswith("." + domain) for host in hosts):
            return True
        return (("domain", domain) in self.repeated and domain not in withheld
                and domain not in self.personal.email_domains)

    def apply(self, items: Iterable[Candidate], typed: Iterable[str] = ()) -> tuple[list[tuple[Candidate, str]], int]:
        """The shareable (candidate, value) pairs of one report's indicators, and how many were withheld.

        ``typed``: the websites and email addresses the reporter typed as the scammer's (their hosts
        vouch for a domain; a domain that came from inside a typed URL's query does not get through).
        """
        items = list(items)
        shared = {c: self.shareable(c) for c in items if c.type != "domain"}
        # domains of this report's withheld email addresses (they may be the victim's own)
        withheld = {c.normalized.rsplit("@", 1)[-1] for c, v in shared.items() if c.type == "email" and v is None}
        hosts = {host for host in map(typed_host, typed) if host}
        for c, value in shared.items():
            if value and c.type == "url":
                hosts.add((urlsplit(value).hostname or "").removeprefix("www."))
            elif value and c.type == "email":
                hosts.add(value.rsplit("@", 1)[-1])
        kept: list[tuple[Candidate, str]] = []
        dropped = 0
        for item in items:
            if item.type == "domain":
                value = self.shareable(item)
                value = value if value is not None and self._domain_ok(value, hosts, withheld) else None
            else:
                value = shared[item]
            if value is None:
                dropped += 1 if item.type in SHARED_TYPES else 0
            else:
                kept.append((item, value))
        return kept, dropped


def typed_host(value: str) -> str | None:
    """The host of a website or the domain of an email address as a reporter typed it, lower case, no "www."."""
    value = value.strip().lower()
    if "@" in value and "/" not in value:
        return value.rsplit("@", 1)[-1] or None
    try:
        host = urlsplit(value if "://" in value else f"http://{value}").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
