"""The case store's tables (SQLAlchemy 2, typed ORM).

- ``reports``: the case facts, one row per report, with the engine's verdict on it (strongest of
  the message and the readable attachments), its status for analysts (new, reviewed, linked,
  closed), the hash of the reporter's secret and the idempotency key of the submission.
- ``contacts``: the reporter's consent and contact details, personal data kept apart from the facts
  (one row per report at most, deleted on its own; ``reports.personal_data_deleted_at`` records it).
- ``indicators``: normalised indicators (type, normalised value) per report, from what the reporter
  typed and from what the engine found, indexed on (type, normalized) for linking reports.
- ``analyses``: one engine verdict per analysed source (the message, each readable attachment, each
  addition), with its tactics and engine version; ``report_tactics`` holds the strongest score per
  tactic per report, so statistics can group by tactic in SQL.
- ``attachments`` + ``attachment_blobs``: evidence metadata, and the bytes in their own table so
  listing never loads them. Bytes live in the database so a report and its evidence commit or fail
  together (no orphaned or missing files after a crash) and a PostgreSQL store serves every web
  worker without a shared disk.
- ``additions``: information the reporter added later with their secret.

Timestamps are timezone-aware UTC. The schema is created by the Alembic migrations in
``hangup/cases/migrations``, never by ``create_all``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of the case store."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Report(Base):
    """One report: the case facts and the engine's verdict. No personal data of the reporter."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    via: Mapped[str] = mapped_column(String(8))

    channel: Mapped[str] = mapped_column(String(16), index=True)
    contacted_at: Mapped[datetime | None]
    claimed_organisation: Mapped[str | None] = mapped_column(String(200))
    phone_numbers: Mapped[list[Any]] = mapped_column(default=list)
    emails: Mapped[list[Any]] = mapped_column(default=list)
    websites: Mapped[list[Any]] = mapped_column(default=list)
    remote_access_given: Mapped[bool] = mapped_column(Boolean, default=False)
    remote_access_tool: Mapped[str | None] = mapped_column(String(200))
    remote_access_id: Mapped[str | None] = mapped_column(String(200))
    money_lost: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # hundredths of the currency unit (pence, cents): exact sums on every backend, SQLite has no decimal type
    amount_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    payment_method: Mapped[str | None] = mapped_column(String(16))
    paid_to_account_number: Mapped[str | None] = mapped_column(String(34))
    paid_to_sort_code: Mapped[str | None] = mapped_column(String(8))
    paid_to_iban: Mapped[str | None] = mapped_column(String(34))
    paid_to_card_merchant: Mapped[str | None] = mapped_column(String(200))
    paid_to_gift_card_type: Mapped[str | None] = mapped_column(String(200))
    paid_to_crypto_wallet: Mapped[str | None] = mapped_column(String(120))
    suspicious_because: Mapped[str | None] = mapped_column(Text)
    message_text: Mapped[str | None] = mapped_column(Text)
    age_band: Mapped[str | None] = mapped_column(String(24))
    area: Mapped[str | None] = mapped_column(String(200))

    verdict: Mapped[str | None] = mapped_column(String(16))
    score: Mapped[float | None] = mapped_column(Float)
    category: Mapped[str | None] = mapped_column(String(32))
    tactics: Mapped[list[Any]] = mapped_column(default=list)
    engine_version: Mapped[str | None] = mapped_column(String(64))

    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    personal_data_deleted_at: Mapped[datetime | None]

    contact: Mapped[Contact | None] = relationship(back_populates="report", cascade="all, delete-orphan")
    indicators: Mapped[list[IndicatorRow]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="IndicatorRow.id"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    analyses: Mapped[list[Analysis]] = relationship(cascade="all, delete-orphan", order_by="Analysis.id")
    report_tactics: Mapped[list[ReportTactic]] = relationship(cascade="all, delete-orphan")
    additions: Mapped[list[Addition]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Addition.id"
    )


class Contact(Base):
    """The reporter's consent and contact details: personal data, deleted on its own."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), unique=True)
    consent_to_contact: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report] = relationship(back_populates="contact")


class IndicatorRow(Base):
    """One normalised indicator of one report. ``source``: reporter, message, attachment or addition."""

    __tablename__ = "indicators"
    __table_args__ = (
        UniqueConstraint("report_id", "type", "normalized", name="uq_indicators_report_type_value"),
        Index("ix_indicators_type_normalized", "type", "normalized"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    normalized: Mapped[str] = mapped_column(String(512))
    value: Mapped[str] = mapped_column(String(512))
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report] = relationship(back_populates="indicators")


class Analysis(Base):
    """The engine's verdict on one source of a report (the message, an attachment, an addition)."""

    __tablename__ = "analyses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(16))
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"))
    addition_id: Mapped[int | None] = mapped_column(ForeignKey("additions.id", ondelete="CASCADE"))
    verdict: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    category: Mapped[str | None] = mapped_column(String(32))
    tactics: Mapped[list[Any]] = mapped_column(default=list)
    engine_version: Mapped[str] = mapped_column(String(64))
    notes: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    attachment: Mapped[Attachment | None] = relationship()
    addition: Mapped[Addition | None] = relationship()


class ReportTactic(Base):
    """The strongest score of one tactic over a report's analyses (for statistics by tactic)."""

    __tablename__ = "report_tactics"
    __table_args__ = (Index("ix_report_tactics_tactic", "tactic"),)

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    tactic: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)


class Addition(Base):
    """Information the reporter added after submitting, with their secret."""

    __tablename__ = "additions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report] = relationship(back_populates="additions")
    attachments: Mapped[list[Attachment]] = relationship(back_populates="addition", order_by="Attachment.id")


class Attachment(Base):
    """Metadata of one evidence file; the bytes are in :class:`AttachmentBlob`."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    addition_id: Mapped[int | None] = mapped_column(ForeignKey("additions.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report] = relationship(back_populates="attachments")
    addition: Mapped[Addition | None] = relationship(back_populates="attachments")
    blob: Mapped[AttachmentBlob] = relationship(cascade="all, delete-orphan", lazy="raise")


class AttachmentBlob(Base):
    """The bytes of one evidence file."""

    __tablename__ = "attachment_blobs"

    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
