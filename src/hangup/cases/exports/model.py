"""What an export holds: report facts and indicators that passed the privacy rule, nothing else.

These are plain frozen dataclasses built by :func:`hangup.cases.exports.selection.build_export`;
every format writer reads only them, never the database, so no writer can reach personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

#: Indicator types that are observables of the scam (exported as STIX/MISP indicators and objects).
OBSERVABLE_TYPES: tuple[str, ...] = (
    "phone", "email", "domain", "url", "remote_access_id", "bank_account", "crypto_wallet",
)
#: Indicator types that describe the scam but are not observables (kept in CSV and JSON).
CONTEXT_TYPES: tuple[str, ...] = ("brand", "remote_access_tool", "payment_method", "card_merchant")


@dataclass(frozen=True, slots=True)
class Selection:
    """Which reports to export: filed in ``[since, until)``, and/or one campaign's report ids."""

    since: datetime | None = None
    until: datetime | None = None
    report_ids: tuple[int, ...] | None = None

    def describe(self) -> str:
        """In words, for titles and file headers ("reports filed 2026-05-01 to 2026-05-31")."""
        parts = []
        if self.report_ids is not None:
            parts.append(f"a campaign of {len(self.report_ids)} linked reports")
        if self.since and self.until:
            last = self.until - timedelta(microseconds=1)
            parts.append(f"filed {self.since:%Y-%m-%d} to {last:%Y-%m-%d}")
        elif self.since:
            parts.append(f"filed since {self.since:%Y-%m-%d}")
        elif self.until:
            parts.append(f"filed before {self.until:%Y-%m-%d}")
        return ", ".join(parts) or "all reports"

    def key(self) -> str:
        """A stable text naming the selection, for deterministic identifiers."""
        ids = ",".join(str(i) for i in sorted(self.report_ids)) if self.report_ids is not None else "*"
        when = [t.astimezone(UTC).isoformat() if t else "" for t in (self.since, self.until)]
        return f"{when[0]}|{when[1]}|{ids}"


@dataclass(frozen=True, slots=True)
class TacticRef:
    """A tactic the engine found in a report."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class SharedReport:
    """The facts of one report that may leave: no contact details, no free text, no area or age."""

    id: int
    reference: str
    status: str
    reported_at: datetime
    contacted_at: datetime | None
    channel: str
    brands: tuple[str, ...]
    remote_access_given: bool
    remote_access_tools: tuple[str, ...]
    money_lost: bool
    amount: Decimal | None
    currency: str | None
    payment_method: str | None
    verdict: str | None
    score: float | None
    category: str | None
    tactics: tuple[TacticRef, ...]
    indicators: tuple[tuple[str, str], ...]  # (type, shareable value)

    @property
    def seen_at(self) -> datetime:
        """When the scam happened: the contact time if the reporter gave it, else when it was reported."""
        return self.contacted_at or self.reported_at


@dataclass(frozen=True, slots=True)
class SharedIndicator:
    """One shareable indicator and the reports it was seen in."""

    type: str
    value: str
    first_seen: datetime  # when the scam happened (contact time, else filing time)
    last_seen: datetime
    report_ids: tuple[int, ...]
    references: tuple[str, ...]
    first_reported: datetime  # when the first of its reports was filed
    last_reported: datetime

    @property
    def report_count(self) -> int:
        """In how many of the exported reports it was seen."""
        return len(self.report_ids)


@dataclass(frozen=True, slots=True)
class ExportData:
    """Everything a format writer may use. ``withheld``: indicator values kept back by the privacy rule."""

    selection: Selection
    producer: str
    generated_at: datetime
    reports: tuple[SharedReport, ...]
    indicators: tuple[SharedIndicator, ...]
    withheld: int = 0

    @property
    def first_seen(self) -> datetime | None:
        """The earliest contact or report time of the exported reports."""
        return min((r.seen_at for r in self.reports), default=None)

    @property
    def last_seen(self) -> datetime | None:
        """The latest contact or report time of the exported reports."""
        return max((r.seen_at for r in self.reports), default=None)

    @property
    def first_reported(self) -> datetime | None:
        """When the first of the exported reports was filed."""
        return min((r.reported_at for r in self.reports), default=None)

    @property
    def last_reported(self) -> datetime | None:
        """When the last of the exported reports was filed."""
        return max((r.reported_at for r in self.reports), default=None)

    def observables(self) -> list[SharedIndicator]:
        """The indicators that are observables of the scam (phone numbers, URLs, accounts...)."""
        return [i for i in self.indicators if i.type in OBSERVABLE_TYPES]

    def tactics(self) -> list[tuple[TacticRef, int]]:
        """Tactics seen, with the number of reports each was seen in, most frequent first."""
        counts: dict[TacticRef, int] = {}
        for report in self.reports:
            for tactic in report.tactics:
                counts[tactic] = counts.get(tactic, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].id))

    def total_loss(self) -> dict[str, Decimal]:
        """Money lost per currency."""
        totals: dict[str, Decimal] = {}
        for report in self.reports:
            if report.money_lost and report.amount is not None:
                currency = report.currency or "?"
                totals[currency] = totals.get(currency, Decimal(0)) + report.amount
        return totals
