"""Advice packs: shipped packs are complete, advise() orders and filters, user packs override."""

from __future__ import annotations

import dataclasses
import logging
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from hangup.advice import (
    REQUIRED_SITUATIONS,
    AdvicePack,
    advise,
    available_packs,
    load_pack,
)
from hangup.errors import ConfigError

SHIPPED = ("uk", "us")


def _tactic_ids() -> list[str]:
    text = (resources.files("hangup.detect") / "rules" / "tactics.yaml").read_text(encoding="utf-8")
    ids = [item["id"] for item in yaml.safe_load(text)["tactics"]]
    assert len(ids) >= 15
    return ids


def _raw_pack(name: str) -> dict[str, Any]:
    text = (resources.files("hangup.advice") / "packs" / f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _names(pack: AdvicePack, **kwargs: Any) -> list[str]:
    return [entry.name for entry in advise(pack, **kwargs).report_to]


def _hows(pack: AdvicePack, **kwargs: Any) -> str:
    return " ".join(entry.how for entry in advise(pack, **kwargs).report_to)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_pack_loads(name: str) -> None:
    pack = load_pack(name)
    assert pack.jurisdiction == name
    assert pack.region == {"uk": "GB", "us": "US"}[name]
    assert pack.language == {"uk": "en-GB", "us": "en-US"}[name]
    assert pack.notes == ()
    assert len(pack.general) >= 5
    assert set(REQUIRED_SITUATIONS) <= set(pack.if_already)
    assert all(src.url.startswith("https://") for src in pack.sources)
    assert load_pack(name.upper()) is pack  # cached, case-insensitive


def test_available_packs() -> None:
    assert set(SHIPPED) <= set(available_packs())


@pytest.mark.parametrize("name", SHIPPED)
def test_every_tactic_has_advice_in_the_pack_file(name: str) -> None:
    raw_tactics = _raw_pack(name)["tactics"]
    missing = [tid for tid in _tactic_ids() if not str(raw_tactics.get(tid, "")).strip()]
    assert missing == []
    pack = load_pack(name)
    for tid in _tactic_ids():
        assert pack.tactics[tid] == " ".join(raw_tactics[tid].split())


def test_uk_pack_uses_british_spelling_and_uk_services() -> None:
    text = (resources.files("hangup.advice") / "packs" / "uk.yaml").read_text(encoding="utf-8")
    assert "licence" in text
    assert "organization" not in text
    uk = load_pack("uk")
    assert "safe account" in uk.tactics["PAYMENT_DEMAND"]
    assert "HMRC" in uk.tactics["GOVERNMENT_IMPERSONATION"]
    assert "7726" in uk.tactics["CALLBACK_LURE"]
    assert any("159" in step for step in uk.if_already["paid"])
    assert any("Cifas" in step for step in uk.if_already["gave_details"])
    assert "IRS" in load_pack("us").tactics["GOVERNMENT_IMPERSONATION"]
    assert any("IdentityTheft.gov" in step for step in load_pack("us").if_already["gave_details"])


def test_advise_puts_tactic_advice_first_in_order_without_duplicates() -> None:
    pack = load_pack("uk")
    result = advise(
        pack, verdict="scam", tactic_ids=["REMOTE_ACCESS", "PAYMENT_DEMAND", "REMOTE_ACCESS"], kind="call"
    )
    assert result.advice[0] == pack.tactics["REMOTE_ACCESS"]
    assert result.advice[1] == pack.tactics["PAYMENT_DEMAND"]
    assert result.advice[2:] == list(pack.general)
    assert len(result.advice) == len(set(result.advice))
    assert [item.situation for item in result.if_already] == list(pack.if_already)
    assert result.if_already[0].title == "If you already let them onto your computer"
    assert any("another" in s.lower() or "different device" in s for s in result.if_already[0].steps)


def test_advise_drops_advice_repeated_between_tactic_and_general() -> None:
    pack = load_pack("us")
    general_line = pack.general[2]
    patched = dataclasses.replace(pack, tactics={"X_TACTIC": general_line})
    result = advise(patched, verdict="suspicious", tactic_ids=["X_TACTIC", "UNKNOWN"], kind="chat")
    assert result.advice[0] == general_line
    assert result.advice.count(general_line) == 1
    assert len(result.advice) == len(pack.general)


def test_email_report_to() -> None:
    uk = _hows(load_pack("uk"), verdict="scam", tactic_ids=["PHISHING_LINK"], kind="email")
    assert "report@phishing.gov.uk" in uk
    assert "reportfraud.police.uk" in uk
    assert "7726" not in uk
    us = _hows(load_pack("us"), verdict="suspicious", tactic_ids=["PHISHING_LINK"], kind="email")
    assert "ReportFraud.ftc.gov" in us
    assert "reportphishing@apwg.org" in us


@pytest.mark.parametrize("name", SHIPPED)
def test_sms_gets_7726_and_calls_get_police_or_fraud_service(name: str) -> None:
    pack = load_pack(name)
    sms = _hows(pack, verdict="scam", tactic_ids=["CALLBACK_LURE"], kind="sms")
    assert "7726" in sms
    assert "phishing" not in sms.lower()
    call = _hows(pack, verdict="scam", tactic_ids=["REMOTE_ACCESS"], kind="call")
    assert ("0300 123 2040" in call and "101" in call) if name == "uk" else ("ReportFraud.ftc.gov" in call)


def test_tactic_specific_report_entries() -> None:
    uk = load_pack("uk")
    assert "Microsoft" in _names(uk, verdict="scam", tactic_ids=["IMPERSONATION"], kind="call")
    assert "Microsoft" not in _names(uk, verdict="scam", tactic_ids=["PRIZE_LURE"], kind="call")
    assert "HMRC" in _names(uk, verdict="scam", tactic_ids=["GOVERNMENT_IMPERSONATION"], kind="sms")


@pytest.mark.parametrize("name", SHIPPED)
def test_not_scam_reassures_without_reporting(name: str) -> None:
    result = advise(load_pack(name), verdict="not_scam", tactic_ids=["REMOTE_ACCESS"], kind="email")
    assert result.report_to == []
    assert result.if_already == []
    assert 1 <= len(result.advice) <= 3
    assert any("details you already trust" in line for line in result.advice)


def test_advise_rejects_unknown_verdict_and_kind() -> None:
    pack = load_pack("uk")
    with pytest.raises(ValueError, match="verdict"):
        advise(pack, verdict="maybe", tactic_ids=[], kind="call")
    with pytest.raises(ValueError, match="kind"):
        advise(pack, verdict="scam", tactic_ids=[], kind="fax")


def _write_pack(folder: Path, name: str, data: dict[str, Any]) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_user_folder_overrides_and_adds_packs(tmp_path: Path) -> None:
    data = _raw_pack("uk")
    data["general"] = ["Local advice: hang up and ring your daughter."]
    _write_pack(tmp_path, "uk", data)
    ie = _raw_pack("uk")
    ie["meta"] = {**ie["meta"], "name": "Ireland", "region": "IE", "language": "en-IE"}
    _write_pack(tmp_path, "ie", ie)

    overridden = load_pack("uk", tmp_path)
    assert overridden.general == ("Local advice: hang up and ring your daughter.",)
    assert str(tmp_path) in str(overridden.source)
    assert load_pack("uk").general != overridden.general  # shipped pack untouched
    assert load_pack("ie", tmp_path).region == "IE"
    assert "ie" in available_packs(tmp_path)
    assert "ie" not in available_packs()


def test_user_pack_with_unknown_and_missing_tactics_gets_notes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = _raw_pack("us")
    data["tactics"] = {"MADE_UP_TACTIC": "Some advice.", "PRESSURE": "Slow down."}
    _write_pack(tmp_path, "xx", data)
    with caplog.at_level(logging.WARNING, logger="hangup.advice.loader"):
        pack = load_pack("xx", tmp_path)
    assert any("MADE_UP_TACTIC" in note for note in pack.notes)
    assert any("MADE_UP_TACTIC" in rec.getMessage() for rec in caplog.records)
    assert pack.tactics["PRESSURE"] == "Slow down."
    assert set(_tactic_ids()) <= set(pack.tactics)  # filled from the catalogue


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "zz.yaml"
    path.write_text("general: [unclosed\n  - oops: :\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"zz\.yaml: invalid YAML"):
        load_pack("zz", tmp_path)


def test_missing_section_names_file_and_key(tmp_path: Path) -> None:
    data = _raw_pack("uk")
    del data["report_to"]
    _write_pack(tmp_path, "yy", data)
    with pytest.raises(ConfigError, match=r"yy\.yaml.*report_to") as info:
        load_pack("yy", tmp_path)
    assert "missing" in str(info.value)


def test_bad_value_names_the_key(tmp_path: Path) -> None:
    data = _raw_pack("uk")
    data["report_to"][0]["channels"] = ["fax"]
    data["tactics"]["PRESSURE"] = "   "
    _write_pack(tmp_path, "ww", data)
    with pytest.raises(ConfigError, match=r"ww\.yaml") as info:
        load_pack("ww", tmp_path)
    assert "report_to.0.channels.0" in str(info.value)
    assert "tactics.PRESSURE" in str(info.value)


def test_missing_situation_is_an_error(tmp_path: Path) -> None:
    data = _raw_pack("uk")
    del data["if_already"]["paid"]
    _write_pack(tmp_path, "vv", data)
    with pytest.raises(ConfigError, match=r"vv\.yaml.*if_already\.paid"):
        load_pack("vv", tmp_path)


def test_unknown_jurisdiction_and_bad_names(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"available: .*uk"):
        load_pack("narnia")
    with pytest.raises(ConfigError, match="invalid jurisdiction"):
        load_pack("../uk")
    with pytest.raises(ConfigError, match="not a folder"):
        load_pack("uk", tmp_path / "nope")
