"""Whether an email comes from the company its From line names, judged from the email itself.

A phishing email sends you somewhere that is not the sender's: a look-alike domain, a free host, a
raw address. A genuine sign-up confirmation, statement or newsletter links only to the company's
own domain, the one in its From address, and its display name names that domain ("Spotify"
<no-reply@spotify.com>, links on spotify.com). When all of that holds, and no
Authentication-Results header reports a failed check, the context stage treats the links, brand
names and urgency in the email as the company's own (``own_domain`` in context.yaml). A government
sender, on a domain only public bodies can register, needs only links to such domains. For the
companies whose domains the brand catalogue lists (``domains`` in brands.yaml), the sender and every
link must be among them ("Facebook" <security@facebookmail.com> linking to facebook.com). Gift cards,
remote access, secrecy and a number to call keep their full weight. Links in HTML count too: the
email reader writes each link's address next to its text.

A text message (or an email pasted without its headers) has no sender to check, but its links can
be: a text that names a company whose domains the catalogue lists, or a public body, and whose every
link goes to that company's own domains (a customs-fee text linking only to royalmail.com), gets
the company's domain too; the context stage then softens only its links, the company's name and a
fee (``factors_for_texts``), since anyone can put the real address in a text: a reply with a code
or a call keeps its weight. A redirect through the company's site (a link with another address
inside it) and hosts where anyone can publish do not count.

What this does not prove: a forged From address of a real company's domain passes these checks.
Receiving servers reject most such mail for the big brands (DMARC), and the tactics a forgery
needs to pay off (a call-back number, remote access, payment) are not softened.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from hangup.detect.recognizers.headers import SenderNames, load_headers_config, parse_address
from hangup.documents.model import Document
from hangup.errors import RuleError
from hangup.indicators import Indicator, extract, registered_domain
from hangup.indicators.brands import brand_sectors, official_for

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_TEXT_KINDS = frozenset({"sms", "text", "chat"})
# a link carrying another address: a redirect through the company's site
_SCHEME = re.compile(r"(?i)https?(?::|%3a)")
_REDIRECT = re.compile(
    r"(?i)=(?:https?|www\.|//)|%2f%2f|[?&](?:url|u|q|redirect\w*|target|dest\w*|goto|link|next|return\w*)="
    r"|/(?:amp/s|url|redirect|redir|out|away|r)/|/devicelogin\b"
)


def _redirects(url: str) -> bool:
    return len(_SCHEME.findall(url)) > 1 or _REDIRECT.search(url) is not None


def _links(indicators: Sequence[Indicator]) -> set[str]:
    """The registered domains of the web addresses (not of the email addresses: a shop's orders@
    address in a receipt is not a link to follow)."""
    addresses = [(i.start, i.end) for i in indicators if i.type == "email"]
    return {i.normalized for i in indicators
            if i.type == "domain" and not any(a <= i.start and i.end <= b for a, b in addresses)}


class SenderCheck:
    """Finds an email's own domain: From, display name and every link agreeing (headers.yaml)."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        cfg: Any = load_headers_config() if data is None else data
        self._names = SenderNames(cfg)
        try:
            own = cfg["own_domain"]
            self._failures = tuple(str(f).lower() for f in own["auth_failures"])
            self._min_label = int(own["min_label_length"])
            self._government = tuple(str(g).lower().strip(".") for g in own["government_suffixes"])
            self._user_content = tuple(str(h).lower().strip(".") for h in own.get("user_content_hosts") or [])
            vendor_sectors = frozenset(str(v).lower() for v in own.get("signed_vendor_sectors") or [])
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"headers.yaml: missing or invalid entry {exc}") from exc
        # the brands whose own signed mail is only their own words (read once, not per email)
        self._vendors = tuple(b for b, sector in brand_sectors().items() if sector in vendor_sectors)

    def own_domain(self, doc: Document, indicators: Sequence[Indicator]) -> str | None:
        """The sender's registered domain if the email links only there and names it, else None
        (for a text message, or an email without headers: :meth:`own_links`)."""
        if doc.kind in _TEXT_KINDS or (doc.kind == "email" and not doc.headers):
            first = doc.turns[0].speaker if doc.turns else None
            return self.own_links(indicators, first)
        if doc.kind != "email":
            return None
        name, address = parse_address(doc.header("from") or "")
        host = address.rpartition("@")[2].strip().lower()
        domain = registered_domain(host) if host else None
        if not domain or self._names.is_freemail(host):
            return None
        for value in doc.headers.get("authentication-results", []):
            if any(failure in value.lower() for failure in self._failures):
                return None
        links = _links(indicators)
        if self._is_government(domain):  # only public bodies can register these; their names vary
            return domain if all(self._is_government(link) for link in links) else None
        # a company whose domains the brand catalogue lists: the sender and every link must be one
        # of them ("Facebook" <security@facebookmail.com> linking to facebook.com; not paypalnotify.com)
        # "Norton Billing (via Google Docs)": a platform sending someone else's words, in another
        # company's name, is not that platform's own message
        if any(official_for(b, domain) is False for b in self._names.named(name)):
            return None
        listed = [b for b in self._names.claimed(name) if official_for(b, domain) is not None]
        if listed:
            own = [b for b in listed if official_for(b, domain)]
            if not own:
                return None
            mine = all(link == domain or any(official_for(b, link) for b in own) for link in links)
            return domain if mine else None
        label = domain.partition(".")[0]
        # a look-alike (netflix-billing-update.com, m365-securemail.info) is not a plain word
        if len(label) < self._min_label or not label.isalpha():
            return None
        if label not in _NOT_ALNUM.sub("", name.lower()):
            return None
        return domain if links <= {domain} else None

    def signed_vendor(self, doc: Document, domain: str | None) -> bool:
        """Whether an own-domain email is a vendor's own (a sector of ``signed_vendor_sectors``) and
        passes DMARC for that domain: its receipt's phone number cannot be someone else's note."""
        if domain is None or doc.kind != "email" or not any(official_for(b, domain) for b in self._vendors):
            return False
        wanted = f"header.from={domain}"
        return any("dmarc=pass" in value.lower() and wanted in value.lower()
                   for value in doc.headers.get("authentication-results", []))

    def own_links(self, indicators: Sequence[Indicator], sender: str | None = None) -> str | None:
        """A message without a sender address: the domain its links go to, when it names a company
        (or a public body) and every link is that company's own; else None. ``sender``: the name the
        message came under, if any (a text's first speaker label)."""
        links = _links(indicators)
        if not links or any(_redirects(i.value) for i in indicators if i.type == "url"):
            return None
        hosts = {i.value.lower().strip(".") for i in indicators if i.type == "domain"}
        if any(h == u or h.endswith("." + u) for h in hosts for u in self._user_content):
            return None
        # the company the message is from is the first it names, in its sender's name (a text's
        # "Lloyds Bank:" label) or its words ("Lloyds Bank: a payment to APPLE.COM/BILL?" is from
        # Lloyds, and apple.com is not Lloyds' own); a name inside a web address is not naming it
        spans = [(i.start, i.end) for i in indicators if i.type in ("url", "domain", "email")]
        named = [i for i in indicators if i.type == "brand" and not any(a <= i.start < b for a, b in spans)]
        if sender:
            named[:0] = [i for i in extract(sender) if i.type == "brand"]
        if not named:
            return None
        brand = min(named, key=lambda i: i.start).normalized if not sender else named[0].normalized
        if brand_sectors().get(brand) == "government":
            own = all(map(self._is_government, links))
        else:
            own = all(official_for(brand, link) for link in links)
        return min(links) if own else None

    def _is_government(self, domain: str) -> bool:
        return any(domain == g or domain.endswith("." + g) for g in self._government)
