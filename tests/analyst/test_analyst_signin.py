"""Accounts and signing in (SQLite and PostgreSQL): argon2 hashes, lock-out after repeated failures
(for names with and without an account alike), sessions that end, and `hangup users`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from analystkit import FAST_HASH_ENV, PASSWORD, add_user, analyst_settings
from sqlalchemy import select, update

from hangup.cases.accounts import Accounts
from hangup.cases.analystmodels import AnalystSession, AnalystUser, AuditEntry
from hangup.cases.models import utcnow
from hangup.cases.passwords import hash_password, verify_password
from hangup.cases.signin import SignIn, token_hash
from hangup.cases.store import CaseStore
from hangup.config import Settings
from hangup.errors import AccountError

HANGUP = str(Path(sys.executable).with_name("hangup"))


def _actions(store: CaseStore) -> list[tuple[str, str | None]]:
    with store.session() as session:
        return [(e.action, e.target) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_passwords_are_argon2_hashes(store: CaseStore) -> None:
    add_user(store, "Ann", "admin")
    with store.session() as session:
        row = session.scalars(select(AnalystUser)).one()
    assert row.username == "ann" and row.role == "admin"
    assert row.password_hash.startswith("$argon2id$v=19$m=256,t=1,") and PASSWORD not in row.password_hash
    accounts = Accounts(store)
    with pytest.raises(AccountError, match="already"):
        accounts.add("ANN", PASSWORD, "analyst", actor="t")
    with pytest.raises(AccountError, match="at least 12"):
        accounts.add("bob", "short", "analyst", actor="t")
    with pytest.raises(AccountError, match="role"):
        accounts.add("bob", PASSWORD, "superuser", actor="t")
    with pytest.raises(AccountError, match="user name"):
        accounts.add("b ob!", PASSWORD, "analyst", actor="t")
    with pytest.raises(AccountError, match="not be the user name"):
        accounts.add("bobbybobbybob", "BobbyBobbyBob", "analyst", actor="t")


def test_default_hash_cost_and_rehash_on_sign_in(tmp_path: Path) -> None:
    real = Settings(data_dir=tmp_path)
    hashed = hash_password(PASSWORD, real)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")  # RFC 9106's second recommended profile
    assert verify_password(hashed, PASSWORD, real) and not verify_password(hashed, "nope", real)
    assert not verify_password(None, PASSWORD, real)
    with CaseStore.open(analyst_settings(tmp_path)) as cheap:
        add_user(cheap, "ann")
        with cheap.session(write=True) as session:  # an account made before the cost was raised
            session.execute(update(AnalystUser).values(password_hash=hash_password(PASSWORD, real.model_copy(
                update={"analyst_hash_memory_kib": 128}))))
        assert SignIn(cheap).sign_in("ann", PASSWORD).outcome == "ok"
        with cheap.session() as session:
            assert "$m=256,t=1," in session.scalars(select(AnalystUser.password_hash)).one()  # remade


def test_sign_in_session_and_sign_out(store: CaseStore) -> None:
    add_user(store, "ann")
    signin = SignIn(store)
    assert signin.sign_in("ann", "wrong password!").outcome == "refused"
    result = signin.sign_in(" ANN ", PASSWORD, "127.0.0.1")
    assert result.outcome == "ok" and result.token and result.account and result.account.username == "ann"
    with store.session() as session:
        stored = session.scalars(select(AnalystSession)).one()
    assert stored.token_hash == token_hash(result.token) and result.token not in stored.token_hash
    account = signin.resolve(result.token)
    assert account is not None and account.role == "analyst"
    assert signin.resolve("forged-token") is None and signin.resolve(None) is None and signin.resolve("x" * 500) is None
    signin.sign_out(result.token, account)
    assert signin.resolve(result.token) is None
    assert _actions(store) == [("user_add", "ann"), ("login_failed", "ann"), ("login", "ann"), ("logout", "ann")]


def test_idle_and_old_sessions_end(store: CaseStore) -> None:
    add_user(store, "ann")
    signin = SignIn(store)
    idle = signin.sign_in("ann", PASSWORD).token
    old = signin.sign_in("ann", PASSWORD).token
    assert idle and old
    now = utcnow()
    with store.session(write=True) as session:
        session.execute(update(AnalystSession).where(AnalystSession.token_hash == token_hash(idle))
                        .values(last_seen_at=now - timedelta(minutes=31)))
        session.execute(update(AnalystSession).where(AnalystSession.token_hash == token_hash(old))
                        .values(expires_at=now - timedelta(seconds=1)))
    assert signin.resolve(idle) is None and signin.resolve(old) is None
    with store.session() as session:
        assert session.scalars(select(AnalystSession)).all() == []  # ended sessions are deleted


def test_lock_out_after_repeated_failures(store: CaseStore) -> None:
    settings = store.settings.model_copy(update={"analyst_max_failed_logins": 3, "analyst_lockout_minutes": 10})
    with CaseStore(store.url, settings=settings) as limited:
        add_user(limited, "ann")
        signin = SignIn(limited)
        outcomes = [signin.sign_in("ann", "not the password").outcome for _ in range(3)]
        assert outcomes == ["refused"] * 3
        locked = signin.sign_in("ann", PASSWORD)  # the right password no longer helps
        assert locked.outcome == "locked" and locked.locked_until is not None
        assert timedelta(minutes=9) < locked.locked_until - utcnow() <= timedelta(minutes=10)
        # a name without an account is locked the same way, so the answers do not tell names apart
        assert [signin.sign_in("nobody", "x").outcome for _ in range(4)] == ["refused"] * 3 + ["locked"]
        assert Accounts(limited).list_all()[0].locked_until is not None
        Accounts(limited).reset_password("ann", "a brand new passphrase", actor="admin")
        assert signin.sign_in("ann", "a brand new passphrase").outcome == "ok"
        actions = [a for a, _ in _actions(limited)]
        assert actions.count("login_failed") == 6 and actions.count("login_locked") == 2
        assert actions[-2:] == ["user_reset", "login"]


def test_removing_an_account_ends_its_sessions(store: CaseStore) -> None:
    add_user(store, "ann")
    token = SignIn(store).sign_in("ann", PASSWORD).token
    Accounts(store).remove("ann", actor="admin")
    assert SignIn(store).resolve(token) is None
    with pytest.raises(AccountError, match="no account"):
        Accounts(store).remove("ann", actor="admin")


def _run(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HANGUP_DATA_DIR": str(data_dir), "HANGUP_CONFIG": str(data_dir / "absent.toml"),
           "HANGUP_DATABASE_URL": "", **FAST_HASH_ENV}
    proc = subprocess.run([HANGUP, *args], input=stdin, capture_output=True, text=True, timeout=120, check=False,
                          env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_users_command(tmp_path: Path) -> None:
    added = _run("users", "add", "Ann", "--role", "admin", "--password-stdin", data_dir=tmp_path,
                 stdin=PASSWORD + "\n")
    assert added.returncode == 0 and "Added admin ann" in added.stdout, added.stderr
    weak = _run("users", "add", "bob", "--password-stdin", data_dir=tmp_path, stdin="short\n")
    assert weak.returncode == 2 and "at least 12 characters" in weak.stderr
    reset = _run("users", "reset", "ann", "--password-stdin", data_dir=tmp_path, stdin="another long passphrase\n")
    assert reset.returncode == 0 and "unlocked" in reset.stdout
    with CaseStore.open(analyst_settings(tmp_path)) as store:
        assert SignIn(store).sign_in("ann", "another long passphrase").outcome == "ok"
        Accounts(store).remove("ann", actor="test")
    missing = _run("users", "remove", "ann", data_dir=tmp_path)
    assert missing.returncode == 2 and "no account called 'ann'" in missing.stderr


def test_users_list(tmp_path: Path) -> None:
    from typer.testing import CliRunner  # noqa: PLC0415

    from hangup.cli import app  # noqa: PLC0415

    env = {"HANGUP_DATA_DIR": str(tmp_path), "HANGUP_CONFIG": str(tmp_path / "absent.toml"),
           "HANGUP_DATABASE_URL": "", **FAST_HASH_ENV}
    runner = CliRunner()
    assert "No accounts yet" in runner.invoke(app, ["users", "list"], env=env).output
    with CaseStore.open(analyst_settings(tmp_path)) as store:
        add_user(store, "ann", "admin")
        SignIn(store).sign_in("ann", PASSWORD)
    listed = runner.invoke(app, ["users", "list", "--json"], env=env)
    assert listed.exit_code == 0
    rows = json.loads(listed.output)
    assert [(r["username"], r["role"], r["locked_until"]) for r in rows] == [("ann", "admin", None)]
    assert rows[0]["last_login_at"] is not None
    text = runner.invoke(app, ["users", "list"], env=env).output
    assert text.startswith("ann") and "admin" in text and "never" not in text
