"""Email header checks: a company's name on a free-mail address or on a domain that is not the
company's (``domains`` in the brand catalogue), replies sent elsewhere.

Header evidence has no position in the document text; its ``start``/``end`` are -1 and its
text is the header line.
"""

from __future__ import annotations

import functools
import re
from email.utils import parseaddr
from importlib import resources
from typing import Any

from hangup.detect.findings import Finding
from hangup.documents.disguise import reveal
from hangup.documents.model import Document
from hangup.errors import RuleError
from hangup.indicators import Indicator, extract, registered_domain
from hangup.indicators.brands import country_suffixes, official_for
from hangup.yamldata import load_yaml


def load_headers_config() -> Any:
    """The parsed headers.yaml (the header checks' and the sender check's settings)."""
    return load_yaml((resources.files("hangup.detect") / "headers.yaml").read_text(encoding="utf-8"))


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(">")


_WORDS = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def _display_name(name: str) -> tuple[list[str], list[Indicator]]:
    """A display name's words and the brands in it (cached: a bulk scan meets the same senders
    again and again; callers must not change the lists)."""
    name = reveal(name)[0]  # "Micrоsoft" with a Cyrillic о is Microsoft
    return _WORDS.findall(name.lower()), [i for i in extract(name) if i.type == "brand"]


class SenderNames:
    """Reads a From line's display name: which companies it names or claims to be, and free mail.

    A name *claims* a company when, besides the companies' names, it holds only words from
    ``display_name_words`` and numbers ("PayPal Billing", "Microsoft account team", "Amazon #123");
    "Jane Norton", "Lloyds Pharmacy" and "NatWest Group" name a person or another business. A name
    *names* a company when it holds its name at all, unless it reads as a person's name ("Jane
    Norton", "Quinn, Dell"): on free mail that is enough. Free mail is an address at a domain of
    ``freemail_domains``, or at the same provider on a country's suffix (hotmail.fr, gmail.de); a
    company's own sub-domain of a provider (insideicloud.icloud.com) is not.
    """

    def __init__(self, cfg: Any) -> None:
        try:
            self._freemail = frozenset(str(d).lower() for d in cfg["freemail_domains"])
            self._generic = frozenset(str(w).lower() for w in cfg["display_name_words"])
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"headers.yaml: missing or invalid entry {exc}") from exc
        self._freemail_labels = frozenset(d.partition(".")[0] for d in self._freemail)

    def is_freemail(self, host: str) -> bool:
        """Whether ``host`` (an address's domain) is a free-mail provider's."""
        if host in self._freemail:
            return True
        label, _, suffix = host.partition(".")
        return label in self._freemail_labels and suffix in country_suffixes()

    def claimed(self, name: str) -> list[str]:
        """The companies a display name claims to be, in order of appearance. "Kelly Marsh via
        DocuSign" (how signing and sharing services name the person who sent through them) claims
        the service."""
        person, via, _ = name.lower().rpartition(" via ")
        if via and person.strip() and (claimed := self.claimed(name[len(person) + len(via):])):
            return claimed
        words, brands = _display_name(name)
        own = {w for item in brands for w in _WORDS.findall(item.value.lower())}
        if not brands or not all(w in own or w in self._generic or w.isdigit() for w in words):
            return []
        return list(dict.fromkeys(item.normalized for item in brands))

    def named(self, name: str) -> list[str]:
        """The companies a display name names, unless it reads as a person's name."""
        words, brands = _display_name(name)
        if not brands or "," in name:  # "Quinn, Dell": surname, first name
            return []
        if (len(words) == 2 and len(brands) == 1 and _WORDS.findall(brands[0].value.lower()) == [words[1]]
                and words[0] not in self._generic):
            return []  # "Jane Norton": a first name, then the company's name as a surname
        return list(dict.fromkeys(item.normalized for item in brands))


class HeaderRecognizer:
    """Findings from an email's From and Reply-To headers."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        cfg: Any = load_headers_config() if data is None else data
        self._names = SenderNames(cfg)
        try:
            self._brand = cfg["brand_from_freemail"]
            self._other = cfg["brand_from_other_domain"]
            self._reply = cfg["reply_to_freemail"]
            self._attached = cfg["risky_attachment"]
            self._pages = frozenset(str(e).lower() for e in self._attached["web_pages"])
            self._programs = frozenset(str(e).lower() for e in self._attached["programs"])
            self._documents = frozenset(str(e).lower() for e in self._attached["documents"])
            float(self._attached["strong_weight"])
            for check in (self._brand, self._other, self._reply, self._attached):
                float(check["weight"])
                str(check["tactic"]), str(check["description"])
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"headers.yaml: missing or invalid entry {exc}") from exc

    def _finding(
        self, check: dict[str, Any], rule_id: str, line: str, detail: str, weight: float | None = None
    ) -> Finding:
        return Finding(
            rule_id=rule_id,
            tactic=str(check["tactic"]),
            start=-1,
            end=-1,
            text=line,
            weight=float(check["weight"]) if weight is None else weight,
            explanation=f"{check['description']}: {detail} (rule {rule_id})",
        )

    def _attachments(self, doc: Document) -> list[Finding]:
        """The riskiest attached web page or program, if any (one is enough evidence)."""
        best: tuple[float, str] | None = None
        for name in doc.attachments:
            parts = name.lower().strip().rstrip(". ").rsplit(".", 2)
            ext = parts[-1] if len(parts) > 1 else ""
            disguised = len(parts) == 3 and parts[1] in self._documents  # invoice.pdf.html
            if ext in self._programs or (ext in self._pages and disguised):
                weight = float(self._attached["strong_weight"])
            elif ext in self._pages:
                weight = float(self._attached["weight"])
            else:
                continue
            if best is None or weight > best[0]:
                best = (weight, name)
        if best is None:
            return []
        weight, name = best
        return [self._finding(self._attached, "HDR_RISKY_ATTACHMENT", f"Attachment: {name}", name, weight)]

    def find(self, doc: Document) -> list[Finding]:
        if doc.kind != "email" or not doc.headers:
            return []
        findings: list[Finding] = []
        sender = doc.header("from") or ""
        name, address = parseaddr(sender)
        from_domain = _domain(address)
        registered = registered_domain(from_domain) if from_domain else None
        named = self._names.named(name) if name and registered else []
        if named and self._names.is_freemail(from_domain):
            detail = f"{named[0]} from {address}"
            findings.append(self._finding(self._brand, "HDR_BRAND_FROM_FREEMAIL", f"From: {sender}", detail))
        elif named and registered is not None:
            foreign = next((b for b in self._names.claimed(name) if official_for(b, registered) is False), None)
            if foreign is not None:
                detail = f"{foreign} from {address}"
                findings.append(self._finding(self._other, "HDR_BRAND_FROM_OTHER_DOMAIN", f"From: {sender}", detail))
        findings.extend(self._attachments(doc))
        reply = doc.header("reply-to")
        if reply:
            _, reply_address = parseaddr(reply)
            reply_domain = _domain(reply_address)
            if reply_domain and self._names.is_freemail(reply_domain) and reply_domain != from_domain:
                detail = f"{reply_address} while the sender is {address or 'unknown'}"
                findings.append(self._finding(self._reply, "HDR_REPLY_TO_FREEMAIL", f"Reply-To: {reply}", detail))
        return findings
