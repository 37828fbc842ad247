"""Matching a process to a tool: names, paths, launchers, renamed copies, generic names."""

from __future__ import annotations

import pytest

from hangup.guard.catalog import Catalog, GuardData, ToolData, build_catalog
from hangup.guard.matcher import Matcher
from hangup.guard.model import ProcessFacts


def facts(name: str, exe: str | None = None, *cmd: str, original: str | None = None) -> ProcessFacts:
    return ProcessFacts(1234, 1.0, name, exe, tuple(cmd), original)


@pytest.fixture(scope="module")
def matcher(catalog: Catalog) -> Matcher:
    return Matcher(catalog)


@pytest.mark.parametrize(
    ("proc", "tool"),
    [
        (facts("anydesk", "/usr/bin/anydesk", "/usr/bin/anydesk"), "AnyDesk"),
        (facts("AnyDesk.exe", r"C:\Program Files (x86)\AnyDesk\AnyDesk.exe"), "AnyDesk"),
        (facts("AnyDesk", "/Applications/AnyDesk.app/Contents/MacOS/AnyDesk"), "AnyDesk"),
        (facts("teamviewerd", "/opt/teamviewer/tv_bin/teamviewerd"), "TeamViewer"),
        (facts("TeamViewer_Desk", "/opt/teamviewer/tv_bin/TeamViewer_Desktop"), "TeamViewer"),
        (facts("rustdesk", "/usr/bin/rustdesk"), "RustDesk"),
        (facts("QuickAssist.exe", r"C:\Program Files\WindowsApps\MicrosoftCorporationII.QuickAssist_2\QuickAssist.exe"),
         "Quick Assist"),
        (facts("x11vnc", "/usr/bin/x11vnc"), "VNC"),
    ],
)
def test_tools_are_recognised(matcher: Matcher, proc: ProcessFacts, tool: str) -> None:
    found = matcher.match(proc)
    assert found is not None and found.tool.name == tool


@pytest.mark.parametrize(
    "proc",
    [
        facts("rundll32.exe", r"C:\Windows\System32\rundll32.exe", "rundll32.exe", "shell32.dll,Control_RunDLL"),
        facts("svchost.exe", r"C:\Windows\System32\svchost.exe", "svchost.exe", "-k", "netsvcs"),
        facts("java", "/usr/bin/java", "java", "-jar", "/opt/app/server.jar"),
        facts("python3", "/usr/bin/python3.11", "python3", "script.py"),
        facts("firefox", "/usr/lib/firefox/firefox"),
        facts("grep", "/usr/bin/grep", "grep", "anydesk"),  # naming a tool in an argument is not running it
        facts(""),
    ],
)
def test_ordinary_processes_are_not_tools(matcher: Matcher, proc: ProcessFacts) -> None:
    assert matcher.match(proc) is None


def test_a_generic_name_never_matches_alone() -> None:
    # A catalogue that (like LOLRMM's ambiguous executables) lists rundll32 and java for a tool.
    layer = GuardData(
        tools={"Sneaky": ToolData(new=True, processes=["rundll32.exe", "java", "sneaky-agent"],
                                  paths=["/opt/sneaky/*"])},
        never_alone=["rundll32", "java*"],
    )
    matcher = Matcher(build_catalog({"tools": []}, [("test", layer)]))
    assert matcher.match(facts("rundll32.exe", r"C:\Windows\rundll32.exe")) is None
    assert matcher.match(facts("java", "/usr/bin/java", "java", "-jar", "/srv/app.jar")) is None
    # ...but the program it runs, or where it lives, still counts
    runs = matcher.match(facts("java", "/usr/bin/java", "java", "-cp", "x", "sneaky-agent"))
    assert runs is not None and runs.tool.name == "Sneaky"
    placed = matcher.match(facts("java", "/opt/sneaky/java"))
    assert placed is not None and "path '/opt/sneaky/java'" in placed.reasons


def test_launchers_are_matched_by_the_program_they_run(matcher: Matcher) -> None:
    found = matcher.match(facts("wine64-preloader", "/usr/bin/wine64-preloader", "wine", r"C:\tmp\AnyDesk.exe"))
    assert found is not None and found.tool.name == "AnyDesk"
    assert any(r.startswith("runs ") for r in found.reasons)


def test_renamed_copy_on_linux_is_named(matcher: Matcher) -> None:
    found = matcher.match(facts("notes", "/home/ann/Downloads/anydesk", "notes"))
    assert found is not None and found.tool.name == "AnyDesk"
    assert any("runs as 'notes' but the file is 'anydesk'" in r for r in found.reasons)


def test_renamed_copy_on_windows_by_original_file_name(matcher: Matcher) -> None:
    found = matcher.match(facts("invoice.exe", r"C:\Users\ann\Downloads\invoice.exe", original="AnyDesk.exe"))
    assert found is not None and found.tool.name == "AnyDesk"
    assert any("built as 'AnyDesk.exe'" in r for r in found.reasons)


def test_truncated_linux_name_is_completed(matcher: Matcher) -> None:
    found = matcher.match(facts("TeamViewer_Desk", None))  # exe unreadable: only the 15-character name
    assert found is not None and found.tool.name == "TeamViewer"
