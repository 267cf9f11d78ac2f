"""Claim vectors for matching by meaning (ClaimEmbedding).

One row per claim: the encoder's id, the hash of the text it was computed from and the float16
vector. An upgraded database has none yet: `factcheck embed` (or the next import, or `dupes
--rescan`) computes them, and `db status` / `dupes` say how many claims still wait.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claimembedding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("encoder", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("text_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"],
                                name=op.f("claimembedding_claim_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("claimembedding_pkey")),
        sa.UniqueConstraint("claim_id", name=op.f("claimembedding_claim_id_key")),
    )
    with op.batch_alter_table("claimembedding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claimembedding_encoder"), ["encoder"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claimembedding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claimembedding_encoder"))
    op.drop_table("claimembedding")
