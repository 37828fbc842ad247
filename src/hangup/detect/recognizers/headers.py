"""Email header checks: a company's name on a free-mail address or on a domain that is not the
company's (``domains`` in the brand catalogue), replies sent elsewhere.

Header evidence has no position in the document text; its ``start``/``end`` are -1 and its
text is the header line.
"""

from __future__ import annotations

from email.utils import parseaddr
from importlib import resources
from typing import Any

from hangup.detect.findings import Finding
from hangup.documents.model import Document
from hangup.errors import RuleError
from hangup.indicators import extract, official_domains, registered_domain
from hangup.yamldata import load_yaml


def load_headers_config() -> Any:
    """The parsed headers.yaml (the header checks' and the sender check's settings)."""
    return load_yaml((resources.files("hangup.detect") / "headers.yaml").read_text(encoding="utf-8"))


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(">")


def _not_the_brands(brands: list[str], host: str) -> str | None:
    """The first brand named whose own domains do not include ``host``'s; None when ``host`` is
    one of theirs (its own name on a country suffix counts: amazon.de, google.co.jp) or when no
    brand named has a list of domains."""
    domain = registered_domain(host)
    if domain is None:
        return None
    label, _, suffix = domain.partition(".")
    known = official_domains()
    for brand in brands:
        own = known.get(brand)
        if own is None or domain in own:
            continue
        if _is_country_suffix(suffix) and any(d.partition(".")[0] == label for d in own):
            continue
        return brand
    return None


def _is_country_suffix(suffix: str) -> bool:
    """"de", "co.uk", "com.au": a country's suffix (two letters last)."""
    last = suffix.rpartition(".")[2]
    return len(last) == 2 and last.isalpha()


class HeaderRecognizer:
    """Findings from an email's From and Reply-To headers."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        cfg: Any = load_headers_config() if data is None else data
        try:
            self._freemail = frozenset(d.lower() for d in cfg["freemail_domains"])
            self._brand = cfg["brand_from_freemail"]
            self._other = cfg["brand_from_other_domain"]
            self._reply = cfg["reply_to_freemail"]
            for check in (self._brand, self._other, self._reply):
                float(check["weight"])
                str(check["tactic"]), str(check["description"])
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"headers.yaml: missing or invalid entry {exc}") from exc

    def _finding(self, check: dict[str, Any], rule_id: str, line: str, detail: str) -> Finding:
        return Finding(
            rule_id=rule_id,
            tactic=str(check["tactic"]),
            start=-1,
            end=-1,
            text=line,
            weight=float(check["weight"]),
            explanation=f"{check['description']}: {detail} (rule {rule_id})",
        )

    def find(self, doc: Document) -> list[Finding]:
        if doc.kind != "email" or not doc.headers:
            return []
        findings: list[Finding] = []
        sender = doc.header("from") or ""
        name, address = parseaddr(sender)
        from_domain = _domain(address)
        brands = [i.normalized for i in extract(name) if i.type == "brand"] if name else []
        if brands and from_domain in self._freemail:
            detail = f"{brands[0]} from {address}"
            findings.append(self._finding(self._brand, "HDR_BRAND_FROM_FREEMAIL", f"From: {sender}", detail))
        elif brands and from_domain:
            foreign = _not_the_brands(brands, from_domain)
            if foreign is not None:
                detail = f"{foreign} from {address}"
                findings.append(self._finding(self._other, "HDR_BRAND_FROM_OTHER_DOMAIN", f"From: {sender}", detail))
        reply = doc.header("reply-to")
        if reply:
            _, reply_address = parseaddr(reply)
            reply_domain = _domain(reply_address)
            if reply_domain in self._freemail and reply_domain != from_domain:
                detail = f"{reply_address} while the sender is {address or 'unknown'}"
                findings.append(self._finding(self._reply, "HDR_REPLY_TO_FREEMAIL", f"Reply-To: {reply}", detail))
        return findings
