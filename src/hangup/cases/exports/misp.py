"""A MISP event of an export, built offline with PyMISP (no server is contacted).

Objects come from the templates PyMISP ships: ``phone-number``, ``url``, ``domain-ip``, ``email``
(the scam address as ``from``) and ``bank-account`` (``iban``, or ``account`` with the UK sort code as
``branch``). Remote-access IDs and crypto wallets have no template: they are event attributes (``text``,
or ``btc`` for Bitcoin) with a comment naming the tool or currency. Each object carries first and last
seen and says in how many reports it was seen. The event is tagged with the TLP level and the tactics
seen (``hangup:tactic="REMOTE_ACCESS"``); its distribution is "your organisation only", so sharing
on is the recipient's decision under the TLP. UUIDs are deterministic (UUIDv5).
"""

from __future__ import annotations

import uuid
from datetime import UTC

from pymisp import MISPEvent, MISPObject, MISPOrganisation

from hangup.cases.exports.model import ExportData, SharedIndicator
from hangup.cases.exports.stix_types import NAMESPACE

DISTRIBUTION_ORG_ONLY = 0
THREAT_LEVEL_MEDIUM = 2
ANALYSIS_COMPLETED = 2


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(("misp", *parts))))


def _seen(ind: SharedIndicator) -> str:
    return "seen in one report" if ind.report_count == 1 else f"seen in {ind.report_count} reports"


def _object(event: MISPEvent, name: str, ind: SharedIndicator, attributes: list[tuple[str, str]]) -> None:
    obj = MISPObject(name, standalone=False)
    obj.uuid = _uuid(event.uuid, name, ind.type, ind.value)
    obj.comment = f"Technical-support scam, {_seen(ind)}"
    obj.first_seen = ind.first_seen.astimezone(UTC)
    obj.last_seen = ind.last_seen.astimezone(UTC)
    for relation, value in attributes:
        attribute = obj.add_attribute(relation, value=value)
        if attribute is not None:
            attribute.uuid = _uuid(obj.uuid, relation, value)
    event.add_object(obj)


def _bank(value: str) -> list[tuple[str, str]] | None:
    prefix, _, rest = value.partition(":")
    if prefix == "iban":
        return [("iban", rest)]
    if prefix == "uk_account" and ":" in rest:
        sort_code, account = rest.split(":", 1)
        return [("account", account), ("branch", f"{sort_code[:2]}-{sort_code[2:4]}-{sort_code[4:]}")]
    if prefix == "account_number":
        return [("account", rest)]
    return None  # a sort code alone is no account; it is kept inside uk_account when both were given


def _attribute(event: MISPEvent, ind: SharedIndicator) -> None:
    prefix, _, rest = ind.value.partition(":")
    if ind.type == "remote_access_id":
        what = f"{prefix} remote-access ID" if rest else "remote-access ID"
        kind, value = "text", ind.value
    elif prefix == "bitcoin" and rest:
        what, kind, value = "Bitcoin wallet", "btc", rest
    else:
        what, kind, value = f"{prefix} wallet" if rest else "crypto wallet", "text", ind.value
    attribute = event.add_attribute(
        kind, value, category="Financial fraud" if ind.type == "crypto_wallet" else "Other", to_ids=False,
        comment=f"{what} used in technical-support scams, {_seen(ind)}",
        first_seen=ind.first_seen.astimezone(UTC), last_seen=ind.last_seen.astimezone(UTC),
    )
    for added in attribute if isinstance(attribute, list) else [attribute]:
        added.uuid = _uuid(event.uuid, ind.type, ind.value)


def _add(event: MISPEvent, ind: SharedIndicator) -> None:
    if ind.type == "phone":
        _object(event, "phone-number", ind, [("phone-number", ind.value)])
    elif ind.type == "url":
        _object(event, "url", ind, [("url", ind.value)])
    elif ind.type == "domain":
        _object(event, "domain-ip", ind, [("domain", ind.value)])
    elif ind.type == "email":
        _object(event, "email", ind, [("from", ind.value)])
    elif ind.type == "bank_account":
        attributes = _bank(ind.value)
        if attributes:
            _object(event, "bank-account", ind, attributes)
    elif ind.type in ("remote_access_id", "crypto_wallet"):
        _attribute(event, ind)


def to_misp_event(data: ExportData, tlp: str = "amber") -> MISPEvent:
    """The export as a PyMISP ``MISPEvent``."""
    event = MISPEvent()
    event.uuid = _uuid(data.producer, "event", data.selection.key())
    lost = sum(r.money_lost for r in data.reports)
    event.info = (f"Technical-support scam indicators: {len(data.reports)} reports "
                  f"({data.selection.describe()}), money lost in {lost}")
    first = data.first_seen or data.generated_at
    event.date = first.astimezone(UTC).date()
    event.distribution = DISTRIBUTION_ORG_ONLY
    event.threat_level_id = THREAT_LEVEL_MEDIUM
    event.analysis = ANALYSIS_COMPLETED
    org = MISPOrganisation()
    org.name = data.producer
    org.uuid = _uuid("organisation", data.producer)
    event.Orgc = org
    event.add_tag(f"tlp:{tlp}")
    for tactic, _count in data.tactics():
        event.add_tag(f'hangup:tactic="{tactic.id}"')
    for ind in data.observables():
        _add(event, ind)
    return event


def to_misp(data: ExportData, tlp: str = "amber") -> str:
    """The export as MISP event JSON (``{"Event": {...}}``), ready to import into a MISP instance."""
    event = to_misp_event(data, tlp)
    return f'{{"Event": {event.to_json(indent=2, sort_keys=True)}}}\n'

