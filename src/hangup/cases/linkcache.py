"""The last linking result of a process, and when to link again.

Linking every report is a whole-store job (seconds at a hundred thousand reports), so the web app
keeps the result and asks :func:`fingerprint` (two cheap aggregate queries) whether it is stale.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hangup.cases.analystmodels import LinkDecision
from hangup.cases.linking import LinkResult, find_campaigns
from hangup.cases.linkrules import LinkRules
from hangup.cases.models import IndicatorRow, Report


def fingerprint(session: Session) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """(reports and indicators, decisions): each changes when rows are added or removed (cheap aggregates)."""
    data: list[object] = []
    for column in (Report.id, IndicatorRow.id):
        data.extend(session.execute(select(func.count(column), func.max(column))).one())
    decisions = tuple(session.execute(select(func.count(LinkDecision.id), func.max(LinkDecision.id))).one())
    return tuple(data), decisions


class CampaignCache:
    """The last linking result, shared by the requests of one process.

    An analyst's decision is applied at once (the next request links again); new reports are linked
    in when the result is older than ``max_age`` seconds, so that a steady stream of reports does not
    make every page wait for a new linking run over the whole store.
    """

    def __init__(self, max_age: float = 60.0) -> None:
        self.max_age = max_age
        self._lock = threading.Lock()
        self._print: tuple[tuple[object, ...], tuple[object, ...]] | None = None
        self._result: LinkResult | None = None
        self._at = 0.0

    def get(self, session: Session, rules: LinkRules) -> LinkResult:
        with self._lock:
            now = fingerprint(session)
            stale = self._print is None or now[1] != self._print[1] or (
                now[0] != self._print[0] and time.monotonic() - self._at > self.max_age)
            if self._result is None or stale:
                self._result = find_campaigns(session, rules)
                self._print, self._at = now, time.monotonic()
            return self._result

    def clear(self) -> None:
        with self._lock:
            self._print = self._result = None
