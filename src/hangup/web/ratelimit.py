"""A per-client limit on public POSTs (checks and reports): a sliding one-minute window in memory.

One process keeps its own counts; behind several workers each enforces the limit on its share.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0
MAX_CLIENTS = 100_000  # oldest clients are forgotten past this, so memory stays bounded


class RateLimiter:
    """Allows ``per_minute`` hits per key in any 60-second window (0: unlimited)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def hit(self, key: str) -> int | None:
        """Count a hit for ``key``: None if allowed, else the seconds to wait before the next one."""
        if self.per_minute <= 0:
            return None
        now = self._clock()
        hits = self._hits.pop(key, None) or deque()
        while hits and now - hits[0] >= WINDOW_SECONDS:
            hits.popleft()
        self._hits[key] = hits  # most recently seen last
        if len(hits) >= self.per_minute:
            return max(1, math.ceil(WINDOW_SECONDS - (now - hits[0])))
        hits.append(now)
        while len(self._hits) > MAX_CLIENTS:
            self._hits.popitem(last=False)
        return None
