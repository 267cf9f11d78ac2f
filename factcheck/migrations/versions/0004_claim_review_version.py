"""Claim.review_version: the claim version of its last verdict or text change.

A verdict is refused as stale only when the claim's text or verdict changed since the reviewer
loaded it; a source, tag or duplicate decision by someone else no longer counts. An upgraded
claim starts with review_version = version (as strict as before for rows loaded before the
upgrade), so every row is kept and none becomes less protected.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_version", sa.Integer(), server_default="1",
                                      nullable=False))
    op.execute("UPDATE claim SET review_version = version")


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL), not batch mode: rebuilding the
    # claim table would break the foreign keys that point at it.
    op.drop_column("claim", "review_version")
