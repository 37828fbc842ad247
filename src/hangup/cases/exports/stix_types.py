"""STIX 2.1 has no objects for phone numbers, remote-access IDs, bank accounts or crypto wallets:
hangup defines them as new cyber-observable types through extension definitions (STIX 2.1, 7.3).

Each type has a fixed extension-definition id, created by the ``hangup`` identity, and its observables
name the extension in ``extensions`` (``extension_type: new-sco``). Observable ids are deterministic
(UUIDv5 of the ``value`` property, as STIX prescribes for observables). A recipient without these
classes reads them with ``stix2.parse(..., allow_custom=True)``.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import stix2
from stix2.properties import StringProperty

#: Namespace of every deterministic id hangup makes (UUIDv5).
NAMESPACE = uuid.UUID("ed911aa1-e65e-4a65-a9a9-ea9e76483971")
#: When the extension definitions and the hangup identity were written (fixed: they are constants).
DEFINED = datetime(2026, 1, 1, tzinfo=UTC)
AUTHOR_NAME = "hangup"


@dataclass(frozen=True, slots=True)
class ObservableType:
    """One new observable type: its STIX type name, extension id, properties and the text of its schema."""

    indicator_type: str  # hangup's indicator type
    stix_type: str
    extension_id: str
    title: str
    properties: tuple[tuple[str, str], ...]  # (name, description); "value" first, required


def _ext(name: str) -> str:
    return f"extension-definition--{uuid.uuid5(NAMESPACE, 'extension:' + name)}"


TYPES: tuple[ObservableType, ...] = (
    ObservableType("phone", "phone-number", _ext("phone-number"), "Phone number", (
        ("value", "The number in E.164 form, e.g. +448001234567."),
    )),
    ObservableType("remote_access_id", "remote-access-id", _ext("remote-access-id"), "Remote-access ID", (
        ("value", "tool:ID in lower case, e.g. anydesk:123456789; the ID alone when the tool is unknown."),
        ("tool", "The remote-access tool, lower case without spaces, e.g. anydesk, teamviewer."),
        ("access_id", "The ID or alias as the tool shows it."),
    )),
    ObservableType("bank_account", "bank-account", _ext("bank-account"), "Bank account", (
        ("value", "iban:<IBAN>, uk_account:<sort code>:<account number>, sort_code:<digits> or "
                  "account_number:<digits>."),
        ("iban", "The IBAN, upper case without spaces."),
        ("sort_code", "The UK sort code, six digits."),
        ("account_number", "The account number, digits only."),
    )),
    ObservableType("crypto_wallet", "crypto-wallet", _ext("crypto-wallet"), "Crypto wallet", (
        ("value", "currency:address, e.g. bitcoin:bc1q..."),
        ("currency", "The crypto currency, e.g. bitcoin, ethereum."),
        ("address", "The wallet address as used on its network (case-sensitive)."),
    )),
)
BY_INDICATOR: dict[str, ObservableType] = {t.indicator_type: t for t in TYPES}

_lock = threading.Lock()
_classes: dict[str, Any] = {}


def author_id() -> str:
    """The id of the ``hangup`` identity that defines the extensions."""
    return f"identity--{uuid.uuid5(NAMESPACE, 'identity:' + AUTHOR_NAME)}"


def author() -> Any:
    """The identity that created the extension definitions."""
    return stix2.v21.Identity(
        id=author_id(), name=AUTHOR_NAME, identity_class="organization", created=DEFINED, modified=DEFINED,
        description="The hangup project: software against technical-support scams. Defines the observable "
        "types phone-number, remote-access-id, bank-account and crypto-wallet.",
    )


def _schema(kind: ObservableType) -> str:
    props = "; ".join(f"{name} (string{', required' if i == 0 else ''}): {text}"
                      for i, (name, text) in enumerate(kind.properties))
    return (f"A new STIX cyber-observable type '{kind.stix_type}' ({kind.title.lower()}). Properties: {props} "
            "The id is a UUIDv5 of the value property in the STIX namespace.")


def extension_definition(kind: ObservableType) -> Any:
    """The extension-definition object of one new observable type."""
    return stix2.v21.ExtensionDefinition(
        id=kind.extension_id, created_by_ref=author_id(), created=DEFINED, modified=DEFINED,
        name=f"hangup {kind.title.lower()} observable", description=f"{kind.title}, as seen in scam reports.",
        schema=_schema(kind), version="1.0.0", extension_types=["new-sco"],
    )


def observable_class(kind: ObservableType) -> Any:
    """The stix2 class of one new observable type (registered with stix2 once per process)."""
    with _lock:
        found = _classes.get(kind.stix_type)
        if found is None:
            props = [(name, StringProperty(required=i == 0)) for i, (name, _) in enumerate(kind.properties)]
            shell = type(kind.title.replace(" ", "").replace("-", ""), (), {})
            found = stix2.v21.CustomObservable(kind.stix_type, props, id_contrib_props=["value"],
                                               extension_name=kind.extension_id)(shell)
            _classes[kind.stix_type] = found
        return found


def register_all() -> None:
    """Register every new observable type, so ``stix2.parse`` reads them without ``allow_custom``."""
    for kind in TYPES:
        observable_class(kind)
