"""Retention: a dry run changes nothing; a purge removes victims' personal data and keeps the case
facts (SQLite and PostgreSQL); `hangup cases purge` and `forget` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from analystkit import NOW, analyst_settings, seed
from sqlalchemy import select

from hangup.cases import retention
from hangup.cases.analystmodels import AuditEntry
from hangup.cases.casefile import load_casefile, load_evidence
from hangup.cases.linkrules import load_rules
from hangup.cases.models import Contact, IndicatorRow, Report
from hangup.cases.store import CaseStore

HANGUP = str(Path(sys.executable).with_name("hangup"))
ANN = {"name": "Ann Example", "email": "ann@example.com", "phone": "07911 123456"}
SCAM_PHONE = ("phone", "+448001234567")


def _seed_three(store: CaseStore) -> dict[str, str]:
    return {
        "old": seed(store, created_at=NOW - timedelta(days=400), contact=ANN, channel="email", money_lost=True,
                    amount_minor=19_999, currency="GBP", message_text="Your computer has a virus",
                    indicators=[SCAM_PHONE, ("email", "ann@example.com"), ("phone", "+447911123456")],
                    files=[("mail.eml", "message/rfc822", b"From: scam@example.net\r\n\r\nPay now")]),
        "recent": seed(store, created_at=NOW - timedelta(days=10), contact=ANN, indicators=[SCAM_PHONE]),
        "old_no_contact": seed(store, created_at=NOW - timedelta(days=500), indicators=[SCAM_PHONE]),
    }


def _facts(store: CaseStore, reference: str) -> tuple[object, ...]:
    with store.session() as session:
        row = session.scalars(select(Report).where(Report.reference == reference)).one()
        return row.channel, row.money_lost, row.amount_minor, row.message_text, row.personal_data_deleted_at


def _contacts(store: CaseStore) -> int:
    with store.session() as session:
        return len(session.scalars(select(Contact)).all())


def test_dry_run_then_purge(store: CaseStore) -> None:
    refs = _seed_three(store)
    plan = retention.purge(store, actor="ann", dry_run=True)
    assert [d.reference for d in plan.contacts] == [refs["old"]] and not plan.done
    assert plan.evidence == [] and plan.evidence_cutoff is None  # evidence kept by default
    assert _contacts(store) == 2  # nothing deleted by a dry run

    before = _facts(store, refs["old"])
    done = retention.purge(store, actor="ann")
    assert done.done and [d.reference for d in done.contacts] == [refs["old"]]
    assert _contacts(store) == 1  # the recent report keeps its contact details
    after = _facts(store, refs["old"])
    assert after[:4] == before[:4] == ("email", True, 19_999, "Your computer has a virus")
    assert after[4] is not None and before[4] is None
    with store.session() as session:
        values = set(session.scalars(select(IndicatorRow.normalized)
                                     .join(Report, Report.id == IndicatorRow.report_id)
                                     .where(Report.reference == refs["old"])))
        case = load_casefile(session, load_rules(), refs["old"])
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "purge")).all()
    assert values == {"+448001234567"}  # the victim's own email and phone went with the contact row
    assert case is not None and case.contact is None and case.evidence[0].available
    assert [e.detail["reports"] for e in entries] == [[refs["old"]]] and entries[0].username == "ann"
    assert retention.purge(store, actor="ann").empty  # nothing left to do


def test_evidence_retention(store: CaseStore) -> None:
    refs = _seed_three(store)
    settings = store.settings.model_copy(update={"retention_evidence_days": 30, "retention_personal_data_days": 0})
    with CaseStore(store.url, settings=settings) as timed:
        plan = retention.purge(timed, actor="ann", dry_run=True)
        assert plan.contacts == [] and [d.reference for d in plan.evidence] == [refs["old"]]
        assert "1 evidence file (" in plan.evidence[0].what
        retention.purge(timed, actor="ann")
        with timed.session() as session:
            case = load_casefile(session, load_rules(), refs["old"])
            assert case is not None and case.contact is not None  # contact details kept: 0 days = only on request
            file = case.evidence[0]
            assert not file.available and file.filename == "mail.eml" and file.size > 0
            assert load_evidence(session, refs["old"], file.id) is None


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HANGUP_DATA_DIR": str(data_dir), "HANGUP_CONFIG": str(data_dir / "absent.toml"),
           "HANGUP_DATABASE_URL": ""}
    proc = subprocess.run([HANGUP, *args], capture_output=True, text=True, timeout=120, check=False, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_purge_and_forget_commands(tmp_path: Path) -> None:
    with CaseStore.open(analyst_settings(tmp_path)) as store:
        refs = _seed_three(store)
    dry = _run("cases", "purge", "--dry-run", data_dir=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "1 report(s) would be deleted" in dry.stdout and refs["old"] in dry.stdout and "dry run" in dry.stdout
    real = json.loads(_run("cases", "purge", "--json", data_dir=tmp_path).stdout)
    assert real["contacts"] == [refs["old"]] and real["done"] is True and real["dry_run"] is False
    forget = _run("cases", "forget", refs["recent"].lower(), data_dir=tmp_path)
    assert forget.returncode == 0 and "Personal data deleted" in forget.stdout
    unknown = _run("cases", "forget", "HU-2026-AAAA-BBBB", data_dir=tmp_path)
    assert unknown.returncode == 2 and "hangup: error:" in unknown.stderr
    with CaseStore.open(analyst_settings(tmp_path)) as store:
        assert _contacts(store) == 0
        with store.session() as session:
            actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
            assert actions == ["purge", "delete_personal_data"]
            assert all(e.username.startswith("cli") for e in session.scalars(select(AuditEntry)))
