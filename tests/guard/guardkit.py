"""Helpers for the guard's tests: real processes named like remote-access tools, bounded polling."""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import psutil

from hangup.guard.catalog import Catalog, GuardData, ToolData, build_catalog
from hangup.guard.model import Event
from hangup.guard.watcher import Watcher

SLEEP = shutil.which("sleep")
DEADLINE = 1.0  # the issue: each tool is reported within a second
Spawn = Callable[..., "subprocess.Popen[bytes]"]


def copy_binary(folder: Path, name: str, source: str | None = SLEEP) -> Path:
    """A copy of a harmless program (sleep) saved under a remote-access tool's name."""
    assert source is not None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copy2(source, target)
    target.chmod(0o755)
    return target


def poll_until(
    watcher: Watcher, wanted: Callable[[Event], bool], timeout: float = DEADLINE, since: float | None = None
) -> tuple[list[Event], float]:
    """Poll until an event satisfies ``wanted`` or ``timeout`` passes: (all events seen, seconds taken)."""
    start = time.monotonic() if since is None else since
    seen: list[Event] = []
    while True:
        seen += watcher.poll()
        if any(wanted(e) for e in seen) or time.monotonic() - start > timeout:
            return seen, time.monotonic() - start
        time.sleep(0.02)


def free_port(port: int) -> socket.socket | None:
    """A listening socket on 127.0.0.1:``port``, or None when the port is taken."""
    sock = socket.socket()
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        return None
    sock.listen()
    return sock


def wait_status(pid: int, wanted: Callable[[str], bool], timeout: float = 2.0) -> str:
    """The /proc-style status of ``pid`` once ``wanted`` holds (or the last one seen)."""
    deadline = time.monotonic() + timeout
    status = ""
    while time.monotonic() < deadline:
        try:
            status = psutil.Process(pid).status()
        except psutil.NoSuchProcess:
            status = "gone"
        if wanted(status):
            break
        time.sleep(0.02)
    return status


def reap(proc: subprocess.Popen[bytes], timeout: float = 3.0) -> int | None:
    """The exit code once the process has ended (None if it is still running)."""
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        return None


def _node(key: str, value: bytes, children: bytes, wtype: int, value_len: int) -> bytes:
    head = struct.pack("<HHH", 0, value_len, wtype) + (key + "\0").encode("utf-16-le")
    head += b"\0" * (-len(head) % 4)
    body = head + value + b"\0" * (-len(value) % 4) + children
    return struct.pack("<H", len(body)) + body[2:]


def version_blob(strings: dict[str, str]) -> bytes:
    """A VS_VERSIONINFO resource holding ``strings`` (OriginalFilename, InternalName...)."""
    entries = b"".join(
        _node(k, (v + "\0").encode("utf-16-le"), b"", 1, len(v) + 1) for k, v in strings.items()
    )
    table = _node("040904b0", b"", entries, 1, 0)
    info = _node("StringFileInfo", b"", table, 1, 0)
    fixed = struct.pack("<13I", 0xFEEF04BD, 0x10000, *([0] * 11))
    return _node("VS_VERSION_INFO", fixed, info, 0, len(fixed))


def make_pe(path: Path, strings: dict[str, str] | None, *, pe32_plus: bool = True) -> Path:
    """A minimal PE file with one .rsrc section holding a version resource (when ``strings``)."""
    blob = version_blob(strings) if strings is not None else b""
    rva = 0x1000
    rsrc = bytearray()
    if strings is not None:
        rsrc += struct.pack("<IIHHHH", 0, 0, 0, 0, 0, 1) + struct.pack("<II", 16, 0x80000000 | 0x18)
        rsrc += struct.pack("<IIHHHH", 0, 0, 0, 0, 0, 1) + struct.pack("<II", 1, 0x80000000 | 0x30)
        rsrc += struct.pack("<IIHHHH", 0, 0, 0, 0, 0, 1) + struct.pack("<II", 0x409, 0x48)
        rsrc += struct.pack("<IIII", rva + 0x58, len(blob), 0, 0)
        rsrc += b"\0" * (0x58 - len(rsrc)) + blob
    else:
        rsrc += struct.pack("<IIHHHH", 0, 0, 0, 0, 0, 0)
    opt_size = 240 if pe32_plus else 224
    dirs_at = 112 if pe32_plus else 96
    optional = bytearray(opt_size)
    struct.pack_into("<H", optional, 0, 0x20B if pe32_plus else 0x10B)
    struct.pack_into("<I", optional, dirs_at - 4, 16)
    struct.pack_into("<II", optional, dirs_at + 16, rva, len(rsrc))
    section = struct.pack("<8sIIIIIIHHI", b".rsrc", len(rsrc), rva, len(rsrc), 0x400, 0, 0, 0, 0, 0x40000040)
    dos = bytearray(64)
    dos[:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 0x80)
    coff = b"PE\0\0" + struct.pack("<HHIIIHH", 0x8664 if pe32_plus else 0x14C, 1, 0, 0, 0, opt_size, 0x22)
    image = bytes(dos) + b"\0" * (0x80 - 64) + coff + bytes(optional) + section
    image += b"\0" * (0x400 - len(image)) + bytes(rsrc)
    path.write_bytes(image)
    return path


def no_env(*names: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in names}


def only_test_tools() -> Catalog:
    """A catalogue with two tools known only by name and no ports: a guard that acts on it can
    only ever reach the copies a test started, never another program on a shared machine."""
    layer = GuardData(tools={
        "AnyDesk": ToolData(new=True, processes=["anydesk", "AnyDesk.exe"]),
        "RustDesk": ToolData(new=True, processes=["rustdesk"]),
    })
    return build_catalog({"tools": []}, [("tests", layer)])
