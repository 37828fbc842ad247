"""Which indicators link reports, and the key two reports must share to be linked.

The rules are data (``cases/data/linking.yaml``): the indicator types that identify criminals, the
shortest phone numbers and remote-access IDs worth linking on, and the genuine domains and numbers
that honest messages share. :meth:`LinkRules.key` turns a stored indicator into its link key (None:
it never links); :meth:`LinkRules.is_common` says whether a key is on the lists of genuine values
(which an analyst may still confirm as a link).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hangup.config import Settings
from hangup.errors import ConfigError
from hangup.yamldata import load_yaml

_SEPARATORS = re.compile(r"[\s\-.]")
_NON_DIGITS = re.compile(r"\D")


class _LinkData(BaseModel):
    model_config = ConfigDict(extra="forbid")

    link_types: list[str]
    min_phone_digits: int = Field(ge=1)
    min_remote_id_digits: int = Field(ge=1)
    min_remote_id_chars: int = Field(ge=1)
    bank_prefixes: list[str]
    shared_domains: list[str]
    mail_providers: list[str]
    common_phones: list[str]


def _under(host: str, domains: frozenset[str]) -> bool:
    """True when ``host`` is one of ``domains`` or a subdomain of one."""
    labels = host.lower().strip(".").split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels)))


@dataclass(frozen=True, slots=True)
class LinkRules:
    """The linking rules in force (the shipped data plus the ``link_max_reports`` setting)."""

    types: frozenset[str]
    min_phone_digits: int
    min_remote_id_digits: int
    min_remote_id_chars: int
    bank_prefixes: frozenset[str]
    shared_domains: frozenset[str]
    mail_providers: frozenset[str]
    common_phones: frozenset[str]
    max_reports: int = 0  # an indicator shared by more reports is too common to link (0: no limit)

    def key(self, kind: str, normalized: str) -> str | None:
        """The value two reports must share for this indicator to link them; None if it never links."""
        if kind not in self.types or not normalized:
            return None
        if kind == "phone":
            return normalized if len(_NON_DIGITS.sub("", normalized)) >= self.min_phone_digits else None
        if kind == "remote_access_id":
            return self._remote_id(normalized)
        if kind == "bank_account":
            return normalized if normalized.split(":", 1)[0] in self.bank_prefixes else None
        if kind == "url":
            return self._url(normalized)
        if kind in ("email", "domain"):
            return normalized.lower()
        return normalized

    def _remote_id(self, normalized: str) -> str | None:
        prefix, sep, rest = normalized.partition(":")
        body = rest if sep and prefix.isalpha() else normalized  # "anydesk:123456789" and "123456789" match
        compact = _SEPARATORS.sub("", body)
        if compact.isdigit():
            return compact if len(compact) >= self.min_remote_id_digits else None
        return body.lower() if len(body) >= self.min_remote_id_chars else None

    @staticmethod
    def _url(normalized: str) -> str | None:
        parts = urlsplit(normalized if "://" in normalized else f"http://{normalized}")
        host = (parts.hostname or "").removeprefix("www.")
        path = parts.path.rstrip("/")
        if not host or (not path and not parts.query):
            return None  # the bare site: its domain links already
        return f"{host}{path}{'?' + parts.query if parts.query else ''}"

    def is_common(self, kind: str, key: str) -> bool:
        """True for a genuine value that honest messages share (microsoft.com, gmail.com, a helpline)."""
        if kind == "phone":
            return key in self.common_phones
        if kind == "domain":
            return _under(key, self.shared_domains) or _under(key, self.mail_providers)
        if kind == "email":
            return _under(key.rpartition("@")[2], self.shared_domains)
        if kind == "url":
            return _under(key.split("/", 1)[0], self.shared_domains)
        return False


@functools.cache
def _shipped() -> _LinkData:
    text = resources.files("hangup.cases").joinpath("data/linking.yaml").read_text(encoding="utf-8")
    try:
        return _LinkData.model_validate(load_yaml(text))
    except ValidationError as exc:
        raise ConfigError(f"invalid linking.yaml: {exc.errors()[0]['msg']}") from exc


def load_rules(settings: Settings | None = None) -> LinkRules:
    """The shipped linking rules, with the report limit from ``settings``."""
    data = _shipped()
    return LinkRules(
        types=frozenset(data.link_types),
        min_phone_digits=data.min_phone_digits,
        min_remote_id_digits=data.min_remote_id_digits,
        min_remote_id_chars=data.min_remote_id_chars,
        bank_prefixes=frozenset(data.bank_prefixes),
        shared_domains=frozenset(d.lower() for d in data.shared_domains),
        mail_providers=frozenset(d.lower() for d in data.mail_providers),
        common_phones=frozenset(data.common_phones),
        max_reports=settings.link_max_reports if settings is not None else 0,
    )
