"""Reading the original file name from a Windows program's version information."""

from __future__ import annotations

from pathlib import Path

import pytest
from guardkit import make_pe

from hangup.guard.facts import VersionInfoCache
from hangup.guard.pe import original_filename, version_names


@pytest.mark.parametrize("pe32_plus", [True, False])
def test_original_filename_of_a_renamed_program(tmp_path: Path, pe32_plus: bool) -> None:
    exe = make_pe(tmp_path / "invoice.exe", {"InternalName": "AnyDesk", "OriginalFilename": "AnyDesk.exe"},
                  pe32_plus=pe32_plus)
    assert original_filename(str(exe)) == "AnyDesk.exe"
    assert version_names(str(exe)) == {"OriginalFilename": "AnyDesk.exe", "InternalName": "AnyDesk"}


def test_internal_name_when_no_original(tmp_path: Path) -> None:
    exe = make_pe(tmp_path / "a.exe", {"InternalName": "TeamViewer_Service"})
    assert original_filename(str(exe)) == "TeamViewer_Service"


def test_program_without_version_information(tmp_path: Path) -> None:
    assert original_filename(str(make_pe(tmp_path / "plain.exe", None))) is None


@pytest.mark.parametrize(
    "content",
    [b"", b"MZ", b"MZ" + b"\xff" * 200, b"\x7fELF" + b"\0" * 100, bytes(range(256)) * 40],
)
def test_not_a_program_or_damaged(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.exe"
    path.write_bytes(content)
    assert original_filename(str(path)) is None


def test_truncated_program(tmp_path: Path) -> None:
    exe = make_pe(tmp_path / "whole.exe", {"OriginalFilename": "AnyDesk.exe"})
    cut = tmp_path / "cut.exe"
    cut.write_bytes(exe.read_bytes()[:0x430])
    assert original_filename(str(cut)) is None
    assert original_filename(str(tmp_path / "missing.exe")) is None


def test_a_real_windows_program() -> None:
    distlib = pytest.importorskip("pip._vendor.distlib", reason="pip's Windows launchers are not installed")
    launcher = Path(distlib.__file__).with_name("t64.exe")
    if not launcher.is_file():
        pytest.skip("pip ships no t64.exe here")
    assert original_filename(str(launcher)) == "t64.exe"


def test_cache_reads_each_file_once_and_sees_changes(tmp_path: Path) -> None:
    exe = make_pe(tmp_path / "x.exe", {"OriginalFilename": "AnyDesk.exe"})
    cache = VersionInfoCache(enabled=True)
    assert cache.get(str(exe)) == "AnyDesk.exe"
    make_pe(exe, {"OriginalFilename": "RustDesk.exe"})
    assert cache.get(str(exe)) == "RustDesk.exe"  # size or time changed: read again
    assert VersionInfoCache(enabled=False).get(str(tmp_path / "sleep")) is None
