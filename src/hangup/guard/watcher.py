"""The watcher: which remote-access tools run, listen or connect, found by cheap polling.

Each :meth:`Watcher.poll` lists process ids (one directory read on Linux) and reads only the
processes it has not seen, keyed by pid and creation time, so a quiet machine costs almost
nothing. Young processes are looked at again for a moment (a launcher may ``exec`` the real
tool). Where a pid can be reused quickly (Windows), every ``sweep_every`` polls the creation times
are checked so a reused pid is seen as new; Linux and macOS hand out pids in turn, so reuse
between two polls would take tens of thousands of new processes in a second. Sockets come from
:mod:`hangup.guard.sockets`: the recognised tools' own sockets, and any socket on a port the
catalogue names. Processes that vanish or will not say anything are skipped.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import psutil

from hangup.guard.catalog import Catalog, Tool
from hangup.guard.facts import VersionInfoCache, create_time, current_name, read_facts
from hangup.guard.matcher import Match, Matcher
from hangup.guard.model import Event, ProcessFacts, RowKey, SockRow
from hangup.guard.sockets import SocketSource, default_source

logger = logging.getLogger(__name__)
_UNREADABLE = -1.0


@dataclass(slots=True)
class _Seen:
    create_time: float
    name: str
    match: Match | None
    facts: ProcessFacts | None


class Watcher:
    """Polls processes and sockets; :meth:`poll` returns the new :class:`Event` s."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        sockets: SocketSource | None = None,
        versions: VersionInfoCache | None = None,
        settle: float = 2.0,
        established_every: int = 4,
        sweep_every: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.catalog = catalog
        self.matcher = Matcher(catalog)
        self.quiet: frozenset[str] = frozenset()  # allowed tools: their sockets are not followed
        self._sockets = sockets if sockets is not None else default_source()
        self._versions = versions if versions is not None else VersionInfoCache()
        self._settle = settle
        self._established_every = max(1, established_every)
        if sweep_every is None:
            sweep_every = 20 if sys.platform == "win32" else 0
        self._sweep_every = sweep_every
        self._clock = clock
        self._known: dict[int, _Seen] = {}
        self._tools: dict[int, _Seen] = {}
        self._socks: set[RowKey] = set()
        self._polls = 0

    # -- what the guard asks -------------------------------------------------------------
    def pids_of(self, tool: str) -> list[int]:
        """Live processes of ``tool`` as last seen."""
        return sorted(pid for pid, seen in self._tools.items() if seen.match and seen.match.tool.name == tool)

    def poll(self) -> list[Event]:
        """One look at processes and sockets; the events since the last poll."""
        first = self._polls == 0
        events = self._processes(first)
        events += self._socket_events()
        self._polls += 1
        return events

    # -- processes -----------------------------------------------------------------------
    def _processes(self, first: bool) -> list[Event]:
        events: list[Event] = []
        try:
            pids = set(psutil.pids())
        except (psutil.Error, OSError) as exc:
            logger.warning("cannot list processes: %s", exc)
            return events
        for pid in self._known.keys() - pids:
            self._forget(pid, events)
        if self._sweep_every and self._polls % self._sweep_every == self._sweep_every - 1:
            self._sweep(events)
        for pid in self._young():
            now = current_name(pid)
            seen = self._known[pid]
            if now is None or now[0] != seen.create_time or now[1] != seen.name:
                self._forget(pid, events)  # replaced, or it exec'd another program: look again
        for pid in sorted(pids - self._known.keys()):
            self._examine(pid, first, events)
        return events

    def _young(self) -> list[int]:
        """Unrecognised processes younger than ``settle`` seconds."""
        limit = self._clock() - self._settle
        return [pid for pid, seen in self._known.items() if seen.match is None and seen.create_time > limit]

    def _sweep(self, events: list[Event]) -> None:
        for pid, seen in list(self._known.items()):
            if create_time(pid) != seen.create_time:
                self._forget(pid, events)

    def _examine(self, pid: int, first: bool, events: list[Event]) -> None:
        facts = read_facts(pid, self._versions)
        if facts is None:
            self._known[pid] = _Seen(_UNREADABLE, "", None, None)
            return
        match = self.matcher.match(facts)
        seen = _Seen(facts.create_time, facts.name, match, facts)
        self._known[pid] = seen
        if match is None:
            return
        self._tools[pid] = seen
        events.append(
            Event(
                kind="running" if first else "started",
                tool=match.tool.name,
                at=self._clock(),
                pid=pid,
                process=facts.name,
                reasons=match.reasons,
                alerts=match.tool.alerts,
            )
        )

    def _forget(self, pid: int, events: list[Event]) -> None:
        self._known.pop(pid, None)
        seen = self._tools.pop(pid, None)
        if seen is not None and seen.match is not None:
            tool = seen.match.tool
            events.append(Event("exited", tool.name, self._clock(), pid, seen.name, alerts=False))

    # -- sockets -------------------------------------------------------------------------
    def _want_established(self) -> bool:
        """Connections are listed on every poll while a tool runs or listens, else every few polls."""
        if self._polls % self._established_every == 0:
            return True
        if any(key[0] == "LISTEN" for key in self._socks):
            return True
        return any(s.match and s.match.tool.name not in self.quiet for s in self._tools.values())

    def _socket_events(self) -> list[Event]:
        established = self._want_established()
        rows = self._sockets.rows(established=established)
        current = {row.key for row in rows}
        if not established:  # connections were not listed this time: remember the known ones
            current |= {key for key in self._socks if key[0] == "ESTABLISHED"}
        self._socks &= current
        return self._tool_sockets(rows) + self._port_sockets(rows)

    def _tool_sockets(self, rows: list[SockRow]) -> list[Event]:
        """New sockets of recognised tools (any port; on this machine only, alerts on tool ports only)."""
        events = []
        for pid, seen in list(self._tools.items()):
            tool = seen.match.tool if seen.match else None
            if tool is None or tool.name in self.quiet:
                continue
            for row in self._sockets.rows_of(pid, rows):
                if row.key in self._socks:
                    continue
                self._socks.add(row.key)
                port = self._tool_port(row)
                alerts = tool.alerts and (row.remote or port is not None)
                events.append(self._socket_event(row, tool, pid, seen.name, port or row.local_port, alerts))
        return events

    def _port_sockets(self, rows: list[SockRow]) -> list[Event]:
        """New sockets on catalogue ports, whoever owns them (a renamed tool, a built-in server)."""
        found = [(row, port) for row in rows if row.key not in self._socks and (port := self._tool_port(row))]
        if not found:
            return []
        owners = self._sockets.owners([row for row, _ in found])
        events = []
        for row, port in found:
            self._socks.add(row.key)
            pid = owners.get(row.key)
            owner = self._tools.get(pid) if pid is not None else None
            tool = owner.match.tool if owner and owner.match else self.catalog.tools[self.catalog.ports[port]]
            if tool.name not in self.quiet:
                events.append(self._socket_event(row, tool, pid, self._name_of(pid), port, tool.alerts))
        return events

    def _tool_port(self, row: SockRow) -> int | None:
        """The catalogue port this socket uses: its own (listening, or accepted), else the peer's."""
        ports = self.catalog.ports
        if row.local_port in ports:
            return row.local_port
        if row.state == "ESTABLISHED" and row.remote_port in ports:
            return row.remote_port
        return None

    def _name_of(self, pid: int | None) -> str | None:
        if pid is None:
            return None
        seen = self._known.get(pid)
        if seen is not None and seen.name:
            return seen.name
        facts = read_facts(pid)
        return facts.name if facts else None

    def _socket_event(
        self, row: SockRow, tool: Tool, pid: int | None, name: str | None, port: int, alerts: bool
    ) -> Event:
        if row.state == "LISTEN":
            return Event("listening", tool.name, self._clock(), pid, name, port=port, remote=row.remote, alerts=alerts)
        peer = f"[{row.remote_ip}]:{row.remote_port}" if ":" in row.remote_ip else f"{row.remote_ip}:{row.remote_port}"
        return Event(
            "connected", tool.name, self._clock(), pid, name, port=port, peer=peer, remote=row.remote, alerts=alerts
        )

