"""When a call warns: the alert policy on verdicts from the real engine, without audio."""

from __future__ import annotations

import pytest

from hangup.calls.events import AlertEvent, StateEvent
from hangup.calls.policy import AlertPolicy, AlertTracker
from hangup.calls.timeline import call_timeline
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents.model import Document, Turn
from hangup.errors import ConfigError

SCAM = [
    "Hello, this is David calling from Microsoft technical support.",
    "We have detected that your computer has a virus and it is sending errors to our servers.",
    "Please download AnyDesk so I can fix it for you.",
    "To fix it there is a fee. You can pay with Google Play gift cards.",
    "Do not tell anyone at the shop what the cards are for.",
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The rules alone: these tests are about the alert policy, not about the trained model."""
    return Engine(Settings(use_model=False))


def tracker() -> AlertTracker:
    return AlertTracker(AlertPolicy.load(), scam_threshold=0.7, suspicious_threshold=0.4)


def replay(engine: Engine, lines: list[str], t: AlertTracker) -> list[list[object]]:
    out = []
    for n in range(1, len(lines) + 1):
        doc = Document.from_turns("call", [Turn(None, line) for line in lines[:n]])
        out.append(list(t.update(engine.analyse(doc), float(n * 5))))
    return out


def test_scam_call_warns_once_per_tactic_with_the_spoken_message(engine: Engine) -> None:
    t = tracker()
    steps = replay(engine, SCAM, t)
    assert not any(isinstance(e, AlertEvent) for e in steps[0])  # a name alone is not a scam
    first = [e for e in steps[1] if isinstance(e, AlertEvent)]
    assert first and first[0].first
    assert first[0].message.startswith("Warning. This sounds like a scam. Microsoft does not call people about their")
    assert first[0].message.endswith("Hang up.")
    assert [e.state for step in steps for e in step if isinstance(e, StateEvent)] == ["alert"]
    named = [tactic.id for alert in t.alerts for tactic in alert.tactics]
    assert len(named) == len(set(named))
    assert {"REMOTE_ACCESS", "PAYMENT_DEMAND", "SECRECY"} <= set(named)
    later = t.alerts[-1]
    assert not later.first and "secret" in later.message and "Warning" not in later.message
    assert later.tactics[0].evidence


def test_one_remote_access_request_alone_is_unsure_not_an_alarm(engine: Engine) -> None:
    t = tracker()
    steps = replay(engine, ["Press the Windows key and R, then type the website I give you, so I can connect."], t)
    assert t.state == "unsure" and not t.alerts
    assert [e.state for e in steps[0] if isinstance(e, StateEvent)] == ["unsure"]


def test_a_decisive_cue_warns_without_a_second_tactic(engine: Engine) -> None:
    t = tracker()
    replay(engine, ["Go to the shop and buy gift cards, then read me the numbers on the back."], t)
    assert t.state == "alert" and t.alerts[0].tactics[0].id == "PAYMENT_DEMAND"


def test_hysteresis_keeps_the_state_until_the_score_falls_well_below() -> None:
    t = tracker()
    policy = t.policy

    class V:  # the few verdict fields the tracker reads
        def __init__(self, score: float) -> None:
            self.score, self.verdict, self.tactics, self.indicators, self.category = score, "x", [], [], None

    assert t.update(V(0.45), 1.0)[0].state == "unsure"  # type: ignore[arg-type, union-attr]
    assert t.update(V(0.4 - policy.release_margin + 0.01), 2.0) == []  # type: ignore[arg-type]
    assert t.update(V(0.1), 3.0)[0].state == "listening"  # type: ignore[arg-type, union-attr]


def test_genuine_helpdesk_call_stays_quiet(engine: Engine) -> None:
    t = tracker()
    replay(engine, [
        "Hi, I am calling about the ticket I raised yesterday. My laptop will not connect to the printer.",
        "Is it okay if I connect to your laptop with Quick Assist to take a look?",
        "Press the Windows key, type quick assist, and enter the code I read out.",
    ], t)
    assert t.state != "alert" and not t.alerts  # remote access alone: at most unsure


def test_timeline_times_each_warning_at_its_turn(engine: Engine) -> None:
    turns = [Turn(None, line, 10.0 * n, 10.0 * n + 8) for n, line in enumerate(SCAM)]
    doc = Document.from_turns("call", turns)
    timeline = call_timeline(engine, doc, Settings())
    assert timeline is not None
    assert timeline.alerts[0].time == 18.0  # the end of the second turn
    assert call_timeline(engine, Document.from_turns("call", [Turn(None, "hello")]), Settings()) is None


def test_bad_policy_data_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"alerts\.yaml"):
        AlertPolicy.from_data({"decisive": {"SECRECY": "high"}, "tactic_min": 0.4})


def test_policy_names_real_tactics(engine: Engine) -> None:
    policy = AlertPolicy.load()
    known = set(engine.catalogue.tactics)
    assert set(policy.decisive) <= known
    assert set(policy.speech["tactics"]) <= known


def test_spoken_lines_read_well_with_the_fallback_brand() -> None:
    """Every line that names the company still makes sense when no company was named (no double negative)."""
    speech = AlertPolicy.load().speech
    lines = [speech["tech_support"], speech["default"], *speech["tactics"].values()]
    for line in lines:
        said = str(line).replace("{brand}", str(speech["brand_fallback"]))
        words = said.lower().split()
        assert not ("no" in words and "not" in words), said
        assert said[0].isupper() and said.endswith("."), said
