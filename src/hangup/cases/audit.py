"""The audit log: who viewed, changed or exported what, and when.

Changes are logged in the same transaction as the change, so a change without its entry (or an
entry without its change) cannot happen. Views and exports are logged before the data is handed out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hangup.cases.analystmodels import AuditEntry

#: Every action written to the log, with what it means (shown on the audit page).
ACTIONS: dict[str, str] = {
    "login": "signed in",
    "login_failed": "failed to sign in",
    "login_locked": "tried to sign in to a locked account",
    "logout": "signed out",
    "list_reports": "listed or searched reports",
    "view_report": "viewed a report",
    "download_evidence": "downloaded an evidence file",
    "change_status": "changed a report's status",
    "add_note": "added a note",
    "view_campaigns": "listed campaigns",
    "view_campaign": "viewed a campaign",
    "link_confirm": "confirmed a link",
    "link_split": "split a link",
    "link_undo": "undid a link decision",
    "view_stats": "viewed statistics",
    "export": "exported data",
    "view_bulletin": "viewed a bulletin",
    "bulletin_draft": "drafted a bulletin",
    "bulletin_save": "saved a bulletin",
    "bulletin_approve": "approved a bulletin",
    "delete_personal_data": "deleted a reporter's personal data",
    "purge": "purged personal data past its retention period",
    "user_add": "added an account",
    "user_remove": "removed an account",
    "user_reset": "reset a password",
    "user_unlock": "unlocked an account",
    "view_audit": "viewed the audit log",
    "view_users": "listed accounts",
}


@dataclass(frozen=True, slots=True)
class AuditItem:
    """One entry as shown."""

    at: datetime
    username: str
    action: str
    target: str | None
    detail: dict[str, Any]
    client: str | None


def record(
    session: Session, username: str, action: str, target: str | None = None, detail: dict[str, Any] | None = None,
    client: str | None = None,
) -> None:
    """Add an entry to ``session`` (committed with the session's transaction)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(AuditEntry(username=username[:64], action=action, target=(target or None) and target[:200],
                           detail=detail or {}, client=(client or None) and client[:64]))


def entries(
    session: Session, *, username: str = "", action: str = "", target: str = "", limit: int = 100, offset: int = 0
) -> tuple[list[AuditItem], int]:
    """The newest entries first (filtered by exact user name, action and target), and how many match."""
    query = select(AuditEntry)
    if username:
        query = query.where(AuditEntry.username == username)
    if action:
        query = query.where(AuditEntry.action == action)
    if target:
        query = query.where(AuditEntry.target == target)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)).all()
    items = [AuditItem(r.at, r.username, r.action, r.target, dict(r.detail or {}), r.client) for r in rows]
    return items, int(total)
