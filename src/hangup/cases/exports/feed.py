"""Scam phone numbers for call blocking: a CSV feed and a plain list, one E.164 number a line.

Only numbers that passed the privacy rule, are valid E.164 and were seen in at least ``min_reports``
of the exported reports go in (setting ``phone_feed_min_reports``): a single report can name a
genuine number by mistake (the bank the victim called afterwards), and blocking it would harm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from hangup.cases.exports.model import ExportData

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
FEED_COLUMNS = ("number", "first_seen", "last_seen", "report_count")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One number of the feed."""

    number: str
    first_seen: datetime
    last_seen: datetime
    report_count: int


def phone_feed(data: ExportData, min_reports: int = 2) -> list[FeedEntry]:
    """The numbers seen in at least ``min_reports`` reports, most reported first."""
    entries = [
        FeedEntry(i.value, i.first_seen, i.last_seen, i.report_count)
        for i in data.indicators
        if i.type == "phone" and E164.match(i.value) and i.report_count >= max(1, min_reports)
    ]
    return sorted(entries, key=lambda e: (-e.report_count, e.number))


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def feed_csv(entries: list[FeedEntry]) -> str:
    """``number,first_seen,last_seen,report_count`` with a header line (numbers are E.164, times UTC)."""
    lines = [",".join(FEED_COLUMNS)]
    lines += [f"{e.number},{_when(e.first_seen)},{_when(e.last_seen)},{e.report_count}" for e in entries]
    return "\r\n".join(lines) + "\r\n"


def feed_list(entries: list[FeedEntry]) -> str:
    """One E.164 number a line, nothing else."""
    return "".join(f"{e.number}\n" for e in entries)
