"""Public warning bulletins: drafts, every edited version, and who approved which version when.

Revision ID: 0003
Revises: 0002
Create Date: 2026-05-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "bulletins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("area", sa.String(200), nullable=False),
        sa.Column("area_name", sa.String(200), nullable=False),
        _when("since"),
        _when("until", nullable=True),
        sa.Column("jurisdiction", sa.String(16), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("approved_version", sa.Integer()),
        sa.Column("approved_by", sa.String(64)),
        _when("approved_at", nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        _when("created_at"),
        _when("updated_at"),
    )
    op.create_index("ix_bulletins_status", "bulletins", ["status"])
    op.create_index("ix_bulletins_created_at", "bulletins", ["created_at"])
    op.create_table(
        "bulletin_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("bulletin_id", sa.Integer(), sa.ForeignKey("bulletins.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        _when("created_at"),
        sa.Column("approved_by", sa.String(64)),
        _when("approved_at", nullable=True),
        sa.UniqueConstraint("bulletin_id", "number", name="uq_bulletin_versions_number"),
    )
    op.create_index("ix_bulletin_versions_bulletin_id", "bulletin_versions", ["bulletin_id"])


def downgrade() -> None:
    op.drop_table("bulletin_versions")
    op.drop_table("bulletins")
