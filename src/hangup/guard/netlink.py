"""Linux TCP socket table through netlink ``sock_diag``: the kernel's own filter, no /proc walk.

Reading ``/proc/net/tcp`` walks the kernel's whole connection hash table and can take tens of
milliseconds; a ``sock_diag`` dump of listening sockets takes a fraction of one, which is what
lets the guard look every half second all day. Only TCP over IPv4 and IPv6.
"""

from __future__ import annotations

import ipaddress
import socket
import struct

from hangup.guard.model import SockRow

_NETLINK_SOCK_DIAG = 4
_SOCK_DIAG_BY_FAMILY = 20
_NLM_F_REQUEST = 0x1
_NLM_F_DUMP = 0x300
_NLMSG_ERROR = 2
_NLMSG_DONE = 3
_TCP_ESTABLISHED = 1
_TCP_LISTEN = 10
_HEADER = struct.Struct("=IHHII")
_MSG = struct.Struct("=BBBB")
_RECV = 1 << 16
_MAX_MESSAGES = 100_000


def available() -> bool:
    """True when this system answers sock_diag requests (Linux, netlink not filtered)."""
    try:
        dump(listening=True)
    except (OSError, AttributeError):  # AttributeError: no AF_NETLINK outside Linux
        return False
    return True


def _request(family: int, states: int, seq: int) -> bytes:
    body = struct.pack("=BBBxI", family, socket.IPPROTO_TCP, 0, states) + bytes(48)
    return _HEADER.pack(_HEADER.size + len(body), _SOCK_DIAG_BY_FAMILY, _NLM_F_REQUEST | _NLM_F_DUMP, seq, 0) + body


def _address(family: int, raw: bytes) -> str:
    if family == socket.AF_INET:
        return str(ipaddress.IPv4Address(raw[:4]))
    return str(ipaddress.IPv6Address(raw[:16]))


def _query(family: int, states: int) -> list[SockRow]:
    rows: list[SockRow] = []
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, _NETLINK_SOCK_DIAG) as sock:
        sock.settimeout(2.0)
        sock.sendto(_request(family, states, 1), (0, 0))
        for _ in range(_MAX_MESSAGES):
            data = sock.recv(_RECV)
            offset = 0
            while offset + _HEADER.size <= len(data):
                length, kind = _HEADER.unpack_from(data, offset)[:2]
                if kind == _NLMSG_DONE:
                    return rows
                if kind == _NLMSG_ERROR:
                    code = struct.unpack_from("=i", data, offset + _HEADER.size)[0]
                    raise OSError(-code, "sock_diag request refused")
                body = offset + _HEADER.size
                fam, state = _MSG.unpack_from(data, body)[:2]
                sport, dport = struct.unpack_from(">HH", data, body + 4)
                src = data[body + 8 : body + 24]
                dst = data[body + 24 : body + 40]
                inode = struct.unpack_from("=I", data, body + 68)[0]
                rows.append(
                    SockRow(
                        state="LISTEN" if state == _TCP_LISTEN else "ESTABLISHED",
                        local_ip=_address(fam, src),
                        local_port=sport,
                        remote_ip="" if state == _TCP_LISTEN else _address(fam, dst),
                        remote_port=0 if state == _TCP_LISTEN else dport,
                        inode=inode,
                    )
                )
                if length <= 0:
                    raise OSError("malformed netlink message")
                offset += (length + 3) & ~3
    raise OSError("sock_diag dump did not end")


def dump(*, listening: bool = True, established: bool = False) -> list[SockRow]:
    """TCP sockets in the asked states, IPv4 and IPv6. Raises OSError when netlink is unavailable."""
    states = (1 << _TCP_LISTEN if listening else 0) | (1 << _TCP_ESTABLISHED if established else 0)
    if not states:
        return []
    return _query(socket.AF_INET, states) + _query(socket.AF_INET6, states)
