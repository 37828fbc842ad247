"""The engine's verdicts on the examples: scams named and explained, warnings and helpdesks left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents import read_path, read_text
from hangup.errors import ConfigError


def _verdict(engine: Engine, path: Path):  # type: ignore[no-untyped-def]
    doc = read_path(path)[0]
    return doc, engine.analyse(doc)


def test_microsoft_scam_call(engine: Engine, examples: Path) -> None:
    doc, v = _verdict(engine, examples / "scam-call-microsoft.txt")
    assert v.verdict == "scam"
    assert v.category == "tech_support"
    assert v.kind == "call"
    ids = {t.id for t in v.tactics}
    assert {"IMPERSONATION", "FAKE_PROBLEM", "REMOTE_ACCESS", "PAYMENT_DEMAND", "SECRECY"} <= ids
    for tactic in v.tactics:
        assert tactic.evidence, tactic.id
        for ev in tactic.evidence:
            assert doc.text[ev.start : ev.end] == ev.text
    assert v.context["suspect_speaker"] == "Caller"
    types = {(i.type, i.normalized) for i in v.indicators}
    assert ("remote_access_tool", "AnyDesk") in types
    assert any(t == "money" and n.endswith("299.99") for t, n in types)
    assert any(t == "payment_method" and n.startswith("gift_card") for t, n in types)
    assert v.advice and v.report_to and v.if_already


def test_police_warning_is_not_a_scam(engine: Engine, examples: Path) -> None:
    _, v = _verdict(engine, examples / "police-warning.txt")
    assert v.verdict == "not_scam", v.tactics
    assert v.context["warning_about_scams"] is True
    assert v.report_to == []


def test_helpdesk_call_the_user_started_is_not_a_scam(engine: Engine, examples: Path) -> None:
    _, v = _verdict(engine, examples / "helpdesk-call.txt")
    assert v.verdict == "not_scam", [(t.id, t.score) for t in v.tactics]
    assert v.context["user_initiated"] is True


def test_fake_invoice_email_is_a_tech_support_scam(engine: Engine, examples: Path) -> None:
    _, v = _verdict(engine, examples / "fake-invoice.eml")
    assert v.kind == "email"
    assert v.verdict == "scam"
    assert v.category == "tech_support"
    assert "CALLBACK_LURE" in {t.id for t in v.tactics}
    assert any(i.type == "phone" and i.normalized == "+18885550147" for i in v.indicators)


def test_fake_popup_is_a_scam(engine: Engine, examples: Path) -> None:
    _, v = _verdict(engine, examples / "popup.txt")
    assert v.verdict == "scam"
    assert "FAKE_ALERT" in {t.id for t in v.tactics}


@pytest.mark.parametrize(
    "text",
    [
        "Your parcel will be delivered tomorrow between 9am and 11am. Reply STOP to opt out of updates.",
        "Hi Mum, running late, I'll call you when I get home. Love you x",
        "Reminder: your dental appointment is on Tuesday 3 March at 2.15pm. Call us if you need to change it.",
        "Microsoft has released the November security update for Windows 11. It installs automatically.",
    ],
)
def test_everyday_messages_are_not_flagged(engine: Engine, text: str) -> None:
    v = engine.analyse(read_text(text))
    assert v.verdict == "not_scam", [(t.id, t.score, [e.text for e in t.evidence]) for t in v.tactics]


def test_short_scam_text_is_flagged(engine: Engine) -> None:
    text = (
        "This is Microsoft support. We detected a virus on your computer. Please install AnyDesk "
        "and give me the code so our technician can fix it."
    )
    v = engine.analyse(read_text(text))
    assert v.flagged
    assert v.category == "tech_support"


def test_verdict_json_schema(engine: Engine, examples: Path) -> None:
    _, v = _verdict(engine, examples / "scam-call-microsoft.txt")
    data = json.loads(json.dumps(v.to_dict()))
    for key in ("verdict", "score", "category", "tactics", "indicators", "advice", "report_to", "kind",
                "engine_version", "schema_version", "summary", "if_already", "context", "notes"):
        assert key in data
    assert data["verdict"] in ("scam", "suspicious", "not_scam")
    assert 0 <= data["score"] <= 1
    tactic = data["tactics"][0]
    assert set(tactic) >= {"id", "name", "score", "evidence", "explanation"}
    assert set(tactic["evidence"][0]) >= {"text", "start", "end"}
    assert set(data["indicators"][0]) >= {"type", "value", "normalized"}
    assert set(data["report_to"][0]) == {"name", "how"}


def test_us_jurisdiction_changes_where_to_report(examples: Path) -> None:
    doc = read_path(examples / "scam-call-microsoft.txt")[0]
    uk = Engine(Settings(jurisdiction="uk")).analyse(doc)
    us = Engine(Settings(jurisdiction="us")).analyse(doc)
    assert " ".join(r.how for r in us.report_to) != " ".join(r.how for r in uk.report_to)
    assert any("ftc" in r.how.lower() for r in us.report_to)


def test_thresholds_are_settings(examples: Path) -> None:
    doc = read_path(examples / "scam-call-microsoft.txt")[0]
    strict = Engine(Settings(scam_threshold=1.0, suspicious_threshold=1.0)).analyse(doc)
    assert strict.verdict == "not_scam"


def test_shipped_model_is_combined_when_enabled(examples: Path) -> None:
    doc = read_path(examples / "scam-call-microsoft.txt")[0]
    rules_only = Engine(Settings(use_model=False)).analyse(doc)
    with_model = Engine(Settings()).analyse(doc)  # the model is on by default
    assert rules_only.model is None
    assert with_model.model is not None
    assert 0.0 <= with_model.model.score <= 1.0
    assert with_model.model.words and all(w.text for w in with_model.model.words)
    assert "+model." in with_model.engine_version
    assert with_model.score >= rules_only.rule_score  # type: ignore[operator]


def test_bad_model_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ConfigError, match="model"):
        Engine(Settings(use_model=True, model_path=bad))


def test_refund_or_cold_call_alone_is_not_tech_support_but_with_the_computer_it_is(engine: Engine) -> None:
    """REFUND_TRICK and UNSOLICITED_CONTACT run other scams too (scoring.yaml tech_support_share)."""
    overpayment = read_text(
        "Caller: Hello, this is Karen from National Benefits Corporation. I'm calling to inform you that you "
        "are eligible for a refund of $450 because our system detected an overpayment on your account. "
        "Caller: To release it today I need your bank account and routing number."
    )
    v = engine.analyse(overpayment)
    assert v.verdict != "not_scam"
    assert "REFUND_TRICK" in {t.id for t in v.tactics}
    assert v.category == "other_scam"
    with_computer = read_text(
        "Caller: Hello, this is Karen from the refund department. You are eligible for a refund of $450 "
        "for your computer security plan. Caller: To process it please download AnyDesk and read me the "
        "nine digit code so I can connect to your computer."
    )
    assert engine.analyse(with_computer).category == "tech_support"
