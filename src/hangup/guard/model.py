"""Plain records the guard passes around: a process seen, a socket seen, an event."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal

EventKind = Literal["started", "running", "exited", "listening", "connected"]
RowKey = tuple[str, str, int, str, int]


@dataclass(frozen=True, slots=True)
class ProcessFacts:
    """What the guard read about one process. ``None``/empty where the system would not say."""

    pid: int
    create_time: float
    name: str
    exe: str | None = None
    cmdline: tuple[str, ...] = ()
    original_name: str | None = None  # Windows version info (OriginalFilename) of the executable


@dataclass(frozen=True, slots=True)
class SockRow:
    """One TCP socket: listening, or an established connection."""

    state: Literal["LISTEN", "ESTABLISHED"]
    local_ip: str
    local_port: int
    remote_ip: str = ""
    remote_port: int = 0
    pid: int | None = None
    inode: int | None = None

    @property
    def key(self) -> RowKey:
        return (self.state, self.local_ip, self.local_port, self.remote_ip, self.remote_port)

    @property
    def remote(self) -> bool:
        """True when the other end (or, for a listener, the bound address) is not this machine."""
        address = self.local_ip if self.state == "LISTEN" else self.remote_ip
        return not is_loopback(address)


def is_loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


@dataclass(frozen=True, slots=True)
class Event:
    """Something the watcher noticed about a remote-access tool.

    ``running`` is a tool found already running when the guard started; ``started`` one that
    started while it watched. ``listening``/``connected`` carry the socket. ``alerts`` is False for
    tools the catalogue marks quiet (logged only).
    """

    kind: EventKind
    tool: str
    at: float
    pid: int | None = None
    process: str | None = None
    reasons: tuple[str, ...] = ()
    port: int | None = None
    peer: str | None = None
    remote: bool = True
    alerts: bool = True

    @property
    def detail(self) -> str:
        """One sentence for people: what happened (the matching reasons only when names disagree)."""
        who = f"{self.process or '?'}, pid {self.pid}" if self.pid is not None else "a process hangup cannot see"
        disguise = "".join(f"; {r}" for r in self.reasons if r.startswith("renamed"))
        local = ", from this computer only" if not self.remote else ""
        what = {
            "started": f"{self.tool} started",
            "running": f"{self.tool} is running",
            "exited": f"{self.tool} closed",
            "listening": f"{self.tool} accepts connections on port {self.port}",
            "connected": f"{self.tool} is connected to {self.peer}",
        }[self.kind]
        return f"{what} ({who}{local}){disguise}"
