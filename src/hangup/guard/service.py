"""Running the guard at every login: a systemd user unit (Linux), a launchd agent (macOS), a
scheduled task (Windows). This module only writes the definition and says which commands start
and remove it; ``hangup guard install --now`` runs them.
"""

from __future__ import annotations

import getpass
import os
import plistlib
import shutil
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Literal

from hangup.errors import GuardError

Platform = Literal["linux", "macos", "windows"]
UNIT_NAME = "hangup-guard.service"
AGENT_LABEL = "org.hangup.guard"
TASK_NAME = "hangup guard"


@dataclass(frozen=True, slots=True)
class ServiceFile:
    """A service definition: where it goes, its bytes, and the commands that start and remove it."""

    platform: Platform
    path: Path
    content: bytes
    start: list[list[str]]
    stop: list[list[str]]

    @property
    def text(self) -> str:
        return self.content.decode("utf-16" if self.platform == "windows" else "utf-8")


def current_platform() -> Platform:
    if sys.platform == "darwin":
        return "macos"
    if sys.platform == "win32":
        return "windows"
    return "linux"


def hangup_command() -> str:
    """The ``hangup`` program of this installation (beside this Python, else on PATH)."""
    here = Path(sys.executable).parent
    for name in ("hangup", "hangup.exe"):
        if (here / name).is_file():
            return str(here / name)
    found = shutil.which("hangup")
    if found is None:
        raise GuardError("cannot find the hangup program; install hangup (pip install 'hangup[guard]') first")
    return found


def _systemd_quote(arg: str) -> str:
    if arg and not any(c in arg for c in " \t\"'\\;$%"):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$") + '"'


def systemd_unit(argv: list[str]) -> str:
    exec_start = " ".join(_systemd_quote(a) for a in argv)
    return (
        "[Unit]\n"
        "Description=hangup remote-access guard (warns when a remote-access tool starts)\n"
        "After=graphical-session.target\n\n"
        "[Service]\n"
        "Type=simple\n"
        f"ExecStart={exec_start}\n"
        "Restart=on-failure\n"
        "RestartSec=10\n"
        "Nice=5\n"
        "Environment=PYTHONUNBUFFERED=1\n\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def launchd_plist(argv: list[str], log_dir: Path) -> bytes:
    return plistlib.dumps(
        {
            "Label": AGENT_LABEL,
            "ProgramArguments": argv,
            "RunAtLoad": True,
            "KeepAlive": {"SuccessfulExit": False},
            "ProcessType": "Interactive",
            "StandardOutPath": str(log_dir / "guard.out.log"),
            "StandardErrorPath": str(log_dir / "guard.err.log"),
        }
    )


def task_xml(argv: list[str], user: str) -> str:
    command, args = argv[0], " ".join(f'"{a}"' if " " in a else a for a in argv[1:])
    return (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\n'
        "  <RegistrationInfo>\n"
        "    <Description>hangup remote-access guard: warns when a remote-access tool starts</Description>\n"
        f"    <URI>\\{escape(TASK_NAME)}</URI>\n"
        "  </RegistrationInfo>\n"
        "  <Triggers>\n"
        f"    <LogonTrigger><Enabled>true</Enabled><UserId>{escape(user)}</UserId></LogonTrigger>\n"
        "  </Triggers>\n"
        "  <Principals>\n"
        f'    <Principal id="Author"><UserId>{escape(user)}</UserId><LogonType>InteractiveToken</LogonType>'
        "<RunLevel>LeastPrivilege</RunLevel></Principal>\n"
        "  </Principals>\n"
        "  <Settings>\n"
        "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n"
        "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n"
        "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n"
        "    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>\n"
        "    <RestartOnFailure><Interval>PT1M</Interval><Count>999</Count></RestartOnFailure>\n"
        "    <Enabled>true</Enabled>\n"
        "  </Settings>\n"
        '  <Actions Context="Author">\n'
        f"    <Exec><Command>{escape(command)}</Command><Arguments>{escape(args)}</Arguments></Exec>\n"
        "  </Actions>\n"
        "</Task>\n"
    )


def _windows_user() -> str:
    user = os.environ.get("USERNAME") or getpass.getuser()
    domain = os.environ.get("USERDOMAIN")
    return f"{domain}\\{user}" if domain else user


def service_file(
    platform: Platform, argv: list[str], *, folder: Path | None = None, log_dir: Path | None = None
) -> ServiceFile:
    """The definition for ``platform`` that runs ``argv`` at login, in ``folder`` (default: the
    platform's own place for per-user services)."""
    home = Path.home()
    if platform == "linux":
        config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        path = (folder or config / "systemd" / "user") / UNIT_NAME
        return ServiceFile(
            platform, path, systemd_unit(argv).encode("utf-8"),
            start=[["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", UNIT_NAME]],
            stop=[["systemctl", "--user", "disable", "--now", UNIT_NAME]],
        )
    if platform == "macos":
        path = (folder or home / "Library" / "LaunchAgents") / f"{AGENT_LABEL}.plist"
        domain = f"gui/{os.getuid()}" if hasattr(os, "getuid") else "gui/$(id -u)"
        return ServiceFile(
            platform, path, launchd_plist(argv, log_dir or path.parent),
            start=[["launchctl", "bootstrap", domain, str(path)]],
            stop=[["launchctl", "bootout", domain, str(path)]],
        )
    path = (folder or log_dir or home) / "hangup-guard-task.xml"
    return ServiceFile(
        platform, path, task_xml(argv, _windows_user()).encode("utf-16"),
        start=[["schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(path), "/F"],
               ["schtasks", "/Run", "/TN", TASK_NAME]],
        stop=[["schtasks", "/End", "/TN", TASK_NAME], ["schtasks", "/Delete", "/TN", TASK_NAME, "/F"]],
    )
