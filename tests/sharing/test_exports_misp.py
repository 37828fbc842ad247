"""The MISP event is built offline, loads with PyMISP and holds the expected objects and attributes."""

from __future__ import annotations

import json
from datetime import date

from pymisp import MISPEvent
from sharing_seed import ANYDESK_ID, CALLBACK_PHONE_E164, SCAM_EMAIL_ADDRESS, SCAM_PHONE_E164, Seeded

from hangup.cases.exports.misp import to_misp
from hangup.cases.exports.selection import build_export, make_selection
from hangup.cases.store import CaseStore


def _objects(event: MISPEvent) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for obj in event.objects:
        out.setdefault(obj.name, []).append({a.object_relation: a.value for a in obj.attributes})
    return out


def test_event_loads_with_pymisp(seeded_store: tuple[CaseStore, Seeded]) -> None:
    store, _ = seeded_store
    text = to_misp(build_export(store, make_selection(since=date(2026, 5, 1))), "amber")
    assert json.loads(text)["Event"]["info"].startswith("Technical-support scam indicators: 6 reports")
    event = MISPEvent()
    event.load(text)
    objects = _objects(event)
    assert {"phone-number": SCAM_PHONE_E164} in objects["phone-number"]
    assert {"phone-number": CALLBACK_PHONE_E164} in objects["phone-number"]
    assert {"from": SCAM_EMAIL_ADDRESS} in objects["email"]
    assert {"url": "https://fix-my-pc-now.com/login"} in objects["url"]
    assert {"domain": "fix-my-pc-now.com"} in objects["domain-ip"]
    assert {"account": "12345678", "branch": "12-34-56"} in objects["bank-account"]
    assert {"iban": "GB82WEST12345698765432"} in objects["bank-account"]
    attributes = {(a.type, a.value) for a in event.attributes}
    assert ("text", ANYDESK_ID) in attributes
    assert ("btc", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq") in attributes
    tags = {t.name for t in event.tags}
    assert "tlp:amber" in tags and 'hangup:tactic="REMOTE_ACCESS"' in tags
    assert event.Orgc.name == "Kent Police" and int(event.distribution) == 0
    phone = next(o for o in event.objects if o.name == "phone-number" and o.attributes[0].value == SCAM_PHONE_E164)
    assert "3 reports" in phone.comment and phone.first_seen < phone.last_seen


def test_campaign_event_is_deterministic(seeded_store: tuple[CaseStore, Seeded]) -> None:
    store, seeded = seeded_store
    first = to_misp(build_export(store, make_selection(report_ids=seeded.campaign)))
    second = to_misp(build_export(store, make_selection(report_ids=seeded.campaign)))
    assert first == second
    event = MISPEvent()
    event.load(first)
    assert "campaign of 3 linked reports" in event.info
    assert len({o.uuid for o in event.objects}) == len(event.objects)
