"""Desk settings stored with the database (DeskSetting): the publishing organisation and the
review URL template of ClaimReview exports, shared by every reviewer of a team database.

A new table: no existing row changes. Rows are only added (the newest per key is the value),
so a setting's earlier values are kept.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "desksetting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=True),
        sa.Column("set_by", sa.String(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("desksetting_pkey")),
    )
    op.create_index(op.f("ix_desksetting_key"), "desksetting", ["key"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_desksetting_key"), table_name="desksetting")
    op.drop_table("desksetting")
