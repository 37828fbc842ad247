"""Email header checks: a company's name on a free-mail address or on a domain that is not the
company's (``domains`` in the brand catalogue), a sender's domain imitating the recipient's, replies
sent elsewhere.

Header evidence has no position in the document text; its ``start``/``end`` are -1 and its
text is the header line.
"""

from __future__ import annotations

import functools
import itertools
import re
from email.utils import getaddresses, parseaddr
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


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """``getaddresses``, or nothing for a header it cannot parse (deeply nested comments recurse)."""
    try:
        return getaddresses(values)
    except (RecursionError, ValueError, IndexError):
        return []


def parse_address(value: str) -> tuple[str, str]:
    """``parseaddr``, or no name and address for a header it cannot parse (deeply nested comments)."""
    try:
        return parseaddr(value)
    except (RecursionError, ValueError, IndexError):
        return "", ""


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(">")


_WORDS = re.compile(r"[a-z0-9]+")
_VIA = re.compile(r"\s+\(?via\s+", re.IGNORECASE)
# the senders of the messages a reply quotes ("From: Name <address>", "> From: ..."), read in the
# first _QUOTED_CHARS of the text, at most _MAX_QUOTED of them
_QUOTED_FROM = re.compile(r"(?im)^[ \t>]*(?:from|von|de|van)[ \t]*:[ \t]*[^\n@<]{0,80}<?"
                          r"([\w.+'-]+@[\w-]+(?:\.[\w-]+)+)")
_QUOTED_CHARS = 200_000
_MAX_QUOTED = 20


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
        via = [m for m in _VIA.finditer(name) if m.start() > 0 and name[: m.start()].strip()]
        if via and (claimed := self.claimed(name[via[-1].end():])):
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


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one inserted, deleted, replaced or swapped letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                   and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k, (x, y) in enumerate(zip(short, long_, strict=False)) if x != y), len(short))
    return short[i:] == long_[i + 1:]


class Lookalikes:
    """Whether a sender's registered domain imitates the recipient's (``lookalike_of_recipient``)."""

    def __init__(self, cfg: Any) -> None:
        try:
            self.min_length = int(cfg["min_length"])
            self._confusables = sorted(((str(k), str(v)) for k, v in dict(cfg["confusables"]).items()),
                                       key=lambda kv: -len(kv[0]))
            self._affixes = frozenset(str(a).lower() for a in cfg.get("affixes") or [])
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"headers.yaml: lookalike_of_recipient: missing or invalid entry {exc}") from exc

    def _plain(self, label: str) -> str:
        for fake, real in self._confusables:
            label = label.replace(fake, real)
        return label

    def _with_affix(self, s_label: str, r_label: str) -> bool:
        """Whether ``s_label`` is ``r_label`` with one of ``affixes`` before or after it."""
        if s_label.startswith(r_label):
            rest = s_label[len(r_label):]
        elif s_label.endswith(r_label):
            rest = s_label[: -len(r_label)]
        else:
            return False
        words = rest.strip("-").split("-")  # "acme-widgets-it-support": each word an IT or account word
        return bool(words[0]) and len(words) <= 3 and all(w in self._affixes for w in words)

    def imitates(self, sender: str, recipient: str) -> bool:
        """``sender`` and ``recipient`` are registered domains (``exarnple.co.uk``, ``example.co.uk``)."""
        if sender == recipient:
            return False
        s_label, _, s_suffix = sender.partition(".")
        r_label, _, r_suffix = recipient.partition(".")
        if len(r_label) < self.min_length or not s_suffix or not r_suffix:
            return False
        if s_suffix == r_suffix and self._with_affix(s_label, r_label):  # acme-widgets-support.com
            return True
        plain_s, plain_r = self._plain(s_label), self._plain(r_label)
        if plain_s == plain_r:  # exarnple.co.uk, examp1e.co.uk; or the same name on another suffix
            return s_suffix == r_suffix or s_label != r_label
        return s_suffix == r_suffix and _one_edit_apart(s_label, r_label)


class HeaderRecognizer:
    """Findings from an email's From and Reply-To headers."""

    BRAND_FROM_FREEMAIL = "HDR_BRAND_FROM_FREEMAIL"
    BRAND_FROM_OTHER_DOMAIN = "HDR_BRAND_FROM_OTHER_DOMAIN"
    LOOKALIKE = "HDR_LOOKALIKE_OF_RECIPIENT"
    REPLY_TO_FREEMAIL = "HDR_REPLY_TO_FREEMAIL"
    RISKY_ATTACHMENT = "HDR_RISKY_ATTACHMENT"
    RULE_IDS = frozenset({BRAND_FROM_FREEMAIL, BRAND_FROM_OTHER_DOMAIN, LOOKALIKE, REPLY_TO_FREEMAIL, RISKY_ATTACHMENT})

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        cfg: Any = load_headers_config() if data is None else data
        self._names = SenderNames(cfg)
        try:
            self._brand = cfg["brand_from_freemail"]
            self._other = cfg["brand_from_other_domain"]
            self._reply = cfg["reply_to_freemail"]
            self._attached = cfg["risky_attachment"]
            self._lookalike = cfg["lookalike_of_recipient"]
            self._lookalikes = Lookalikes(self._lookalike)
            self._pages = frozenset(str(e).lower() for e in self._attached["web_pages"])
            self._programs = frozenset(str(e).lower() for e in self._attached["programs"])
            self._documents = frozenset(str(e).lower() for e in self._attached["documents"])
            float(self._attached["strong_weight"])
            for check in (self._brand, self._other, self._reply, self._attached, self._lookalike):
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
        return [self._finding(self._attached, self.RISKY_ATTACHMENT, f"Attachment: {name}", name, weight)]

    def _imitates(self, host: str, other: str) -> str | None:
        """``other``'s registered domain when ``host``'s imitates it; free-mail providers look alike by
        nature (mail.com, gmail.com, ymail.com) and are nobody's own, so they never do."""
        if not host or not other or self._names.is_freemail(host) or self._names.is_freemail(other):
            return None
        mine, theirs = registered_domain(host), registered_domain(other)
        return theirs if mine and theirs and self._lookalikes.imitates(mine, theirs) else None

    def _imitated(self, doc: Document, host: str) -> str | None:
        """The registered domain the sender's host imitates, if any: the recipient's (To, Cc), or a
        sender's quoted further down the thread ("From: Gareth <gareth@brightwell-packaging.co.uk>"
        answered from brightwell-packagimg.co.uk: a hijacked invoice thread)."""
        for field in ("to", "cc"):
            for _, address in _addresses(doc.headers.get(field, [])):
                if (imitated := self._imitates(host, _domain(address))) is not None:
                    return imitated
        quoted = _QUOTED_FROM.finditer(doc.text, 0, min(doc.own_end, _QUOTED_CHARS))
        for match in itertools.islice(quoted, _MAX_QUOTED):
            if (imitated := self._imitates(host, _domain(match.group(1)))) is not None:
                return imitated
        return None

    def find(self, doc: Document) -> list[Finding]:
        if doc.kind != "email" or not doc.headers:
            return []
        findings: list[Finding] = []
        sender = doc.header("from") or ""
        name, address = parse_address(sender)
        from_domain = _domain(address)
        registered = registered_domain(from_domain) if from_domain else None
        named = self._names.named(name) if name and registered else []
        if named and self._names.is_freemail(from_domain):
            detail = f"{named[0]} from {address}"
            findings.append(self._finding(self._brand, self.BRAND_FROM_FREEMAIL, f"From: {sender}", detail))
        elif named and registered is not None:
            foreign = next((b for b in self._names.claimed(name) if official_for(b, registered) is False), None)
            if foreign is not None:
                detail = f"{foreign} from {address}"
                findings.append(self._finding(self._other, self.BRAND_FROM_OTHER_DOMAIN, f"From: {sender}", detail))
        findings.extend(self._attachments(doc))
        if registered is not None and (imitated := self._imitated(doc, from_domain)) is not None:
            detail = f"{registered} imitates {imitated}"
            findings.append(self._finding(self._lookalike, self.LOOKALIKE, f"From: {sender}", detail))
        reply = doc.header("reply-to")
        if reply:
            _, reply_address = parse_address(reply)
            reply_domain = _domain(reply_address)
            # a hijacked thread's replies sent to a lookalike of the sender's domain
            if (imitated := self._imitates(reply_domain, from_domain)) is not None:
                detail = f"replies go to {registered_domain(reply_domain)}, which imitates the sender's {imitated}"
                findings.append(self._finding(self._lookalike, self.LOOKALIKE, f"Reply-To: {reply}",
                                              detail))
            if reply_domain and self._names.is_freemail(reply_domain) and reply_domain != from_domain:
                detail = f"{reply_address} while the sender is {address or 'unknown'}"
                findings.append(self._finding(self._reply, self.REPLY_TO_FREEMAIL, f"Reply-To: {reply}", detail))
        return findings
