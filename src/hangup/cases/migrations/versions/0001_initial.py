"""The first case store: reports, contacts, indicators, analyses, tactics, additions, attachments.

Revision ID: 0001
Revises:
Create Date: 2026-05-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _report_id() -> sa.Column[object]:
    return sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False)


def _reports() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(32), nullable=False, unique=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("idempotency_key", sa.String(100), nullable=True, unique=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("via", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        _when("contacted_at", nullable=True),
        sa.Column("claimed_organisation", sa.String(200)),
        sa.Column("phone_numbers", sa.JSON(), nullable=False),
        sa.Column("emails", sa.JSON(), nullable=False),
        sa.Column("websites", sa.JSON(), nullable=False),
        sa.Column("remote_access_given", sa.Boolean(), nullable=False),
        sa.Column("remote_access_tool", sa.String(200)),
        sa.Column("remote_access_id", sa.String(200)),
        sa.Column("money_lost", sa.Boolean(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger()),
        sa.Column("currency", sa.String(3)),
        sa.Column("payment_method", sa.String(16)),
        sa.Column("paid_to_account_number", sa.String(34)),
        sa.Column("paid_to_sort_code", sa.String(8)),
        sa.Column("paid_to_iban", sa.String(34)),
        sa.Column("paid_to_card_merchant", sa.String(200)),
        sa.Column("paid_to_gift_card_type", sa.String(200)),
        sa.Column("paid_to_crypto_wallet", sa.String(120)),
        sa.Column("suspicious_because", sa.Text()),
        sa.Column("message_text", sa.Text()),
        sa.Column("age_band", sa.String(24)),
        sa.Column("area", sa.String(200)),
        sa.Column("verdict", sa.String(16)),
        sa.Column("score", sa.Float()),
        sa.Column("category", sa.String(32)),
        sa.Column("tactics", sa.JSON(), nullable=False),
        sa.Column("engine_version", sa.String(64)),
        _when("created_at"),
        _when("updated_at"),
        _when("personal_data_deleted_at", nullable=True),
    )
    for column in ("channel", "created_at", "money_lost", "status"):
        op.create_index(f"ix_reports_{column}", "reports", [column])


def _facts() -> None:
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("consent_to_contact", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(200)),
        sa.Column("email", sa.String(254)),
        sa.Column("phone", sa.String(50)),
        _when("created_at"),
    )
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), primary_key=True),
        _report_id(),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("normalized", sa.String(512), nullable=False),
        sa.Column("value", sa.String(512), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("report_id", "type", "normalized", name="uq_indicators_report_type_value"),
    )
    op.create_index("ix_indicators_report_id", "indicators", ["report_id"])
    op.create_index("ix_indicators_type_normalized", "indicators", ["type", "normalized"])
    op.create_table(
        "report_tactics",
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tactic", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
    )
    op.create_index("ix_report_tactics_tactic", "report_tactics", ["tactic"])
    op.create_table(
        "additions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _report_id(),
        sa.Column("text", sa.Text()),
        _when("created_at"),
    )
    op.create_index("ix_additions_report_id", "additions", ["report_id"])


def _evidence() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        _report_id(),
        sa.Column("addition_id", sa.Integer(), sa.ForeignKey("additions.id", ondelete="CASCADE")),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        _when("created_at"),
    )
    op.create_index("ix_attachments_report_id", "attachments", ["report_id"])
    op.create_index("ix_attachments_sha256", "attachments", ["sha256"])
    op.create_table(
        "attachment_blobs",
        sa.Column("attachment_id", sa.Integer(), sa.ForeignKey("attachments.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "analyses",
        sa.Column("id", sa.Integer(), primary_key=True),
        _report_id(),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("attachment_id", sa.Integer(), sa.ForeignKey("attachments.id", ondelete="CASCADE")),
        sa.Column("addition_id", sa.Integer(), sa.ForeignKey("additions.id", ondelete="CASCADE")),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("category", sa.String(32)),
        sa.Column("tactics", sa.JSON(), nullable=False),
        sa.Column("engine_version", sa.String(64), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        _when("created_at"),
    )
    op.create_index("ix_analyses_report_id", "analyses", ["report_id"])


def upgrade() -> None:
    _reports()
    _facts()
    _evidence()


def downgrade() -> None:
    for table in ("analyses", "attachment_blobs", "attachments", "additions", "report_tactics", "indicators",
                  "contacts", "reports"):
        op.drop_table(table)
