"""Who imported each article and claim, and Claim.status_version.

`article.imported_by` and `claim.imported_by` name the reviewer who imported the row (NULL
for rows imported before this revision: nobody recorded it then, and no name is made up).
`claim.status_version` is the claim version of its last text or status change: accepting or
discarding a candidate is refused as stale only when it moved past the version the reviewer
loaded. An upgraded claim starts with status_version = version (as strict as before for rows
loaded before the upgrade), so every row is kept and none becomes less protected.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch mode): rebuilding claim would break the keys pointing at it.
    op.add_column("article", sa.Column("imported_by", sa.String(), nullable=True))
    op.add_column("claim", sa.Column("status_version", sa.Integer(), server_default="1",
                                     nullable=False))
    op.add_column("claim", sa.Column("imported_by", sa.String(), nullable=True))
    op.execute("UPDATE claim SET status_version = version")


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL), as 0004 does.
    op.drop_column("claim", "imported_by")
    op.drop_column("claim", "status_version")
    op.drop_column("article", "imported_by")
