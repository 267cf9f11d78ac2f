"""Second review (VerdictReview): a second reviewer's approval of a verdict, or its return to
the first reviewer with a comment.

A new table: no existing row changes (a verdict without a decision is proposed).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "verdictreview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verdict_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("comment", sa.String(), nullable=True),
        sa.Column("reviewer", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"],
                                name=op.f("verdictreview_claim_id_fkey")),
        sa.ForeignKeyConstraint(["verdict_id"], ["verdict.id"],
                                name=op.f("verdictreview_verdict_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("verdictreview_pkey")),
    )
    op.create_index(op.f("ix_verdictreview_claim_id"), "verdictreview", ["claim_id"],
                    unique=False)
    op.create_index(op.f("ix_verdictreview_verdict_id"), "verdictreview", ["verdict_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_verdictreview_verdict_id"), table_name="verdictreview")
    op.drop_index(op.f("ix_verdictreview_claim_id"), table_name="verdictreview")
    op.drop_table("verdictreview")
