"""A STIX 2.1 bundle of an export, made with the ``stix2`` library.

What is in it:

- the producer's identity (``share_producer``), the ``hangup`` identity and the extension definitions
  of the new observable types it uses (:mod:`.stix_types`), and the TLP marking (``share_tlp``);
- per shareable observable: the observable (``url``, ``domain-name``, ``email-addr``, or a new
  ``phone-number``, ``remote-access-id``, ``bank-account``, ``crypto-wallet``), an ``observed-data``
  (first and last seen, ``number_observed`` = reports), an ``indicator`` with a STIX pattern, and a
  ``based-on`` relationship;
- a ``campaign`` when the export is a campaign (indicators ``indicate`` it, it ``uses`` the tactics as
  ``attack-pattern`` objects and the remote-access tools as ``tool`` objects), otherwise a ``grouping``
  of everything.

Ids are deterministic: UUIDv5 of the producer, the selection (period or campaign) and the content, so
exporting the same selection again gives the same objects. ``created`` is when the first report behind
an object was filed and ``modified`` when the last one was, so a period that gains reports gives new
versions of the same objects. When the scam was seen (contact times) is in ``valid_from``,
``first_observed``/``last_observed`` and the campaign's ``first_seen``/``last_seen``. Observables have
the ids STIX prescribes (UUIDv5 of their value), the same in every export.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import stix2

from hangup.cases.exports.model import ExportData, SharedIndicator
from hangup.cases.exports.stix_types import (
    AUTHOR_NAME,
    BY_INDICATOR,
    DEFINED,
    NAMESPACE,
    ObservableType,
    author,
    extension_definition,
    observable_class,
)

TLP = {"clear": stix2.v21.TLP_WHITE, "green": stix2.v21.TLP_GREEN, "amber": stix2.v21.TLP_AMBER,
       "red": stix2.v21.TLP_RED}
_STANDARD = {"url": ("url", "URL"), "domain": ("domain-name", "DomainName"), "email": ("email-addr", "EmailAddress")}
_TITLES = {"phone": "Phone number", "email": "Email address", "domain": "Domain", "url": "URL",
           "remote_access_id": "Remote-access ID", "bank_account": "Bank account", "crypto_wallet": "Crypto wallet"}


def _second(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def pattern_literal(value: str) -> str:
    """``value`` as a quoted STIX pattern string (backslash and quote escaped)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class _Builder:
    def __init__(self, data: ExportData, tlp: str) -> None:
        self.data = data
        self.marking = TLP[tlp]
        self.producer_id = _producer_id(data.producer)  # the author_id() when the producer is hangup
        self.objects: dict[str, Any] = {}

    def make_id(self, kind: str, *parts: str) -> str:
        name = "|".join((self.data.producer, self.data.selection.key(), kind, *parts))
        return f"{kind}--{uuid.uuid5(NAMESPACE, name)}"

    def common(self, first: datetime, last: datetime) -> dict[str, Any]:
        return {"created_by_ref": self.producer_id, "created": _second(first), "modified": _second(last),
                "object_marking_refs": [self.marking.id]}

    def add(self, obj: Any) -> Any:
        self.objects[obj.id] = obj
        return obj

    def observable(self, ind: SharedIndicator) -> tuple[Any, str]:
        """The observable object and the pattern that matches it."""
        if ind.type in _STANDARD:
            stix_type, cls = _STANDARD[ind.type]
            obj = getattr(stix2.v21, cls)(value=ind.value)
            return obj, f"[{stix_type}:value = {pattern_literal(ind.value)}]"
        kind = BY_INDICATOR[ind.type]
        self.add(extension_definition(kind))
        obj = observable_class(kind)(**_custom_properties(kind, ind.value))
        return obj, f"[{kind.stix_type}:value = {pattern_literal(ind.value)}]"

    def indicator(self, ind: SharedIndicator) -> Any:
        sco, pattern = self.observable(ind)
        self.add(sco)
        common = self.common(ind.first_reported, ind.last_reported)
        times = "one report" if ind.report_count == 1 else f"{ind.report_count} reports"
        observed = self.add(stix2.v21.ObservedData(
            id=self.make_id("observed-data", sco.id), first_observed=_second(ind.first_seen),
            last_observed=_second(ind.last_seen), number_observed=ind.report_count, object_refs=[sco.id], **common,
        ))
        indicator = self.add(stix2.v21.Indicator(
            id=self.make_id("indicator", pattern), name=f"{_TITLES[ind.type]} used in technical-support scams",
            description=f"{_TITLES[ind.type]} {ind.value} was seen in {times} of scams.",
            indicator_types=["malicious-activity"], pattern=pattern, pattern_type="stix",
            valid_from=_second(ind.first_seen), **common,
        ))
        self.relationship(indicator, "based-on", observed)
        return indicator

    def relationship(self, source: Any, kind: str, target: Any) -> None:
        self.add(stix2.v21.Relationship(
            id=self.make_id("relationship", source.id, kind, target.id), relationship_type=kind,
            source_ref=source.id, target_ref=target.id, created_by_ref=self.producer_id,
            created=max(source.created, target.created), modified=max(source.modified, target.modified),
            object_marking_refs=[self.marking.id],
        ))

    def tactics(self, first: datetime, last: datetime) -> list[Any]:
        return [
            self.add(stix2.v21.AttackPattern(
                id=self.make_id("attack-pattern", tactic.id), name=tactic.name,
                description=f"Scam tactic {tactic.id}, seen in {count} of the reports.",
                external_references=[{"source_name": "hangup", "external_id": tactic.id}],
                **self.common(first, last),
            ))
            for tactic, count in self.data.tactics()
        ]

    def tools(self, first: datetime, last: datetime) -> list[Any]:
        names = sorted({name for r in self.data.reports for name in r.remote_access_tools})
        return [
            self.add(stix2.v21.Tool(
                id=self.make_id("tool", name), name=name, tool_types=["remote-access"],
                description=f"{name}, a genuine remote-access program that scammers talk victims into installing.",
                **self.common(first, last),
            ))
            for name in names
        ]

    def summary(self) -> str:
        data = self.data
        lost = sum(r.money_lost for r in data.reports)
        brands = sorted({b for r in data.reports for b in r.brands})
        text = (f"Technical-support scams: {len(data.reports)} reports ({data.selection.describe()}); "
                f"money lost in {lost}.")
        return text + (f" Callers claimed to be from {', '.join(brands)}." if brands else "")


def _producer_id(producer: str) -> str:
    """The producer's identity: the same in every export of that producer."""
    return f"identity--{uuid.uuid5(NAMESPACE, 'identity:' + producer)}"


def _custom_properties(kind: ObservableType, value: str) -> dict[str, str]:
    props = {"value": value}
    prefix, _, rest = value.partition(":")
    if kind.indicator_type == "remote_access_id" and rest:
        props.update(tool=prefix, access_id=rest)
    elif kind.indicator_type == "crypto_wallet" and rest:
        props.update(currency=prefix, address=rest)
    elif kind.indicator_type == "bank_account":
        if prefix == "iban":
            props["iban"] = rest
        elif prefix == "uk_account" and ":" in rest:
            props["sort_code"], props["account_number"] = rest.split(":", 1)
        elif prefix in ("sort_code", "account_number"):
            props[prefix] = rest
    return props


def to_stix_bundle(data: ExportData, tlp: str = "amber") -> Any:
    """The export as a ``stix2.v21.Bundle`` (objects in a stable order)."""
    builder = _Builder(data, tlp)
    first = data.first_reported or data.generated_at
    last = data.last_reported or data.generated_at
    producer = builder.add(author() if data.producer == AUTHOR_NAME else stix2.v21.Identity(
        id=builder.producer_id, name=data.producer, identity_class="organization", created=DEFINED, modified=DEFINED,
    ))
    indicators = [builder.indicator(ind) for ind in data.observables()]
    if any(getattr(o, "type", "") == "extension-definition" for o in builder.objects.values()):
        builder.add(author())
    patterns = builder.tactics(first, last)
    tools = builder.tools(first, last)
    if data.selection.report_ids is not None:
        campaign = builder.add(stix2.v21.Campaign(
            id=builder.make_id("campaign", data.selection.key()), name=f"Technical-support scam campaign "
            f"({len(data.reports)} linked reports)", description=builder.summary(),
            first_seen=_second(data.first_seen or first), last_seen=_second(data.last_seen or last),
            **builder.common(first, last),
        ))
        for indicator in indicators:
            builder.relationship(indicator, "indicates", campaign)
        for used in (*patterns, *tools):
            builder.relationship(campaign, "uses", used)
    else:
        refs = sorted(i for i in builder.objects if i != producer.id)
        builder.add(stix2.v21.Grouping(
            id=builder.make_id("grouping", data.selection.key()), name=f"Technical-support scam indicators, reports "
            f"{data.selection.describe()}", description=builder.summary(), context="suspicious-activity",
            object_refs=refs or [producer.id], **builder.common(first, last),
        ))
    objects = [builder.marking, *sorted(builder.objects.values(), key=lambda o: (o.type, o.id))]
    bundle_id = f"bundle--{uuid.uuid5(NAMESPACE, '|'.join(f'{o.id}@{_version(o)}' for o in objects))}"
    return stix2.v21.Bundle(objects=objects, id=bundle_id)


def _version(obj: Any) -> str:
    modified = getattr(obj, "modified", None)
    return str(modified) if modified is not None else ""


def to_stix(data: ExportData, tlp: str = "amber") -> str:
    """The export as STIX 2.1 JSON text (indented; stix2's own pretty printing is quadratic in the objects)."""
    compact = str(to_stix_bundle(data, tlp).serialize())
    return json.dumps(json.loads(compact), indent=2, ensure_ascii=False) + "\n"
