"""Turn a verdict into advice: the function the detection engine calls once it has a verdict."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hangup.advice.model import VERDICTS, Advice, AdvicePack, IfAlready, ReportTo
from hangup.documents.model import KINDS


def _unique(lines: Iterable[str]) -> list[str]:
    """``lines`` in order without repeats (compared ignoring surrounding spaces)."""
    seen: set[str] = set()
    out: list[str] = []
    for line in lines:
        key = line.strip()
        if key and key not in seen:
            seen.add(key)
            out.append(key)
    return out


def advise(pack: AdvicePack, *, verdict: str, tactic_ids: Sequence[str], kind: str) -> Advice:
    """Advice for a message of ``kind`` judged ``verdict``, showing the tactics ``tactic_ids``.

    For ``scam`` and ``suspicious``: advice for the tactics found (in the given order), then the
    pack's general advice, without repeats; every "if you already..." situation; and the reporting
    services that apply to this kind of message. For ``not_scam``: a short reassurance and a general
    reminder, with nothing to report.

    Raises :class:`ValueError` for an unknown verdict or message kind (a programming error).
    """
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}; expected one of {', '.join(VERDICTS)}")
    if kind not in KINDS:
        raise ValueError(f"unknown message kind {kind!r}; expected one of {', '.join(KINDS)}")
    if verdict == "not_scam":
        return Advice(advice=_unique(pack.not_scam))

    found = _unique(tactic_ids)
    tactic_lines = [pack.tactics[tid] for tid in found if tid in pack.tactics]
    if_already = [
        IfAlready(situation=situation, title=pack.if_already_titles[situation], steps=list(steps))
        for situation, steps in pack.if_already.items()
    ]
    found_set = frozenset(found)
    report_to: list[ReportTo] = [
        entry.to_report_to()
        for entry in pack.report_to
        if entry.applies(verdict=verdict, kind=kind, tactic_ids=found_set)
    ]
    return Advice(advice=_unique([*tactic_lines, *pack.general]), if_already=if_already, report_to=report_to)
