"""The original file name a Windows program was built as, from its version information.

A renamed copy of a remote-access tool (``AnyDesk.exe`` saved as ``invoice.exe``) keeps the
``OriginalFilename`` its maker wrote into the version resource. This reads that string with a
few small reads (headers, the resource directory, the version blob): no whole-file read, no
Windows API, so it works on any platform and on files of any size.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

_RT_VERSION = 16
_MAX_BLOB = 64 * 1024
_MAX_ENTRIES = 64
_KEYS = ("OriginalFilename", "InternalName")


class _Image:
    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.sections: list[tuple[int, int, int]] = []  # virtual address, size, file offset

    def read(self, offset: int, size: int) -> bytes:
        self.f.seek(offset)
        data = self.f.read(size)
        if len(data) != size:
            raise ValueError("truncated")
        return data

    def offset(self, rva: int) -> int:
        for vaddr, size, raw in self.sections:
            if vaddr <= rva < vaddr + size:
                return raw + rva - vaddr
        raise ValueError("address outside every section")


def _resource_root(img: _Image) -> int | None:
    dos = img.read(0, 64)
    if dos[:2] != b"MZ":
        return None
    pe_at = struct.unpack_from("<I", dos, 0x3C)[0]
    head = img.read(pe_at, 24)
    if head[:4] != b"PE\0\0":
        return None
    nsections, opt_size = struct.unpack_from("<H", head, 6)[0], struct.unpack_from("<H", head, 20)[0]
    opt = img.read(pe_at + 24, opt_size)
    magic = struct.unpack_from("<H", opt, 0)[0]
    dirs_at = {0x10B: 96, 0x20B: 112}.get(magic)
    if dirs_at is None or len(opt) < dirs_at + 24:
        return None
    rsrc_rva, rsrc_size = struct.unpack_from("<II", opt, dirs_at + 2 * 8)
    if not rsrc_rva or not rsrc_size:
        return None
    table = img.read(pe_at + 24 + opt_size, 40 * min(nsections, 96))
    for i in range(len(table) // 40):
        vsize, vaddr, rawsize, rawptr = struct.unpack_from("<IIII", table, i * 40 + 8)
        img.sections.append((vaddr, max(vsize, rawsize), rawptr))
    return img.offset(rsrc_rva)


def _entries(img: _Image, root: int, at: int) -> list[tuple[int, int]]:
    """(id or name offset, child offset relative to root) of one resource directory."""
    head = img.read(root + at, 16)
    named, ids = struct.unpack_from("<HH", head, 12)
    count = min(named + ids, _MAX_ENTRIES)
    raw = img.read(root + at + 16, 8 * count)
    return [struct.unpack_from("<II", raw, 8 * i) for i in range(count)]


def _version_blob(img: _Image, root: int) -> bytes | None:
    types = [child for ident, child in _entries(img, root, 0) if ident == _RT_VERSION]
    if not types or not types[0] & 0x80000000:
        return None
    at = types[0] & 0x7FFFFFFF
    for _ in range(2):  # name level, then language level: take the first of each
        entries = _entries(img, root, at)
        if not entries:
            return None
        child = entries[0][1]
        at = child & 0x7FFFFFFF
        if not child & 0x80000000:
            break
    data_rva, size = struct.unpack_from("<II", img.read(root + at, 8))
    return img.read(img.offset(data_rva), min(size, _MAX_BLOB))


def _string_value(blob: bytes, key: str) -> str | None:
    """The value of one ``String`` entry (wLength, wValueLength, wType, key, padding, value)."""
    needle = (key + "\0").encode("utf-16-le")
    at = blob.find(needle)
    while at >= 6 and at % 2:
        at = blob.find(needle, at + 1)
    if at < 6:
        return None
    start = at - 6
    length, value_len = struct.unpack_from("<HH", blob, start)
    value_at = at + len(needle)
    value_at += (-value_at) % 4  # the resource and every entry in it are 32-bit aligned
    end = min(start + length, value_at + 2 * value_len, len(blob))
    value = blob[value_at:end].decode("utf-16-le", errors="replace").split("\0", 1)[0].strip()
    return value or None


def version_names(path: str) -> dict[str, str]:
    """``OriginalFilename`` and ``InternalName`` of a PE file (empty when absent or unreadable)."""
    try:
        with open(path, "rb") as f:
            img = _Image(f)
            root = _resource_root(img)
            blob = _version_blob(img, root) if root is not None else None
    except (OSError, ValueError, struct.error):
        return {}
    if not blob:
        return {}
    found = {}
    for key in _KEYS:
        value = _string_value(blob, key)
        if value:
            found[key] = value
    return found


def original_filename(path: str) -> str | None:
    """The name the program was built as (``OriginalFilename``, else ``InternalName``), if any."""
    names = version_names(path)
    return names.get("OriginalFilename") or names.get("InternalName")
