"""End-to-end checks on the independent cases in tests/fixtures/cases (see its README.md).

scam/tech_support/*  -> flagged and category "tech_support"
scam/other/*         -> flagged
not_scam/*           -> "not_scam"
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hangup.config import Settings
from hangup.detect.engine import Engine
from hangup.detect.verdict import Verdict
from hangup.documents import read_path

CASES = Path(__file__).resolve().parent / "fixtures" / "cases"
SUFFIXES = {".txt", ".eml"}


def _known_misses() -> dict[str, str]:
    """Cases listed in known_misses.txt (path -> why), expected to fail until fixed."""
    lines = (CASES / "known_misses.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line.strip() and not line.startswith("#"))


KNOWN_MISSES = _known_misses()


def _cases(folder: str) -> list[object]:
    paths = sorted(p for p in (CASES / folder).rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    return [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[_id(p)]))
        if _id(p) in KNOWN_MISSES else p
        for p in paths
    ]


def _id(path: Path) -> str:
    return str(path.relative_to(CASES))


@pytest.fixture(scope="module")
def case_engine() -> Engine:
    return Engine(Settings())


def _describe(v: Verdict) -> str:
    tactics = ", ".join(f"{t.id}={t.score:.2f}" for t in v.tactics[:4]) or "none"
    return f"verdict={v.verdict} score={v.score:.3f} category={v.category} tactics: {tactics}"


def test_known_misses_name_existing_cases() -> None:
    assert all((CASES / path).is_file() for path in KNOWN_MISSES)


def test_there_are_cases() -> None:
    assert len(_cases("scam")) >= 25
    assert len(_cases("not_scam")) >= 30


@pytest.mark.parametrize("path", _cases("scam/tech_support"), ids=_id)
def test_tech_support_scam_is_flagged(case_engine: Engine, path: Path) -> None:
    v = case_engine.analyse(read_path(path)[0])
    assert v.verdict != "not_scam", _describe(v)
    assert v.category == "tech_support", _describe(v)


@pytest.mark.parametrize("path", _cases("scam/other"), ids=_id)
def test_other_scam_is_flagged(case_engine: Engine, path: Path) -> None:
    v = case_engine.analyse(read_path(path)[0])
    assert v.verdict != "not_scam", _describe(v)


@pytest.mark.parametrize("path", _cases("not_scam"), ids=_id)
def test_hard_negative_is_not_flagged(case_engine: Engine, path: Path) -> None:
    v = case_engine.analyse(read_path(path)[0])
    assert v.verdict == "not_scam", _describe(v)
