"""The analyst side's tables (migration 0002), on the case store's declarative base.

- ``analyst_users``: analyst and admin accounts; passwords as argon2 hashes only.
- ``analyst_sessions``: signed-in browsers; only the SHA-256 of each session token is kept, so a
  copy of the database does not let anyone sign in.
- ``login_failures``: failed sign-ins per user name (also for names that have no account, so the
  lock-out does not reveal which names exist).
- ``audit_log``: who viewed, changed or exported what, and when. The user name is copied into each
  entry so the trail outlives a removed account.
- ``report_notes``: analysts' notes on a report.
- ``link_decisions``: an analyst confirmed or split a link between reports; linking respects them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hangup.cases.models import Base, utcnow


class AnalystUser(Base):
    """An analyst or admin account."""

    __tablename__ = "analyst_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]


class AnalystSession(Base):
    """One signed-in browser: the hash of its token, its owner, and when it ends."""

    __tablename__ = "analyst_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("analyst_users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    client: Mapped[str | None] = mapped_column(String(64))


class LoginFailure(Base):
    """Failed sign-ins in a row for one user name, and until when it is locked."""

    __tablename__ = "login_failures"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]


class AuditEntry(Base):
    """One thing an analyst (or a command) did: sign in, view, change, export, purge."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_username", "username"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32), index=True)
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    client: Mapped[str | None] = mapped_column(String(64))


class ReportNote(Base):
    """An analyst's note on a report."""

    __tablename__ = "report_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkDecision(Base):
    """An analyst's decision on a link: ``confirm`` or ``split``.

    ``kind`` and ``key`` name the shared indicator as linking sees it (see
    :func:`hangup.cases.linkrules.LinkRules.key`). With ``report_id`` the decision concerns that one
    report's tie to the indicator; without it, the indicator as a whole.
    """

    __tablename__ = "link_decisions"
    __table_args__ = (Index("ix_link_decisions_kind_key", "kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(512))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(8))
    username: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
