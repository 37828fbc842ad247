"""`hangup report add/show/add-info` and `hangup db upgrade` as a user runs them (real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from casedata import SCAM_EMAIL

from hangup.cases.db import head_revision
from hangup.cases.reportfile import read_attachment, read_report_file
from hangup.errors import InputError

HANGUP = str(Path(sys.executable).with_name("hangup"))


def run(*args: str, data_dir: Path, database_url: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HANGUP_DATA_DIR": str(data_dir), "HANGUP_DATABASE_URL": database_url,
           "HANGUP_CONFIG": str(data_dir / "absent.toml")}
    proc = subprocess.run([HANGUP, *args], capture_output=True, text=True, timeout=120, check=False, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_add_show_add_info(tmp_path: Path, examples: Path) -> None:
    mail = tmp_path / "mail.eml"
    mail.write_bytes(SCAM_EMAIL)
    out = run("report", "add", str(examples / "report.yaml"), "--attach", str(mail), "--json", data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    receipt = json.loads(out.stdout)
    assert receipt["reference"].startswith("HU-") and len(receipt["secret"]) >= 32
    assert (tmp_path / "cases.sqlite3").is_file()

    shown = run("report", "show", receipt["reference"], "--secret", receipt["secret"], "--json", data_dir=tmp_path)
    assert shown.returncode == 0, shown.stderr
    view = json.loads(shown.stdout)
    assert view["report"]["claimed_organisation"] == "Microsoft" and view["report"]["amount"] == "199.99"
    assert [a["filename"] for a in view["attachments"]] == ["scam-call-microsoft.txt", "mail.eml"]
    assert view["contact_on_file"] is True and view["verdict"]["verdict"] == "scam"

    added = run("report", "add-info", receipt["reference"], "-s", receipt["secret"], "--text", "They rang again.",
                data_dir=tmp_path)
    assert added.returncode == 0 and "1 addition(s)" in added.stdout
    text = run("report", "show", receipt["reference"].lower(), "-s", receipt["secret"], data_dir=tmp_path)
    assert text.returncode == 0
    assert "claimed organisation: Microsoft" in text.stdout and "They rang again." in text.stdout


def test_plain_output_shows_secret_once(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    report.write_text(json.dumps({"channel": "text", "phone_numbers": ["07700 900456"]}))
    out = run("report", "add", str(report), data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Reference: HU-" in out.stdout and "Secret:" in out.stdout and "shown only once" in out.stdout


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        ("channel: fax\n", "r.yaml", "channel: Input should be 'call', 'email'"),
        ('{"channel": "call", ', "r.json", "not valid JSON"),
        ("channel: [unclosed\n", "r.yaml", "not valid YAML"),
        ("- just a list\n", "r.yaml", "a report file is a mapping"),
        ("channel: call\namount: 5\n", "r.yaml", "tick 'money lost' or clear the amount"),
        ("channel: call\ncontact: {name: Ada}\n", "r.yaml", "without consent"),
        ("channel: call\nattachments: missing.eml\n", "r.yaml", "attachments must be a list of file paths"),
    ],
)
def test_bad_report_files(tmp_path: Path, content: str, name: str, says: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError) as info:
        read_report_file(path)
    assert str(info.value).startswith(str(path)) and says in str(info.value)


def test_report_file_reading(tmp_path: Path, examples: Path) -> None:
    parsed = read_report_file(examples / "report.yaml")
    assert parsed.report.age_band == "75_84" and parsed.contact is not None and parsed.contact.consent_to_contact
    assert parsed.attachment_paths == [examples / "scam-call-microsoft.txt"]
    unquoted = tmp_path / "r.yaml"
    unquoted.write_text("channel: call\nage_band: 65_74\n")  # YAML 1.1 reads 65_74 as 6574
    assert read_report_file(unquoted).report.age_band == "65_74"
    (tmp_path / "bin.yaml").write_bytes(b"channel: \xff\xfe call")
    with pytest.raises(InputError, match="must be UTF-8 text"):
        read_report_file(tmp_path / "bin.yaml")
    with pytest.raises(InputError, match="cannot read"):
        read_report_file(tmp_path / "absent.yaml")
    with pytest.raises(InputError, match=r"big\.txt is too large"):
        (tmp_path / "big.txt").write_bytes(b"x" * 11)
        read_attachment(tmp_path / "big.txt", 10)


def test_a_bad_file_is_exit_2_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("channel: call\nattachments: [missing.eml]\n")
    out = run("report", "add", str(path), data_dir=tmp_path)
    assert out.returncode == 2
    assert out.stderr.startswith("hangup: error: cannot read") and "missing.eml" in out.stderr, out.stderr


def test_bad_attachment_and_bad_secret(tmp_path: Path, examples: Path) -> None:
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ\x90\x00")
    out = run("report", "add", str(examples / "report.yaml"), "--attach", str(exe), data_dir=tmp_path)
    assert out.returncode == 2 and "tool.exe: .exe files are not accepted" in out.stderr
    shown = run("report", "show", "HU-2026-0000-0000", "--secret", "wrong-secret-wrong-secret", data_dir=tmp_path)
    assert shown.returncode == 2 and "no report matches this reference and secret" in shown.stderr


def test_db_upgrade(tmp_path: Path, pg_url: str) -> None:
    head = head_revision()
    assert head is not None
    first = run("db", "upgrade", data_dir=tmp_path)
    assert first.returncode == 0 and f"migrated from an empty database to {head}" in first.stdout
    again = run("db", "upgrade", data_dir=tmp_path)
    assert again.returncode == 0 and f"already at migration {head}" in again.stdout
    on_pg = run("db", "upgrade", "--database-url", pg_url, data_dir=tmp_path)
    assert on_pg.returncode == 0 and "postgresql+psycopg://hangup@127.0.0.1" in on_pg.stdout
    down = run("db", "upgrade", data_dir=tmp_path, database_url="postgresql://nobody@127.0.0.1:1/none")
    assert down.returncode == 2 and "hangup: error: cannot read the case store" in down.stderr
    assert "Connection refused" in down.stderr and "sqlalche.me" not in down.stderr
