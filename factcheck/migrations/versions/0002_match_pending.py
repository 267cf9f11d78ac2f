"""Claims whose duplicate matching is pending (MatchPending).

An import writes a row per new or edited claim in the transaction that stores the claims, and
the links' transaction removes it: matching cut short by a killed process is finished by the
next import instead of being lost. Claims of an older database were matched on their import
(or had matching off, which `dupes` reports as claims without a normal form): none is queued.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matchpending",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"],
                                name=op.f("matchpending_claim_id_fkey")),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("matchpending_pkey")),
    )


def downgrade() -> None:
    op.drop_table("matchpending")
