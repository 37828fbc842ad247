"""Live calls end to end: espeak-ng dialogues streamed through a CallSession with the real tiny.en model."""

from __future__ import annotations

import numpy as np
import pytest

from hangup.calls.audio import SAMPLE_RATE, float_to_pcm16
from hangup.calls.events import AlertEvent, EndEvent, Event, StateEvent, TranscriptEvent
from hangup.calls.session import CallSession
from hangup.calls.testcalls import GeneratedCall, load_dialogues
from hangup.calls.wer import word_error_rate
from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.errors import AudioError

SCAMS = [d.id for d in load_dialogues() if d.label == "scam"]
LEGIT = [d.id for d in load_dialogues() if d.label == "legit"]
LATE_SLACK = 1.5  # seconds after the end of the decisive turn: the pause, then the final reading


def alerts(events: list[Event]) -> list[AlertEvent]:
    return [e for e in events if isinstance(e, AlertEvent)]


@pytest.mark.parametrize("dialogue", SCAMS)
def test_clean_scam_call_warns_by_its_decisive_turn(
    dialogue: str, streamed: dict[str, list[Event]], test_calls: dict[str, GeneratedCall]
) -> None:
    call = test_calls[f"{dialogue}-clean"]
    raised = alerts(streamed[call.name])
    assert raised, f"no warning on {call.name}"
    assert raised[0].first and "scam" in raised[0].message.lower()
    assert call.dialogue.alert_by is not None
    decisive_end = call.turns[call.dialogue.alert_by].end
    assert raised[0].time <= decisive_end + LATE_SLACK, (raised[0].time, decisive_end)
    ids = [t.id for a in raised for t in a.tactics]
    assert len(ids) == len(set(ids)), "a tactic was warned about twice"
    end = streamed[call.name][-1]
    assert isinstance(end, EndEvent) and end.verdict["verdict"] == "scam"
    assert [a["time"] for a in end.alerts] == [a.time for a in raised]


def test_phone_quality_scam_calls_warn(streamed: dict[str, list[Event]]) -> None:
    """At telephone quality tiny.en mishears more ("safe account" as "move mental"), so a call may
    warn at a later cue than its decisive turn; but every scam call warns before it ends."""
    unwarned = [d for d in SCAMS if not alerts(streamed[f"{d}-phone"])]
    assert not unwarned


def test_genuine_calls_raise_no_warning(streamed: dict[str, list[Event]]) -> None:
    genuine = [name for name in streamed if name.rsplit("-", 1)[0] in LEGIT]
    assert len(genuine) >= len(LEGIT) + 2  # every one clean, the hard ones at telephone quality too
    warned = {name: [a.to_dict() for a in alerts(streamed[name])] for name in genuine if alerts(streamed[name])}
    assert not warned
    assert not [name for name in genuine
                if any(e.state == "alert" for e in streamed[name] if isinstance(e, StateEvent))]


def test_transcript_has_times_in_order_within_the_call(
    streamed: dict[str, list[Event]], test_calls: dict[str, GeneratedCall]
) -> None:
    for name, events in streamed.items():
        end = events[-1]
        assert isinstance(end, EndEvent)
        assert abs(end.duration - test_calls[name].duration) < 0.05
        starts = [t["start"] for t in end.transcript]
        assert starts == sorted(starts)
        assert all(0 <= t["start"] < t["end"] <= end.duration + 0.01 for t in end.transcript)
        finals = [e for e in events if isinstance(e, TranscriptEvent) and e.final and e.text]
        assert [e.text for e in finals] == [t["text"] for t in end.transcript]


def test_partial_readings_come_before_the_utterance_ends(streamed: dict[str, list[Event]]) -> None:
    events = streamed["scam_microsoft_anydesk-clean"]
    partial = [e for e in events if isinstance(e, TranscriptEvent) and not e.final]
    assert partial
    finals = {e.turn: e for e in events if isinstance(e, TranscriptEvent) and e.final}
    assert all(p.end < finals[p.turn].end for p in partial if p.turn in finals)


def test_word_error_rate_is_bounded(
    streamed: dict[str, list[Event]], test_calls: dict[str, GeneratedCall]
) -> None:
    """tiny.en on espeak-ng: see benchmarks/bench_calls.py for the figures per quality."""
    for quality, bound in (("clean", 0.35), ("phone", 0.7)):
        names = [n for n in streamed if n.endswith(quality)]
        said = " ".join(test_calls[n].reference for n in names)
        heard = " ".join(t["text"] for n in names for t in streamed[n][-1].transcript)  # type: ignore[union-attr]
        assert word_error_rate(said, heard) < bound


def test_silence_and_noise_give_no_transcript(call_settings: Settings, call_engine: Engine) -> None:
    session = CallSession.start(call_settings, call_engine)
    rng = np.random.default_rng(1)
    quiet = np.zeros(SAMPLE_RATE * 3, dtype=np.float32)
    hiss = (rng.standard_normal(SAMPLE_RATE * 3) * 0.02).astype(np.float32)
    events = session.feed_audio(quiet) + session.feed_audio(hiss) + session.finish()
    end = events[-1]
    assert isinstance(end, EndEvent)
    assert end.transcript == [] and end.verdict["verdict"] == "not_scam"
    with pytest.raises(AudioError, match="ended"):
        session.feed(b"\x00\x00")


def test_odd_chunk_sizes_are_reassembled(call_settings: Settings, call_engine: Engine,
                                         test_calls: dict[str, GeneratedCall]) -> None:
    call = test_calls["legit_delivery-clean"]
    pcm = float_to_pcm16(call.audio[: int(call.turns[0].end * SAMPLE_RATE) + SAMPLE_RATE])
    session = CallSession.start(call_settings, call_engine)
    sizes = np.random.default_rng(2).integers(1, 7001, size=len(pcm) // 1000 + 1)
    events: list[Event] = []
    offset = 0
    for size in sizes:
        events += session.feed(pcm[offset:offset + int(size)])
        offset += int(size)
    events += session.feed(pcm[offset:]) + session.finish()
    end = events[-1]
    assert isinstance(end, EndEvent)
    assert len(end.transcript) == 1
    assert word_error_rate(call.turns[0].text, end.transcript[0]["text"]) < 0.5


def test_long_speech_is_cut_into_windows(call_settings: Settings, call_engine: Engine,
                                         test_calls: dict[str, GeneratedCall]) -> None:
    call = test_calls["scam_refund_trick-clean"]
    settings = call_settings.model_copy(update={"call_max_window_seconds": 4.0, "call_step_seconds": 0.0})
    first = call.turns[0]  # about 7 s of speech without a pause
    audio = call.audio[int((first.start - 0.3) * SAMPLE_RATE): int((first.end + 1.0) * SAMPLE_RATE)]
    session = CallSession.start(settings, call_engine)
    end = (session.feed_audio(audio) + session.finish())[-1]
    assert isinstance(end, EndEvent)
    assert len(end.transcript) >= 2
    assert all(t["end"] - t["start"] <= 4.05 for t in end.transcript)
    assert word_error_rate(first.text, " ".join(t["text"] for t in end.transcript)) < 0.5
