"""A commit-ordered clock for the matching indexes, and index snapshots stored in the database.

- indexclock: one row (seq = 0); claimnorm.seq and claimembedding.seq, the clock value of
  the transaction that last wrote the row. Every existing row gets 0: an index built from
  the stored rows holds them all, and later writes are stamped 1 and up.
- storedindex / storedindexpart: the lexical and vector index snapshots of a database that is
  not an SQLite file (empty at first; the next index large enough saves them).

Only columns and tables are added: every row is kept as it was. Plain ALTER TABLE ADD COLUMN
(a constant default) on both backends: batch mode would rebuild claimnorm and claimembedding.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    clock = op.create_table(
        "indexclock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("indexclock_pkey")),
    )
    op.bulk_insert(clock, [{"id": 1, "seq": 0}])
    op.add_column("claimnorm", sa.Column("seq", sa.BigInteger(), server_default="0",
                                         nullable=False))
    op.create_index(op.f("ix_claimnorm_seq"), "claimnorm", ["seq"], unique=False)
    op.add_column("claimembedding", sa.Column("seq", sa.BigInteger(), server_default="0",
                                              nullable=False))
    op.create_index("ix_claimembedding_seq", "claimembedding", ["seq", "id"], unique=False)
    op.create_table(
        "storedindex",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("meta", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("storedindex_pkey")),
    )
    op.create_table(
        "storedindexpart",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["name"], ["storedindex.name"],
                                name=op.f("storedindexpart_name_fkey")),
        sa.PrimaryKeyConstraint("name", "part", name=op.f("storedindexpart_pkey")),
    )


def downgrade() -> None:
    op.drop_table("storedindexpart")
    op.drop_table("storedindex")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL), not batch mode: see 0004.
    op.drop_index("ix_claimembedding_seq", table_name="claimembedding")
    op.drop_column("claimembedding", "seq")
    op.drop_index(op.f("ix_claimnorm_seq"), table_name="claimnorm")
    op.drop_column("claimnorm", "seq")
    op.drop_table("indexclock")
