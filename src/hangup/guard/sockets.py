"""Where the watcher gets TCP sockets: netlink on Linux, psutil elsewhere.

Both give listening sockets and established connections for the whole machine; the Linux one
is cheap enough for every tick (see ``netlink``). Which process owns a socket is looked up only
for the few sockets that matter, because on Linux that means reading every process's file table.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any, Protocol

import psutil

from hangup.guard import netlink
from hangup.guard.model import RowKey, SockRow

logger = logging.getLogger(__name__)
_STATES = {psutil.CONN_LISTEN: "LISTEN", psutil.CONN_ESTABLISHED: "ESTABLISHED"}


class SocketSource(Protocol):
    def rows(self, established: bool = True) -> list[SockRow]:
        """Every listening (and, when asked, established) TCP socket this source can see."""
        ...

    def rows_of(self, pid: int, rows: list[SockRow]) -> list[SockRow]:
        """Those of ``rows`` that belong to ``pid``."""
        ...

    def owners(self, rows: list[SockRow]) -> dict[RowKey, int]:
        """The processes that own ``rows`` (by row key), where they can be found."""
        ...


def _from_psutil(conn: Any) -> SockRow | None:
    """A psutil connection (``sconn`` system-wide, ``pconn`` for one process) as a row."""
    state = _STATES.get(conn.status)
    if state is None or not conn.laddr:
        return None
    remote = conn.raddr
    return SockRow(
        state="LISTEN" if state == "LISTEN" else "ESTABLISHED",
        local_ip=str(conn.laddr.ip),
        local_port=int(conn.laddr.port),
        remote_ip=str(remote.ip) if remote else "",
        remote_port=int(remote.port) if remote else 0,
        pid=getattr(conn, "pid", None),
    )


def _owners_by_psutil(rows: list[SockRow]) -> dict[RowKey, int]:
    wanted = {row.key for row in rows}
    if not wanted:
        return {}
    try:
        conns = psutil.net_connections(kind="tcp")
    except (psutil.Error, OSError) as exc:
        logger.debug("cannot list connections: %s", exc)
        return {}
    found = {}
    for conn in conns:
        row = _from_psutil(conn)
        if row is not None and row.key in wanted and conn.pid is not None:
            found[row.key] = conn.pid
    return found


class NetlinkSockets:
    """Linux: netlink for the table, ``/proc/PID/fd`` for a process's own sockets."""

    def rows(self, established: bool = True) -> list[SockRow]:
        try:
            return netlink.dump(listening=True, established=established)
        except OSError as exc:
            logger.debug("sock_diag failed: %s", exc)
            return []

    def rows_of(self, pid: int, rows: list[SockRow]) -> list[SockRow]:
        inodes = set()
        base = f"/proc/{pid}/fd"
        try:
            for fd in os.listdir(base):
                try:
                    target = os.readlink(f"{base}/{fd}")
                except OSError:
                    continue
                if target.startswith("socket:["):
                    inodes.add(int(target[8:-1]))
        except (OSError, ValueError):
            return []
        return [row for row in rows if row.inode in inodes]

    def owners(self, rows: list[SockRow]) -> dict[RowKey, int]:
        return _owners_by_psutil(rows)


class PsutilSockets:
    """Windows, macOS and the rest: psutil. Without the right to see every socket (macOS as a
    normal user), only the sockets of processes already recognised are seen."""

    def __init__(self) -> None:
        self.system_wide = True

    def rows(self, established: bool = True) -> list[SockRow]:
        if not self.system_wide:
            return []
        try:
            conns = psutil.net_connections(kind="tcp")
        except psutil.AccessDenied:
            logger.info("this account cannot list every connection; watching recognised tools only")
            self.system_wide = False
            return []
        except (psutil.Error, OSError) as exc:
            logger.debug("cannot list connections: %s", exc)
            return []
        return [row for row in map(_from_psutil, conns) if row is not None]

    def rows_of(self, pid: int, rows: list[SockRow]) -> list[SockRow]:
        if self.system_wide:
            return [row for row in rows if row.pid == pid]
        try:
            conns = psutil.Process(pid).net_connections(kind="tcp")
        except (psutil.Error, OSError):
            return []
        return [row for row in map(_from_psutil, conns) if row is not None]

    def owners(self, rows: list[SockRow]) -> dict[RowKey, int]:
        return {row.key: row.pid for row in rows if row.pid is not None}


def default_source() -> SocketSource:
    """Netlink on Linux when the kernel answers, psutil otherwise."""
    if sys.platform.startswith("linux") and netlink.available():
        return NetlinkSockets()
    return PsutilSockets()
