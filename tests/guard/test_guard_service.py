"""`hangup guard install | uninstall`: the generated service files for each platform (never enabled here)."""

from __future__ import annotations

import configparser
import plistlib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hangup.cli import app
from hangup.guard.service import service_file, systemd_unit

NS = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
runner = CliRunner()


def install(tmp_path: Path, platform: str, *extra: str) -> tuple[str, Path]:
    result = runner.invoke(app, ["guard", "install", "--platform", platform, "--dir", str(tmp_path), *extra],
                           env={"HANGUP_STATE_DIR": str(tmp_path / "state")})
    assert result.exit_code == 0, result.output
    written = next(p for p in tmp_path.iterdir() if p.is_file())
    return result.output, written


def test_linux_systemd_user_unit(tmp_path: Path) -> None:
    output, path = install(tmp_path, "linux")
    assert path.name == "hangup-guard.service"
    unit = configparser.ConfigParser(interpolation=None)
    unit.read_string(path.read_text(encoding="utf-8"))
    exec_start = unit["Service"]["ExecStart"]
    assert exec_start.split()[0].endswith("hangup") and exec_start.split()[1:] == ["guard", "run", "--no-ask"]
    assert unit["Service"]["Restart"] == "on-failure"
    assert unit["Install"]["WantedBy"] == "default.target"
    assert "systemctl --user enable --now hangup-guard.service" in output
    assert "hangup guard uninstall" in output and "systemctl --user disable --now" in output


def test_macos_launchd_agent(tmp_path: Path) -> None:
    output, path = install(tmp_path, "macos", "--strict")
    agent = plistlib.loads(path.read_bytes())
    assert path.name == "org.hangup.guard.plist" and agent["Label"] == "org.hangup.guard"
    assert agent["ProgramArguments"][1:] == ["guard", "run", "--no-ask", "--strict"]
    assert agent["RunAtLoad"] is True and agent["KeepAlive"] == {"SuccessfulExit": False}
    assert agent["StandardErrorPath"].startswith(str(tmp_path / "state"))
    assert "launchctl bootstrap gui/" in output and "launchctl bootout gui/" in output


def test_windows_scheduled_task(tmp_path: Path) -> None:
    output, path = install(tmp_path, "windows")
    raw = path.read_bytes()
    assert raw[:2] in (b"\xff\xfe", b"\xfe\xff")  # UTF-16 with a byte order mark, as schtasks wants
    task = ET.fromstring(raw.decode("utf-16").split("\n", 1)[1])
    assert task.find("t:Triggers/t:LogonTrigger/t:Enabled", NS).text == "true"  # type: ignore[union-attr]
    assert task.find("t:Principals/t:Principal/t:LogonType", NS).text == "InteractiveToken"  # type: ignore[union-attr]
    command = task.find("t:Actions/t:Exec/t:Command", NS).text  # type: ignore[union-attr]
    assert command is not None and Path(command).name.startswith("hangup")
    assert task.find("t:Actions/t:Exec/t:Arguments", NS).text == "guard run --no-ask"  # type: ignore[union-attr]
    assert 'schtasks /Create /TN hangup guard /XML' in output and "schtasks /Delete" in output


def test_print_writes_nothing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["guard", "install", "--print", "--platform", "linux", "--dir", str(tmp_path)])
    assert result.exit_code == 0 and result.output.startswith("[Unit]")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_uninstall_removes_the_file(tmp_path: Path, platform: str) -> None:
    _, path = install(tmp_path, platform)
    result = runner.invoke(app, ["guard", "uninstall", "--platform", platform, "--dir", str(tmp_path)])
    assert result.exit_code == 0 and "Removed" in result.output
    assert not path.exists()
    again = runner.invoke(app, ["guard", "uninstall", "--platform", platform, "--dir", str(tmp_path)])
    assert again.exit_code == 0 and "Nothing to remove" in again.output


def test_unknown_platform_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["guard", "install", "--platform", "amiga", "--dir", str(tmp_path)])
    assert result.exit_code != 0 and "unknown platform" in str(result.exception)


def test_paths_with_spaces_and_percent_are_quoted() -> None:
    unit = systemd_unit(["/home/ann/My Apps/100%/hangup", "guard", "run"])
    assert 'ExecStart="/home/ann/My Apps/100%%/hangup" guard run' in unit
    task = service_file("windows", [r"C:\Program Files\hangup & co\hangup.exe", "guard", "run"], folder=Path("/x"))
    assert "hangup &amp; co" in task.text
