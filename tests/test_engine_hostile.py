"""Hostile text through the whole engine: every rule, every indicator pattern, no hang, no crash.

Patterns are RE2 (linear time), so these finish; the test shows it stays that way when rules change.
"""

from __future__ import annotations

import pytest

from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.documents import read_text

UNIT = 200_000  # characters of each hostile text

HOSTILE = {
    "spaces": " " * UNIT + "virus",
    "one long word": "a" * UNIT,
    "repeated phrase": ("your computer " * (UNIT // 14)),
    "digits": "1" * UNIT,
    "digit groups": ("123 456 789 " * (UNIT // 12)),
    "punctuation": ("!?.,;:-_/\\@#$%^&*()[]{}" * (UNIT // 23)),
    "nested near-misses": ("install any desk and read me the " * (UNIT // 33)),
    "urls": ("http://a.b.c.d.e.f.g.h/" * (UNIT // 23)),
    "emails": ("a@b." * (UNIT // 4)),
    "money": ("$1,000,000.00 " * (UNIT // 14)),
    "speaker lines": ("Caller: hello\n" * (UNIT // 14)),
    "unicode": ("ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ" * (UNIT // 16)),
    "no newlines scam": ("microsoft virus anydesk gift card bitcoin urgent " * (UNIT // 50)),
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(Settings())


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_gives_a_verdict(engine: Engine, name: str) -> None:
    text = HOSTILE[name]
    doc = read_text(text)
    verdict = engine.analyse(doc)
    assert verdict.verdict in ("scam", "suspicious", "not_scam")
    for tactic in verdict.tactics:
        for ev in tactic.evidence:
            assert ev.start < 0 or doc.text[ev.start : ev.end] == ev.text
