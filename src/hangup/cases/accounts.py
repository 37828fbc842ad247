"""Analyst and admin accounts: add, remove, reset a password, unlock, list.

Roles: ``analyst`` reads and works cases (reports, campaigns, statistics, exports); ``admin`` may
also manage accounts and the retention of personal data. ``hangup users`` and the admin pages use
this module; every change is written to the audit log with who made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hangup.cases import audit
from hangup.cases.analystmodels import AnalystSession, AnalystUser, LoginFailure
from hangup.cases.models import utcnow
from hangup.cases.passwords import check_strength, hash_password
from hangup.cases.store import CaseStore
from hangup.errors import AccountError

Role = Literal["analyst", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")


@dataclass(frozen=True, slots=True)
class Account:
    """An account as shown (never its password hash)."""

    id: int
    username: str
    role: str
    created_at: datetime
    last_login_at: datetime | None
    locked_until: datetime | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def canonical_username(name: str) -> str:
    """The user name as stored: trimmed, lower case."""
    return name.strip().lower()


def _valid_username(name: str) -> str:
    username = canonical_username(name)
    if not USERNAME.match(username):
        raise AccountError("a user name is 2 to 64 of a-z 0-9 . _ @ -, starting with a letter or digit")
    return username


def to_account(row: AnalystUser, locked_until: datetime | None = None) -> Account:
    return Account(row.id, row.username, row.role, row.created_at, row.last_login_at, locked_until)


class Accounts:
    """Account management over a case store."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store
        self.settings = store.settings

    def add(self, username: str, password: str, role: str, *, actor: str) -> Account:
        """A new account; :class:`AccountError` if the name is taken or invalid, or the password weak."""
        name = _valid_username(username)
        if role not in ROLES:
            raise AccountError(f"the role must be one of {', '.join(ROLES)}")
        check_strength(password, name, self.settings.analyst_min_password_length)
        hashed = hash_password(password, self.settings)
        with self.store.session(write=True) as session:
            if session.scalar(select(AnalystUser.id).where(AnalystUser.username == name)) is not None:
                raise AccountError(f"there is already an account called {name!r}")
            row = AnalystUser(username=name, password_hash=hashed, role=role)
            session.add(row)
            audit.record(session, actor, "user_add", name, {"role": role})
            session.flush()
            return to_account(row)

    def _get(self, session: Session, username: str) -> AnalystUser:
        row = session.scalars(
            select(AnalystUser).where(AnalystUser.username == canonical_username(username))
        ).one_or_none()
        if row is None:
            raise AccountError(f"there is no account called {canonical_username(username)!r}")
        return row

    def remove(self, username: str, *, actor: str) -> None:
        """Delete the account and end its sessions (the audit log keeps its name)."""
        with self.store.session(write=True) as session:
            row = self._get(session, username)
            session.execute(delete(AnalystSession).where(AnalystSession.user_id == row.id))
            session.delete(row)
            audit.record(session, actor, "user_remove", row.username)

    def reset_password(self, username: str, password: str, *, actor: str) -> None:
        """Set a new password, unlock the account and sign it out everywhere."""
        with self.store.session() as session:
            name = self._get(session, username).username
        check_strength(password, name, self.settings.analyst_min_password_length)
        hashed = hash_password(password, self.settings)
        with self.store.session(write=True) as session:
            row = self._get(session, name)
            row.password_hash = hashed
            row.password_changed_at = utcnow()
            session.execute(delete(AnalystSession).where(AnalystSession.user_id == row.id))
            session.execute(delete(LoginFailure).where(LoginFailure.username == row.username))
            audit.record(session, actor, "user_reset", row.username)

    def unlock(self, username: str, *, actor: str) -> None:
        """Forget the failed sign-ins of ``username`` (an account or not)."""
        name = canonical_username(username)
        with self.store.session(write=True) as session:
            session.execute(delete(LoginFailure).where(LoginFailure.username == name))
            audit.record(session, actor, "user_unlock", name)

    def list_all(self) -> list[Account]:
        """Every account, by name, with the time its lock ends if it is locked now."""
        now = utcnow()
        with self.store.session() as session:
            locks = {
                f.username: f.locked_until for f in session.scalars(select(LoginFailure))
                if f.locked_until is not None and f.locked_until > now
            }
            rows = session.scalars(select(AnalystUser).order_by(AnalystUser.username)).all()
            return [to_account(r, locks.get(r.username)) for r in rows]

    def get(self, username: str) -> Account | None:
        """One account, or None."""
        with self.store.session() as session:
            row = session.scalars(
                select(AnalystUser).where(AnalystUser.username == canonical_username(username))
            ).one_or_none()
            return None if row is None else to_account(row)
