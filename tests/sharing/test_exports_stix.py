"""The STIX 2.1 bundle validates with stix2, re-imports to the same objects, and is deterministic."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date

import stix2
from sharing_seed import ANYDESK_ID, SCAM_EMAIL_ADDRESS, SCAM_PHONE_E164, Seeded

from hangup.cases.exports.selection import build_export, make_selection
from hangup.cases.exports.stix import pattern_literal, to_stix, to_stix_bundle
from hangup.cases.exports.stix_types import TYPES
from hangup.cases.schema import ReportIn
from hangup.cases.store import CaseStore


def _by_type(objects: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {}
    for obj in objects:
        out.setdefault(str(obj["type"]), []).append(obj)
    return out


def test_campaign_bundle_round_trips(seeded_store: tuple[CaseStore, Seeded]) -> None:
    store, seeded = seeded_store
    data = build_export(store, make_selection(report_ids=seeded.campaign))
    text = to_stix(data, "amber")
    parsed = stix2.parse(text, allow_custom=False)  # our types are registered extension observables
    assert parsed.type == "bundle"
    original = json.loads(text)
    assert json.loads(parsed.serialize()) == original  # same objects after a round trip
    again = stix2.parse(parsed.serialize())
    assert [o.id for o in again.objects] == [o["id"] for o in original["objects"]]

    objects = _by_type(original["objects"])
    assert [o["name"] for o in objects["identity"] if o["name"] == "Kent Police"]
    campaign = objects["campaign"][0]
    assert "3 linked reports" in campaign["name"] and campaign["created_by_ref"].startswith("identity--")
    patterns = {o["pattern"] for o in objects["indicator"]}
    assert f"[phone-number:value = '{SCAM_PHONE_E164}']" in patterns
    assert f"[remote-access-id:value = '{ANYDESK_ID}']" in patterns
    assert f"[email-addr:value = '{SCAM_EMAIL_ADDRESS}']" in patterns
    assert "[bank-account:value = 'uk_account:123456:12345678']" in patterns
    assert "[url:value = 'https://fix-my-pc-now.com/login']" in patterns
    phone = next(o for o in objects["phone-number"] if o["value"] == SCAM_PHONE_E164)
    ext_id = next(iter(phone["extensions"]))
    assert phone["extensions"][ext_id] == {"extension_type": "new-sco"}
    definition = next(o for o in objects["extension-definition"] if o["id"] == ext_id)
    assert definition["extension_types"] == ["new-sco"] and "phone-number" in definition["schema"]
    access = objects["remote-access-id"][0]
    assert (access["tool"], access["access_id"]) == ("anydesk", "123456789")
    observed = next(o for o in objects["observed-data"] if o["object_refs"] == [phone["id"]])
    assert observed["number_observed"] == 3
    kinds = {(r["relationship_type"], r["source_ref"].split("--")[0], r["target_ref"].split("--")[0])
             for r in objects["relationship"]}
    assert {("indicates", "indicator", "campaign"), ("based-on", "indicator", "observed-data"),
            ("uses", "campaign", "attack-pattern"), ("uses", "campaign", "tool")} <= kinds
    refs = {o["id"] for o in original["objects"]}
    for rel in objects["relationship"]:
        assert rel["source_ref"] in refs and rel["target_ref"] in refs
    assert all(o.get("object_marking_refs") == [stix2.v21.TLP_AMBER.id] for o in objects["indicator"])


def test_same_data_same_bundle(seeded_store: tuple[CaseStore, Seeded]) -> None:
    store, seeded = seeded_store
    first = to_stix(build_export(store, make_selection(report_ids=seeded.campaign)))
    second = to_stix(build_export(store, make_selection(report_ids=seeded.campaign)))
    assert first == second  # ids, times and order come from the data, not the clock


def test_period_bundle_is_a_grouping(seeded_store: tuple[CaseStore, Seeded]) -> None:
    store, _ = seeded_store
    bundle = to_stix_bundle(build_export(store, make_selection(since=date(2026, 5, 1))), "green")
    types = {o.type for o in bundle.objects}
    assert "grouping" in types and "campaign" not in types
    grouping = next(o for o in bundle.objects if o.type == "grouping")
    ids = {o.id for o in bundle.objects}
    assert set(grouping.object_refs) <= ids and grouping.context == "suspicious-activity"
    assert stix2.v21.TLP_GREEN in bundle.objects


def test_a_recipient_without_hangup_reads_it(seeded_store: tuple[CaseStore, Seeded], tmp_path: object) -> None:
    store, seeded = seeded_store
    text = to_stix(build_export(store, make_selection(report_ids=seeded.campaign)))
    code = ("import json, sys, stix2; text = sys.stdin.read(); b = stix2.parse(text, allow_custom=True); "
            "assert json.loads(b.serialize()) == json.loads(text); print(len(b.objects))")
    proc = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) == len(json.loads(text)["objects"])


def test_empty_export_is_still_valid(sqlite_store: CaseStore) -> None:
    text = to_stix(build_export(sqlite_store, make_selection(since=date(2026, 1, 1))))
    bundle = stix2.parse(text)
    assert {o.type for o in bundle.objects} >= {"identity", "grouping", "marking-definition"}


def test_pattern_literals_are_escaped() -> None:
    assert pattern_literal("http://x.test/it's\\here") == "'http://x.test/it\\'s\\\\here'"
    indicator = stix2.v21.Indicator(pattern=f"[url:value = {pattern_literal(chr(39) + ' OR 1=1')}]",
                                    pattern_type="stix", valid_from="2026-01-01T00:00:00Z")
    assert indicator.pattern.startswith("[url:value = '\\'")
    assert len({t.extension_id for t in TYPES}) == len(TYPES)


def test_new_reports_give_new_versions_of_the_same_objects(sqlite_store: CaseStore) -> None:
    report = ReportIn(channel="call", phone_numbers=["020 7946 0991"], claimed_organisation="Microsoft")
    sqlite_store.add_report(report)
    selection = make_selection(since=date(2020, 1, 1))

    def indicator() -> dict[str, str]:
        bundle = json.loads(to_stix(build_export(sqlite_store, selection)))
        return next(o for o in bundle["objects"] if o["type"] == "indicator")

    before = indicator()
    time.sleep(1.1)  # timestamps are kept to the second
    sqlite_store.add_report(report)
    after = indicator()
    assert after["id"] == before["id"] and after["created"] == before["created"]
    assert after["modified"] > before["modified"]
    assert "2 reports" in after["description"] and "one report" in before["description"]
