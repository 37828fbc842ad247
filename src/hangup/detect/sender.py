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

What this does not prove: a forged From address of a real company's domain passes these checks.
Receiving servers reject most such mail for the big brands (DMARC), and the tactics a forgery
needs to pay off (a call-back number, remote access, payment) are not softened.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from email.utils import parseaddr
from typing import Any

from hangup.detect.recognizers.headers import SenderNames, load_headers_config
from hangup.documents.model import Document
from hangup.errors import RuleError
from hangup.indicators import Indicator, registered_domain
from hangup.indicators.brands import official_for

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


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
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"headers.yaml: missing or invalid entry {exc}") from exc

    def own_domain(self, doc: Document, indicators: Sequence[Indicator]) -> str | None:
        """The sender's registered domain if the email links only there and names it, else None."""
        if doc.kind != "email" or not doc.headers:
            return None
        name, address = parseaddr(doc.header("from") or "")
        host = address.rpartition("@")[2].strip().lower()
        domain = registered_domain(host) if host else None
        if not domain or self._names.is_freemail(host):
            return None
        for value in doc.headers.get("authentication-results", []):
            if any(failure in value.lower() for failure in self._failures):
                return None
        addresses = [(i.start, i.end) for i in indicators if i.type == "email"]
        # web addresses only: the domain of an email address in the text (a shop's orders@ address
        # in a receipt) is not a link to follow
        links = {i.normalized for i in indicators
                 if i.type == "domain" and not any(a <= i.start and i.end <= b for a, b in addresses)}
        if self._is_government(domain):  # only public bodies can register these; their names vary
            return domain if all(self._is_government(link) for link in links) else None
        # a company whose domains the brand catalogue lists: the sender and every link must be one
        # of them ("Facebook" <security@facebookmail.com> linking to facebook.com; not paypalnotify.com)
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

    def _is_government(self, domain: str) -> bool:
        return any(domain == g or domain.endswith("." + g) for g in self._government)
