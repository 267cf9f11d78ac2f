"""A desk's workflow: assignments, and second reviewers' own ratings (blind mode).

- `assignment`: who each claim was assigned to, by whom and when (rows only added); the
  newest is kept on the claim as `claim.assignee` (NULL: unassigned, as every existing claim
  starts).
- `verdictreview.rating`: the second reviewer's own rating where they gave one (a blind
  verdict, or the rating they would give when returning); `verdictreview.blind`: recorded
  before seeing the first verdict. Existing decisions keep their rows (no rating, not blind).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch mode): rebuilding claim would break the keys pointing at it.
    op.add_column("claim", sa.Column("assignee", sa.String(), nullable=True))
    op.create_index(op.f("ix_claim_assignee"), "claim", ["assignee"], unique=False)
    op.add_column("verdictreview", sa.Column("rating", sa.String(), nullable=True))
    op.add_column("verdictreview", sa.Column("blind", sa.Boolean(), server_default=sa.false(),
                                             nullable=False))
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("assignee", sa.String(), nullable=True),
        sa.Column("assigned_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"],
                                name=op.f("assignment_claim_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("assignment_pkey")),
    )
    op.create_index(op.f("ix_assignment_claim_id"), "assignment", ["claim_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_assignment_claim_id"), table_name="assignment")
    op.drop_table("assignment")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL), as 0004 does.
    op.drop_column("verdictreview", "blind")
    op.drop_column("verdictreview", "rating")
    op.drop_index(op.f("ix_claim_assignee"), table_name="claim")
    op.drop_column("claim", "assignee")
