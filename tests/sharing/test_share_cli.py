"""`hangup bulletin` and `hangup export` as an admin runs them on the server (real processes, SQLite)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import stix2
from pymisp import MISPEvent
from sharing_seed import SCAM_PHONE_E164, Seeded, leaks, seed
from sqlalchemy import select

from hangup.cases.analystmodels import AuditEntry
from hangup.cases.store import CaseStore
from hangup.config import Settings
from hangup.detect.engine import Engine

HANGUP = str(Path(sys.executable).with_name("hangup"))


@pytest.fixture(scope="module")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> tuple[Path, Seeded]:
    folder = tmp_path_factory.mktemp("cli")
    with CaseStore(f"sqlite:///{folder / 'cases.sqlite3'}", settings=Settings(data_dir=folder),  # type: ignore[call-arg]
                   engine=engine) as store:
        store.migrate()
        return folder, seed(store)


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HANGUP_DATA_DIR": str(data_dir), "HANGUP_DATABASE_URL": "",
           "HANGUP_CONFIG": str(data_dir / "absent.toml"), "HANGUP_SHARE_PRODUCER": "Kent Police"}
    proc = subprocess.run([HANGUP, *args], capture_output=True, text=True, timeout=120, check=False, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_bulletin_draft_approve_edit_show(seeded_dir: tuple[Path, Seeded], tmp_path: Path) -> None:
    folder, _ = seeded_dir
    drafted = run(folder, "bulletin", "draft", "--area", "ME1", "--area-name", "Maidstone", "--since", "2026-05-01",
                  "--format", "md", "--by", "analyst1")
    assert drafted.returncode == 0, drafted.stderr
    assert drafted.stdout.startswith("# Warning: computer support scams in Maidstone\n")
    assert "five people in Maidstone" in drafted.stdout and "*Kent Police, " in drafted.stdout
    number = drafted.stderr.split("Draft bulletin ")[1].split()[0]
    assert "hangup bulletin approve" in drafted.stderr

    approved = run(folder, "bulletin", "approve", number, "--by", "inspector2", "--version", "1")
    assert approved.returncode == 0 and f"Bulletin {number} version 1 approved by inspector2" in approved.stdout
    again = run(folder, "bulletin", "approve", number)
    assert again.returncode == 2 and "already approved" in again.stderr

    shown = run(folder, "bulletin", "show", number, "-f", "json")
    content = json.loads(shown.stdout)
    content["headline"] = "Scam calls: <b>beware</b>"
    edited_file = tmp_path / "edited.json"
    edited_file.write_text(json.dumps(content))
    edited = run(folder, "bulletin", "edit", number, str(edited_file), "--version", "1", "--by", "analyst1")
    assert edited.returncode == 0 and "version 2 (draft)" in edited.stdout
    html = run(folder, "bulletin", "show", number, "-f", "html")
    assert "Scam calls: &lt;b&gt;beware&lt;/b&gt;" in html.stdout
    out = tmp_path / "approved.txt"
    kept = run(folder, "bulletin", "show", number, "--approved", "--out", str(out))
    assert kept.returncode == 0 and out.read_text().startswith("Warning: computer support scams in Maidstone\n")

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**content, "summary": []}))
    refused = run(folder, "bulletin", "edit", number, str(bad))
    assert refused.returncode == 2 and "summary" in refused.stderr


def test_exports(seeded_dir: tuple[Path, Seeded], tmp_path: Path) -> None:
    folder, seeded = seeded_dir
    stix_file = tmp_path / "out" / "bundle.json"
    stix_file.parent.mkdir()
    made = run(folder, "export", "--since", "2026-05-01", "--format", "stix", "--out", str(stix_file))
    assert made.returncode == 0, made.stderr
    assert "reports" in made.stderr and "withheld for privacy" in made.stderr
    bundle = stix2.parse(stix_file.read_text(), allow_custom=True)
    assert any(o.get("value") == SCAM_PHONE_E164 for o in bundle.objects)
    assert [p.name for p in stix_file.parent.iterdir()] == ["bundle.json"]  # no temporary file left

    refs = ",".join(seeded.references[i] for i in seeded.campaign)
    misp = run(folder, "export", "--campaign-reports", refs, "--format", "misp", "--out", "-")
    assert misp.returncode == 0, misp.stderr
    event = MISPEvent()
    event.load(misp.stdout)
    assert "3 linked reports" in event.info
    feed = run(folder, "export", "--since", "2026-05-01", "--format", "phone-list", "--min-reports", "3",
               "--out", "-")
    assert feed.stdout == f"{SCAM_PHONE_E164}\n"
    out = run(folder, "export", "--since", "2026-04-01", "--format", "json", "--out", "-")
    assert out.returncode == 0 and leaks(out.stdout) == [] and json.loads(out.stdout)["summary"]["reports"] == 7
    with CaseStore(f"sqlite:///{folder / 'cases.sqlite3'}") as store, store.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert {e.target for e in entries} >= {"stix", "misp", "phone-list"}
    assert all(e.username.startswith("cli:") for e in entries)


@pytest.mark.parametrize(("args", "message"), [
    (["export", "--format", "xml", "--out", "-", "--since", "2026-05-01"], "unknown format 'xml'"),
    (["export", "--format", "csv", "--out", "-", "--since", "2026-13-01"], "--since must be a date"),
    (["export", "--format", "csv", "--out", "/nonexistent/dir/x.csv", "--since", "2026-05-01"], "cannot write"),
    (["bulletin", "show", "999"], "no bulletin has the number 999"),
])
def test_errors_exit_2_with_a_message(seeded_dir: tuple[Path, Seeded], args: list[str], message: str) -> None:
    folder, _ = seeded_dir
    proc = run(folder, *args)
    assert proc.returncode == 2
    assert message in proc.stderr
