"""Earlier fact-checks by other publishers (EarlierReview, EarlierReviewChange), imported
from ClaimReview or the Fact Check Tools API: each holds a claim (status `earlier`) that the
desk's claims are matched against.

Two new tables: no existing row changes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "earlierreview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.String(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("publisher", sa.String(), nullable=False),
        sa.Column("publisher_site", sa.String(), nullable=True),
        sa.Column("review_url", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("textual_rating", sa.String(), nullable=True),
        sa.Column("rating_value", sa.Float(), nullable=True),
        sa.Column("best_rating", sa.Float(), nullable=True),
        sa.Column("worst_rating", sa.Float(), nullable=True),
        sa.Column("rating", sa.String(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("claim_date", sa.Date(), nullable=True),
        sa.Column("appearance_url", sa.String(), nullable=True),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("imported_by", sa.String(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"],
                                name=op.f("earlierreview_claim_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("earlierreview_pkey")),
        sa.UniqueConstraint("claim_id", name=op.f("earlierreview_claim_id_key")),
        sa.UniqueConstraint("identity", name=op.f("earlierreview_identity_key")),
    )
    op.create_table(
        "earlierreviewchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("old_value", sa.String(), nullable=True),
        sa.Column("new_value", sa.String(), nullable=True),
        sa.Column("changed_by", sa.String(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["earlierreview.id"],
                                name=op.f("earlierreviewchange_review_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("earlierreviewchange_pkey")),
    )
    op.create_index(op.f("ix_earlierreviewchange_review_id"), "earlierreviewchange",
                    ["review_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_earlierreviewchange_review_id"), table_name="earlierreviewchange")
    op.drop_table("earlierreviewchange")
    op.drop_table("earlierreview")
