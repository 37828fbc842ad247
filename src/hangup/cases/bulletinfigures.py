"""The figures a bulletin is written from, taken from the analysts' statistics (:mod:`hangup.cases.stats`).

They are kept with the bulletin as it was drafted, so the text can always be checked against the
numbers it was written from, even after more reports arrive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from hangup.cases.stats import Stats, StatsQuery, compute
from hangup.cases.store import CaseStore


@dataclass(frozen=True, slots=True)
class Figures:
    """How many reports, how many lost money and how much, and what was seen, for one area and period."""

    reports: int
    money_lost: int
    total_loss_minor: int
    loss_amounts_known: int
    currency: str
    other_currency: int
    remote_access_given: int
    tactics: tuple[tuple[str, str, int], ...]  # (id, name, reports), most reported first
    channels: tuple[tuple[str, int], ...]
    brands: tuple[tuple[str, int], ...]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (stored with the bulletin)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figures:
        """The figures back from :meth:`to_json`."""
        return cls(
            reports=int(data["reports"]), money_lost=int(data["money_lost"]),
            total_loss_minor=int(data["total_loss_minor"]), loss_amounts_known=int(data["loss_amounts_known"]),
            currency=str(data["currency"]), other_currency=int(data["other_currency"]),
            remote_access_given=int(data["remote_access_given"]),
            tactics=tuple((str(t[0]), str(t[1]), int(t[2])) for t in data["tactics"]),
            channels=tuple((str(c[0]), int(c[1])) for c in data["channels"]),
            brands=tuple((str(b[0]), int(b[1])) for b in data["brands"]),
        )

    @classmethod
    def from_stats(cls, stats: Stats) -> Figures:
        """The bulletin's figures out of the analysts' statistics."""
        def rows(table_id: str) -> list[Any]:
            table = stats.table(table_id)
            return [r for r in table.rows if r.key and r.reports > 0] if table else []

        return cls(
            reports=stats.reports, money_lost=stats.money_lost, total_loss_minor=stats.total_loss_minor,
            loss_amounts_known=stats.loss_amounts_known, currency=stats.currency,
            other_currency=stats.other_currency, remote_access_given=stats.remote_access_given,
            tactics=tuple((r.key, r.label, r.reports) for r in rows("tactic")),
            channels=tuple((r.key, r.reports) for r in rows("channel")),
            brands=tuple((r.key, r.reports) for r in rows("brand")),
        )


def gather(store: CaseStore, area: str, since: date, until: date | None, currency: str) -> Figures:
    """The figures for reports filed in ``area`` (its start, as the statistics match it) from ``since`` to ``until``."""
    with store.session() as session:
        stats = compute(session, StatsQuery(since=since, until=until, area=area), currency)
    return Figures.from_stats(stats)
