"""Listening and connecting: real sockets on 127.0.0.1, on catalogue ports and from tool processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from guardkit import DEADLINE, free_port, poll_until

from hangup.guard import netlink
from hangup.guard.catalog import Catalog
from hangup.guard.model import SockRow
from hangup.guard.sockets import PsutilSockets, default_source
from hangup.guard.watcher import Watcher

CASES = [(5938, "TeamViewer"), (7070, "AnyDesk"), (21115, "RustDesk"), (5900, "VNC"), (3389, "Remote Desktop (RDP)")]


@pytest.mark.parametrize(("port", "tool"), CASES)
def test_listener_on_a_catalogue_port_is_reported(catalog: Catalog, port: int, tool: str) -> None:
    assert catalog.ports[port] == tool
    watcher = Watcher(catalog)
    watcher.poll()
    began = time.monotonic()
    listener = free_port(port)
    if listener is None:
        pytest.skip(f"port {port} is already taken on this machine")
    with listener:
        events, took = poll_until(watcher, lambda e: e.kind == "listening" and e.port == port, since=began)
    found = [e for e in events if e.kind == "listening" and e.port == port]
    assert found and took < DEADLINE
    assert found[0].tool == tool
    assert found[0].pid == os.getpid()  # the owner is found: this test process
    assert found[0].remote is False and "this computer only" in found[0].detail
    assert found[0].alerts


def test_connection_to_a_catalogue_port_is_reported(catalog: Catalog) -> None:
    listener = next((s for port, _ in CASES if (s := free_port(port)) is not None), None)
    if listener is None:
        pytest.skip("every catalogue port tried is taken")
    port = listener.getsockname()[1]
    watcher = Watcher(catalog)
    with listener:
        poll_until(watcher, lambda e: e.kind == "listening" and e.port == port)
        client = socket.create_connection(("127.0.0.1", port), timeout=2)
        server, _ = listener.accept()
        with client, server:
            events, _ = poll_until(watcher, lambda e: e.kind == "connected" and e.port == port)
    connected = [e for e in events if e.kind == "connected" and e.port == port]
    assert connected and all(e.peer and e.peer.startswith("127.0.0.1:") for e in connected)


def test_a_tool_process_connecting_is_reported(catalog: Catalog, tmp_path: Path) -> None:
    """A Python started as 'anydesk' connects to a listener on an ordinary port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    assert port not in catalog.ports
    link = tmp_path / "anydesk"
    link.symlink_to(sys.executable)
    code = f"import socket, time; s = socket.create_connection(('127.0.0.1', {port})); time.sleep(30)"
    watcher = Watcher(catalog)
    watcher.poll()
    proc = subprocess.Popen([str(link), "-c", code])
    try:
        server, _ = listener.accept()
        with server:
            events, _ = poll_until(watcher, lambda e: e.kind == "connected" and e.pid == proc.pid, timeout=2.0)
    finally:
        proc.kill()
        proc.wait(5)
        listener.close()
    connected = [e for e in events if e.kind == "connected" and e.pid == proc.pid]
    assert connected, events
    assert connected[0].tool == "AnyDesk" and connected[0].peer == f"127.0.0.1:{port}"
    assert connected[0].remote is False
    assert connected[0].alerts is False  # to this computer, on an ordinary port: logged, not alerted


def test_an_allowed_tools_sockets_are_not_followed(catalog: Catalog, tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    link = tmp_path / "anydesk"
    link.symlink_to(sys.executable)
    watcher = Watcher(catalog)
    watcher.quiet = frozenset({"AnyDesk"})
    watcher.poll()
    proc = subprocess.Popen([str(link), "-c", f"import socket, time; socket.create_connection(('127.0.0.1', {port}));"
                             " time.sleep(30)"])
    try:
        server, _ = listener.accept()
        with server:
            events, _ = poll_until(watcher, lambda e: e.kind == "connected" and e.pid == proc.pid, timeout=0.5)
    finally:
        proc.kill()
        proc.wait(5)
        listener.close()
    assert [e.kind for e in events if e.pid == proc.pid] == ["started"]


def test_closed_listener_is_reported_again_when_reopened(catalog: Catalog) -> None:
    port = None
    for candidate, _ in CASES:
        probe = free_port(candidate)
        if probe is not None:
            probe.close()
            port = candidate
            break
    if port is None:
        pytest.skip("every catalogue port tried is taken")
    watcher = Watcher(catalog)
    for _ in range(2):
        listener = free_port(port)
        assert listener is not None
        with listener:
            events, _ = poll_until(watcher, lambda e: e.kind == "listening" and e.port == port)
            assert any(e.kind == "listening" and e.port == port for e in events)
        watcher.poll()  # sees it closed


def _rows_for(rows: list[SockRow], port: int) -> list[SockRow]:
    return [r for r in rows if r.local_port == port and r.state == "LISTEN"]


def test_netlink_and_psutil_see_the_same_listener() -> None:
    if not netlink.available():
        pytest.skip("no netlink sock_diag on this system")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        by_netlink = _rows_for(default_source().rows(established=False), port)
        by_psutil = _rows_for(PsutilSockets().rows(), port)
    assert [r.key for r in by_netlink] == [r.key for r in by_psutil] == [("LISTEN", "127.0.0.1", port, "", 0)]
    assert by_psutil[0].pid == os.getpid()
    assert by_netlink[0].inode


def test_ipv6_listener_is_seen() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    with socket.socket(socket.AF_INET6) as listener:
        try:
            listener.bind(("::1", 0))
        except OSError:
            pytest.skip("no IPv6 loopback here")
        listener.listen()
        port = listener.getsockname()[1]
        rows = _rows_for(default_source().rows(established=False), port)
    assert rows and rows[0].local_ip == "::1" and rows[0].remote is False
