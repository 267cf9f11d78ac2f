"""Baseline: the schema of the release before migrations (commit c7f1236).

It is exactly what `SQLModel.metadata.create_all` made then (tests/fixtures/legacy-c7f1236.sql
is such a database). Like create_all, it makes only the tables a database lacks, each with its
indexes: a database from that release has them all, so it is only stamped with this revision;
one from an older release gets the tables added since, as that release would on open; a new
one gets all. Constraint names follow the models' naming convention; a stamped SQLite
database has the same constraints unnamed.

Timestamps are `DateTime(timezone=True)`, the type under the models' UTC datetime type.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _article() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", String(), nullable=True),
        sa.Column("title", String(), nullable=True),
        sa.Column("url", String(), nullable=True),
        sa.Column("outlet", String(), nullable=True),
        sa.Column("language", String(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        _when("imported_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("article_pkey")),
    )
    op.create_index(op.f("ix_article_ref"), "article", ["ref"], unique=True)
    op.create_index(op.f("ix_article_url"), "article", ["url"], unique=False)


def _matchstate() -> None:
    op.create_table(
        "matchstate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace", String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("matchstate_pkey")),
    )


def _claim() -> None:
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("ref", String(), nullable=True),
        sa.Column("text", String(), nullable=False),
        sa.Column("speaker", String(), nullable=True),
        sa.Column("context", String(), nullable=True),
        sa.Column("language", String(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=True),
        sa.Column("status", String(), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"],
                                name=op.f("claim_article_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("claim_pkey")),
        sa.UniqueConstraint("article_id", "ref", name="uq_claim_article_ref"),
    )
    op.create_index(op.f("ix_claim_article_id"), "claim", ["article_id"], unique=False)
    op.create_index("ix_claim_status", "claim", ["status"], unique=False)


def _claimchange() -> None:
    op.create_table(
        "claimchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("field", String(), nullable=False),
        sa.Column("old_value", String(), nullable=True),
        sa.Column("new_value", String(), nullable=True),
        sa.Column("changed_by", String(), nullable=False),
        _when("changed_at"),
        sa.Column("claim_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"],
                                name=op.f("claimchange_claim_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("claimchange_pkey")),
    )
    op.create_index(op.f("ix_claimchange_claim_id"), "claimchange", ["claim_id"],
                    unique=False)


def _claimnorm() -> None:
    op.create_table(
        "claimnorm",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("norm", String(), nullable=False),
        sa.Column("text_hash", String(), nullable=False),
        sa.Column("engine", String(), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], name=op.f("claimnorm_claim_id_fkey")),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("claimnorm_pkey")),
    )


def _duplicatelink() -> None:
    op.create_table(
        "duplicatelink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_a_id", sa.Integer(), nullable=False),
        sa.Column("claim_b_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("level", String(), nullable=False),
        sa.Column("status", String(), nullable=False),
        sa.Column("differences", sa.JSON(), nullable=True),
        _when("created_at"),
        sa.Column("decided_by", String(), nullable=True),
        _when("decided_at", nullable=True),
        sa.ForeignKeyConstraint(["claim_a_id"], ["claim.id"],
                                name=op.f("duplicatelink_claim_a_id_fkey")),
        sa.ForeignKeyConstraint(["claim_b_id"], ["claim.id"],
                                name=op.f("duplicatelink_claim_b_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("duplicatelink_pkey")),
        sa.UniqueConstraint("claim_a_id", "claim_b_id", name="uq_duplicate_pair"),
    )
    op.create_index("ix_duplicate_b", "duplicatelink", ["claim_b_id"], unique=False)
    op.create_index(op.f("ix_duplicatelink_claim_a_id"), "duplicatelink", ["claim_a_id"],
                    unique=False)


def _formchange() -> None:
    op.create_table(
        "formchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        _when("changed_at"),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"],
                                name=op.f("formchange_claim_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("formchange_pkey")),
    )
    op.create_index(op.f("ix_formchange_claim_id"), "formchange", ["claim_id"], unique=False)


def _source() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("url", String(), nullable=False),
        sa.Column("title", String(), nullable=True),
        sa.Column("note", String(), nullable=True),
        sa.Column("stance", String(), nullable=False),
        sa.Column("added_by", String(), nullable=False),
        _when("added_at"),
        _when("retracted_at", nullable=True),
        sa.Column("retracted_by", String(), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("final_url", String(), nullable=True),
        sa.Column("content_type", String(), nullable=True),
        sa.Column("content_hash", String(), nullable=True),
        _when("checked_at", nullable=True),
        sa.Column("error", String(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], name=op.f("source_claim_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("source_pkey")),
    )
    op.create_index(op.f("ix_source_claim_id"), "source", ["claim_id"], unique=False)


def _verdict() -> None:
    op.create_table(
        "verdict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("rating", String(), nullable=True),
        sa.Column("rationale", String(), nullable=True),
        sa.Column("reviewer", String(), nullable=False),
        _when("created_at"),
        sa.Column("reused_from_claim_id", sa.Integer(), nullable=True),
        sa.Column("undoes_verdict_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], name=op.f("verdict_claim_id_fkey")),
        sa.ForeignKeyConstraint(["reused_from_claim_id"], ["claim.id"],
                                name=op.f("verdict_reused_from_claim_id_fkey")),
        sa.ForeignKeyConstraint(["undoes_verdict_id"], ["verdict.id"],
                                name=op.f("verdict_undoes_verdict_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("verdict_pkey")),
    )
    op.create_index(op.f("ix_verdict_claim_id"), "verdict", ["claim_id"], unique=False)


# In the order create_all made them (a table after those it refers to).
TABLES = {
    "article": _article,
    "matchstate": _matchstate,
    "claim": _claim,
    "claimchange": _claimchange,
    "claimnorm": _claimnorm,
    "duplicatelink": _duplicatelink,
    "formchange": _formchange,
    "source": _source,
    "verdict": _verdict,
}


def upgrade() -> None:
    existing: set[str] = set()
    if not op.get_context().as_sql:
        existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in TABLES.items():
        if name not in existing:
            create()


def downgrade() -> None:
    for name in ("verdict", "source", "formchange", "duplicatelink", "claimnorm",
                 "claimchange", "claim", "matchstate", "article"):
        op.drop_table(name)  # its indexes go with it
