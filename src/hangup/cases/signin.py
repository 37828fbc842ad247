"""Signing analysts in and out: passwords checked with argon2, a lock-out after repeated failures,
and server-side sessions.

A session is a random 256-bit token in a cookie; the database keeps only its SHA-256, when it was
last used and when it ends (``analyst_session_hours`` at most, ``analyst_idle_minutes`` without a
request). Removing an account or resetting its password ends its sessions at once.

Failed sign-ins are counted per user name, whether or not an account has that name, and the answer
and the work done are the same either way, so the sign-in page does not reveal which names exist.
After ``analyst_max_failed_logins`` failures in a row the name is locked for
``analyst_lockout_minutes``: the password is not even checked, so guessing cannot go on.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hangup.cases import audit
from hangup.cases.accounts import Account, canonical_username, to_account
from hangup.cases.analystmodels import AnalystSession, AnalystUser, LoginFailure
from hangup.cases.models import utcnow
from hangup.cases.passwords import hash_password, needs_rehash, verify_password
from hangup.cases.store import CaseStore

logger = logging.getLogger(__name__)

TOUCH_EVERY = timedelta(seconds=60)  # how stale last_seen_at may get before a request writes it
MAX_TOKEN_CHARS = 100


@dataclass(frozen=True, slots=True)
class SignInResult:
    """``ok`` (with the account and the new session's token), ``refused`` or ``locked`` (with until when)."""

    outcome: Literal["ok", "refused", "locked"]
    account: Account | None = None
    token: str | None = None
    locked_until: datetime | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class SignIn:
    """Sign-in, session lookup and sign-out over a case store."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store
        self.settings = store.settings

    @property
    def _lockout(self) -> timedelta:
        return timedelta(minutes=self.settings.analyst_lockout_minutes)

    def sign_in(self, username: str, password: str, client: str | None = None) -> SignInResult:
        """Check the password and open a session, unless the name is locked."""
        name = canonical_username(username)[:64]
        now = utcnow()
        with self.store.session() as session:
            failure = session.get(LoginFailure, name)
            locked_until = failure.locked_until if failure is not None else None
            user = session.scalars(select(AnalystUser).where(AnalystUser.username == name)).one_or_none()
            stored = user.password_hash if user is not None else None
        if locked_until is not None and locked_until > now:
            with self.store.session(write=True) as session:
                audit.record(session, name or "-", "login_locked", name, client=client)
            return SignInResult("locked", locked_until=locked_until)
        if not name or not verify_password(stored, password, self.settings):
            return self._failed(name, client)
        token = secrets.token_urlsafe(32)
        # made before the write transaction: hashing is slow on purpose
        rehashed = hash_password(password, self.settings) if stored and needs_rehash(stored, self.settings) else None
        with self.store.session(write=True) as session:
            row = session.scalars(select(AnalystUser).where(AnalystUser.username == name)).one_or_none()
            if row is None:  # removed while the password was being checked
                return SignInResult("refused")
            if rehashed is not None and row.password_hash == stored:
                row.password_hash = rehashed
            row.last_login_at = now
            session.execute(delete(LoginFailure).where(LoginFailure.username == name))
            session.execute(delete(AnalystSession).where(AnalystSession.expires_at < now))
            session.add(AnalystSession(
                token_hash=token_hash(token), user_id=row.id, created_at=now, last_seen_at=now,
                expires_at=now + timedelta(hours=self.settings.analyst_session_hours), client=client,
            ))
            audit.record(session, name, "login", name, {"role": row.role}, client=client)
            account = to_account(row)
        logger.info("analyst %s signed in", name)
        return SignInResult("ok", account=account, token=token)

    def _failed(self, name: str, client: str | None) -> SignInResult:
        locked: datetime | None = None
        for attempt in range(2):  # a concurrent first failure for the same name may insert the row first
            try:
                with self.store.session(write=True) as session:
                    locked = self._count_failure(session, name)
                    audit.record(session, name or "-", "login_failed", name, client=client)
                break
            except IntegrityError:
                if attempt:
                    raise
        if locked is not None:
            logger.warning("sign-in for %r locked until %s after repeated failures", name, locked)
        return SignInResult("refused", locked_until=locked)

    def _count_failure(self, session: Session, name: str) -> datetime | None:
        now = utcnow()
        row = session.get(LoginFailure, name, with_for_update=True)
        if row is None:
            row = LoginFailure(username=name, failures=0, last_failure_at=now)
            session.add(row)
        elif row.last_failure_at < now - self._lockout:
            row.failures = 0  # an old run of failures does not count against a new one
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= self.settings.analyst_max_failed_logins:
            row.failures = 0
            row.locked_until = now + self._lockout
            return row.locked_until
        return None

    def resolve(self, token: str | None) -> Account | None:
        """The account a session token belongs to, or None (no such session, expired or idle too long)."""
        if not token or len(token) > MAX_TOKEN_CHARS:
            return None
        hashed = token_hash(token)
        now = utcnow()
        idle = timedelta(minutes=self.settings.analyst_idle_minutes)
        with self.store.session() as session:
            found = session.execute(
                select(AnalystSession, AnalystUser).join(AnalystUser, AnalystUser.id == AnalystSession.user_id)
                .where(AnalystSession.token_hash == hashed)
            ).one_or_none()
        if found is None:
            return None
        row, user = found
        if row.expires_at <= now or row.last_seen_at + idle <= now:
            with self.store.session(write=True) as session:
                session.execute(delete(AnalystSession).where(AnalystSession.token_hash == hashed))
            return None
        if now - row.last_seen_at > TOUCH_EVERY:
            with self.store.session(write=True) as session:
                live = session.scalars(select(AnalystSession).where(AnalystSession.token_hash == hashed)).first()
                if live is not None:
                    live.last_seen_at = now
        return to_account(user)

    def sign_out(self, token: str | None, account: Account | None, client: str | None = None) -> None:
        """End the session (and log it)."""
        if not token:
            return
        with self.store.session(write=True) as session:
            hashed = token_hash(token[:MAX_TOKEN_CHARS])
            session.execute(delete(AnalystSession).where(AnalystSession.token_hash == hashed))
            if account is not None:
                audit.record(session, account.username, "logout", account.username, client=client)
