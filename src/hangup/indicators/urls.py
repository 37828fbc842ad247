"""Web addresses: URLs (with a scheme or ``www.``) and bare domains such as "anydesk.com".

A bare domain counts only when its suffix is a real public suffix (offline list shipped with
``publicsuffixlist``, never fetched), is not a common file extension ("invoice.zip", "setup.py"),
is not an ordinary word written after a missing space ("home.love", "message.it"; lists in
``data/web.yaml``) and is not written in title case ("Mr.Smith", "ok.Now"). URLs are normalised to
lower-case scheme and host plus the path; domains to the registered domain (eTLD+1), lower case.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from publicsuffixlist import PublicSuffixList

from hangup.indicators.datafiles import load_yaml
from hangup.indicators.model import Indicator
from hangup.indicators.patterns import Scanner, compile_re2

_URL_CHARS = r"[^\s<>\"'\x60{}|\\^\[\]]"
_HOST = r"[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9][a-z0-9\-]{0,62}){0,7}\.(?:xn--[a-z0-9\-]{1,59}|[a-z]{2,63})"
_URL = compile_re2(
    rf"\b(?:https?|hxxps?|ftp)://{_URL_CHARS}+"
    rf"|\bwww\d{{0,3}}\.{_HOST}(?::\d{{1,5}})?(?:[/?#]{_URL_CHARS}*)?"
)
_BARE = compile_re2(rf"\b{_HOST}\b(?:/{_URL_CHARS}*)?")
# Match wherever _URL and _BARE do (case-insensitive); "xn--" starts with two letters.
URL_GATE = r"://|www"
BARE_GATE = r"[a-z0-9\-]\.[a-z]{2}"
_IPV4 = compile_re2(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_TRAILING = ".,;:!?'\"*"


class DomainTools:
    """Public-suffix look-ups, loaded once (the list ships with ``publicsuffixlist``)."""

    def __init__(self, policy: dict[str, Any] | None = None) -> None:
        policy = policy if policy is not None else load_yaml("web.yaml")
        self._bare_gtlds = frozenset(str(t).lower() for t in policy.get("bare_gtlds") or [])
        self._word_cctlds = frozenset(str(t).lower() for t in policy.get("word_cctlds") or [])
        self._file_like = frozenset(str(t).lower() for t in policy.get("file_like") or [])
        self._psl_loaded: PublicSuffixList | None = None
        self._psl_lock = threading.Lock()
        self.bare_ok = lru_cache(maxsize=4096)(self._bare_ok)
        self.registered = lru_cache(maxsize=8192)(self._registered)
        self.is_suffix = lru_cache(maxsize=4096)(self._is_suffix)

    @property
    def _psl(self) -> PublicSuffixList:
        """The public suffix list, read on first use (about 20 ms; many texts have no domain).

        Its internationalised rules are kept in Unicode only (punycoding all of them would
        take four times as long): :func:`_suffix_lookup` decodes ``xn--`` hosts for the look-up."""
        psl = self._psl_loaded
        if psl is None:
            with self._psl_lock:
                psl = self._psl_loaded
                if psl is None:
                    psl = PublicSuffixList(accept_encoded_idn=False)
                    self._psl_loaded = psl
        return psl

    def _registered(self, host: str) -> str | None:
        try:
            found = _suffix_lookup(self._psl.privatesuffix, host)
        except (ValueError, IndexError):
            return None
        return str(found) if found else None

    def _bare_ok(self, host: str) -> bool:
        """Whether ``host`` counts as a domain when written without scheme, "www." or path."""
        try:
            suffix = _suffix_lookup(self._psl.publicsuffix, host)
        except (ValueError, IndexError):
            return False
        if not suffix:
            return False
        suffix = str(suffix)
        if "." in suffix:
            return True
        if suffix in self._file_like:
            return False
        if len(suffix) == 2:
            return suffix not in self._word_cctlds
        return suffix in self._bare_gtlds or suffix.startswith("xn--")

    def _is_suffix(self, tld: str) -> bool:
        try:
            return _suffix_lookup(self._psl.publicsuffix, tld) is not None
        except (ValueError, IndexError):
            return False


def _suffix_lookup(lookup: Callable[..., str | None], host: str) -> str | None:
    """``lookup(host)`` (a public-suffix-list query), with punycode (``xn--``) labels decoded
    for the look-up and the answer given in the host's own spelling."""
    if "xn--" not in host:
        return lookup(host, accept_unknown=False)
    labels = host.split(".")
    try:
        decoded = ".".join(label[4:].encode("ascii").decode("punycode") if label.startswith("xn--") else label
                           for label in labels)
    except UnicodeError:
        return None
    found = lookup(decoded, accept_unknown=False)
    if not found:
        return None
    return ".".join(labels[-(found.count(".") + 1):])


def _trim(value: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets from a URL as written."""
    while value:
        last = value[-1]
        unbalanced = (last == ")" and value.count("(") < value.count(")")) or (
            last == "]" and value.count("[") < value.count("]")
        )
        if last in _TRAILING or unbalanced:
            value = value[:-1]
        else:
            break
    return value


def _split_url(value: str) -> tuple[str, str, str]:
    """Scheme (lower case, "http" when absent), host (lower case, no user or port) and path."""
    scheme = "http"
    rest = value
    if "://" in value:
        scheme, rest = value.split("://", 1)
        scheme = scheme.lower().replace("hxxp", "http")
    cut = len(rest)
    for sep in "/?#":
        i = rest.find(sep)
        if 0 <= i < cut:
            cut = i
    authority, tail = rest[:cut], rest[cut:]
    host = authority.rsplit("@", 1)[-1]
    # an IPv6 literal keeps its brackets; otherwise drop the port
    host = host.split("]", 1)[0] + "]" if host.startswith("[") else host.split(":", 1)[0]
    path = tail
    for sep in "?#":
        path = path.split(sep, 1)[0]
    if path == "/":
        path = ""
    return scheme, host.lower().rstrip("."), path


def _valid_host(host: str) -> bool:
    labels = host.split(".")
    return len(labels) >= 2 and all(0 < len(x) <= 63 and x[0] != "-" and x[-1] != "-" for x in labels)


def find_web(scanner: Scanner, domains: DomainTools, *, urls: bool = True, bare: bool = True) -> Iterator[Indicator]:
    """URLs, and a domain for each URL and each bare domain.

    ``urls=False`` / ``bare=False`` skip the scans for URLs / bare domains (for a text known not to
    match :data:`URL_GATE` / :data:`BARE_GATE`).
    """
    text = scanner.text
    taken: list[tuple[int, int]] = []
    for spans in scanner.finditer(_URL) if urls else ():
        start, _ = spans[0]
        value = _trim(text[start : spans[0][1]])
        end = start + len(value)
        scheme, host, path = _split_url(value)
        if not host or (not _valid_host(host) and _IPV4.search(host) is None):
            continue
        taken.append((start, end))
        yield Indicator("url", value, f"{scheme}://{host}{path}", start, end)
        registered = domains.registered(host) if _IPV4.search(host) is None else None
        if registered:
            h = value.lower().find(host)
            h = max(h, 0)
            yield Indicator("domain", value[h : h + len(host)], registered, start + h, start + h + len(host))
    if not bare:
        return
    t = 0
    for spans in scanner.finditer(_BARE):
        start, _ = spans[0]
        value = _trim(text[start : spans[0][1]])
        end = start + len(value)
        while t < len(taken) and taken[t][1] <= start:
            t += 1
        if t < len(taken) and taken[t][0] < end:
            continue  # inside a URL already reported
        if start > 0 and text[start - 1] in "@.-_/":
            continue
        if end < len(text) and text[end] in "@-_":
            continue
        host_text = value.split("/", 1)[0]
        tld_text = host_text.rsplit(".", 1)[-1]
        if tld_text[:1].isupper() and not tld_text.isupper():
            continue  # "Mr.Smith", "ok.Now"
        host = host_text.lower()
        if not _valid_host(host) or not domains.is_suffix(host.rsplit(".", 1)[-1]):
            continue
        if len(value) == len(host_text) and not domains.bare_ok(host):
            continue  # with a path ("evil.love/x") any real suffix counts
        registered = domains.registered(host)
        if not registered:
            continue
        if len(value) > len(host_text):
            _, _, path = _split_url(value)
            yield Indicator("url", value, f"http://{host}{path}", start, end)
        yield Indicator("domain", host_text, registered, start, start + len(host_text))
