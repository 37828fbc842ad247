"""The bulletins' tables (migration 0003), on the case store's declarative base.

- ``bulletins``: one public warning bulletin: its area and period, the figures it was drafted from,
  its state (``draft`` or ``approved``), its current version and the version last approved, by whom
  and when.
- ``bulletin_versions``: every saved text of a bulletin (the generated draft is version 1; each edit
  adds one), with who saved it; an approved version also records who approved it and when. Versions
  are never changed after they are saved, so what was approved stays on record.

User names are copied in (not foreign keys) so the record outlives a removed account, and so admins
working from the command line on the server are named too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hangup.cases.models import Base, utcnow


class Bulletin(Base):
    """A public warning bulletin for one area and period."""

    __tablename__ = "bulletins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area: Mapped[str] = mapped_column(String(200))
    area_name: Mapped[str] = mapped_column(String(200))
    since: Mapped[datetime]
    until: Mapped[datetime | None]
    jurisdiction: Mapped[str] = mapped_column(String(16))
    figures: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    approved_version: Mapped[int | None] = mapped_column(Integer)
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    versions: Mapped[list[BulletinVersion]] = relationship(
        back_populates="bulletin", cascade="all, delete-orphan", order_by="BulletinVersion.number"
    )


class BulletinVersion(Base):
    """One saved text of a bulletin (its structured content as JSON)."""

    __tablename__ = "bulletin_versions"
    __table_args__ = (UniqueConstraint("bulletin_id", "number", name="uq_bulletin_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None]

    bulletin: Mapped[Bulletin] = relationship(back_populates="versions")
