"""Desktop notifications: notify-send (Linux and BSD), osascript (macOS), a toast (Windows).

The text goes as arguments or environment variables, never spliced into a script, so nothing
in a process name can run as code. When the program is missing, nothing is shown and nothing fails.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys

logger = logging.getLogger(__name__)
TIMEOUT = 15.0
_APPLESCRIPT = ["on run argv", "display notification (item 2 of argv) with title (item 1 of argv)", "end run"]
_POWERSHELL_APP = r"{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\WindowsPowerShell\v1.0\powershell.exe"
_TOAST = (
    "[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime]"
    " > $null; "
    "$x = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent("
    "[Windows.UI.Notifications.ToastTemplateType]::ToastText02); "
    "$t = $x.GetElementsByTagName('text'); "
    "$t.Item(0).AppendChild($x.CreateTextNode($env:HANGUP_TITLE)) > $null; "
    "$t.Item(1).AppendChild($x.CreateTextNode($env:HANGUP_BODY)) > $null; "
    "[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier($env:HANGUP_APP).Show("
    "[Windows.UI.Notifications.ToastNotification]::new($x))"
)


def command(title: str, body: str, *, urgent: bool, platform: str = sys.platform) -> tuple[list[str], dict[str, str]]:
    """The command (and extra environment) that shows the notification on ``platform``."""
    if platform == "darwin":
        argv = ["osascript"]
        for line in _APPLESCRIPT:
            argv += ["-e", line]
        return [*argv, title, body], {}
    if platform == "win32":
        env = {"HANGUP_TITLE": title, "HANGUP_BODY": body, "HANGUP_APP": _POWERSHELL_APP}
        return ["powershell", "-NoProfile", "-NonInteractive", "-Command", _TOAST], env
    urgency = "critical" if urgent else "normal"
    return ["notify-send", "--app-name=hangup", f"--urgency={urgency}", "--icon=dialog-warning", title, body], {}


def notify(title: str, body: str, *, urgent: bool) -> bool:
    """Show the notification; False (quietly) when this desktop has no way to show one."""
    argv, extra = command(title, body, urgent=urgent)
    program = shutil.which(argv[0])
    if program is None:
        logger.debug("no %s here: desktop notification skipped", argv[0])
        return False
    try:
        done = subprocess.run(
            [program, *argv[1:]], env={**os.environ, **extra}, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=TIMEOUT, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.warning("desktop notification failed: %s", exc)
        return False
    if done.returncode != 0:
        logger.info("desktop notification failed: %s", done.stderr.decode("utf-8", "replace").strip()[:200])
        return False
    return True
