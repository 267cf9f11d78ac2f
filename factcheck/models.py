"""All tables and the fixed vocabularies (rating scale, statuses, stances) in one module.

Timestamps are UTC and time-zone aware; SQLModel stores them so that SQLite and PostgreSQL
read back the same instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import AutoString, Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Rating(StrEnum):
    """The rating scale, in the order the TUI maps to keys 1-8."""

    TRUE = "true"
    MOSTLY_TRUE = "mostly-true"
    MIXED = "mixed"
    MOSTLY_FALSE = "mostly-false"
    FALSE = "false"
    MISLEADING = "misleading"
    UNPROVEN = "unproven"
    NOT_CHECKABLE = "not-checkable"

    @property
    def value_number(self) -> int | None:
        """Numeric value for schema.org ClaimReview: true=5 .. false=1, none for the rest."""
        return RATING_VALUES.get(self)


RATING_SCALE: tuple[Rating, ...] = tuple(Rating)
RATING_VALUES: dict[Rating, int] = {
    Rating.TRUE: 5,
    Rating.MOSTLY_TRUE: 4,
    Rating.MIXED: 3,
    Rating.MOSTLY_FALSE: 2,
    Rating.FALSE: 1,
}


class ClaimStatus(StrEnum):
    # candidate/discarded are for claims pulled out of an article that a reviewer has not yet
    # accepted; only the first three count as review work.
    UNREVIEWED = "unreviewed"
    IN_REVIEW = "in_review"
    REVIEWED = "reviewed"
    CANDIDATE = "candidate"
    DISCARDED = "discarded"


REVIEW_STATUSES: tuple[ClaimStatus, ...] = (
    ClaimStatus.UNREVIEWED,
    ClaimStatus.IN_REVIEW,
    ClaimStatus.REVIEWED,
)


class Stance(StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # ref is the caller's external id; NULL is allowed (identity then falls back to url or
    # title+outlet) and both SQLite and PostgreSQL let several NULLs share a unique column.
    ref: str | None = Field(default=None, unique=True, index=True)
    title: str | None = None
    url: str | None = Field(default=None, index=True)
    outlet: str | None = None
    language: str | None = None
    published: date | None = None
    imported_at: datetime = Field(default_factory=utcnow)


class Claim(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("article_id", "ref", name="uq_claim_article_ref"),
        Index("ix_claim_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    ref: str | None = None
    text: str
    speaker: str | None = None
    context: str | None = None
    language: str | None = None
    tags: list[str] | None = Field(default=None, sa_column=Column(JSON))
    status: str = Field(default=ClaimStatus.UNREVIEWED.value)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # Bumped by every change; writers compare it to refuse a silent overwrite of a newer state.
    version: int = Field(default=1)


class Source(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    url: str
    title: str | None = None
    note: str | None = None
    stance: str = Field(default=Stance.CONTEXT.value)
    added_by: str
    added_at: datetime = Field(default_factory=utcnow)
    # Undo retracts a source instead of deleting it: what a reviewer entered is never lost.
    retracted_at: datetime | None = None
    retracted_by: str | None = None
    # Link check results (filled by the source checker).
    http_status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    content_hash: str | None = None
    checked_at: datetime | None = None
    error: str | None = None


class Verdict(SQLModel, table=True):
    """One entry of a claim's verdict history; the newest one is the claim's verdict.

    A NULL rating records that the verdict was withdrawn (an undo of the first verdict), so the
    history keeps every step instead of deleting rows.
    """

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    rating: str | None = None
    rationale: str | None = None
    reviewer: str
    created_at: datetime = Field(default_factory=utcnow)
    # Set when the verdict was reused from a matching claim checked earlier.
    reused_from_claim_id: int | None = Field(default=None, foreign_key="claim.id")
    # Set when this entry undoes an earlier one.
    undoes_verdict_id: int | None = Field(default=None, foreign_key="verdict.id")


class ClaimNorm(SQLModel, table=True):
    """A claim's normal form for duplicate matching, computed once when the claim is stored.

    `text_hash` is the hash of the claim text it was computed from and `engine` the normaliser
    version, so an edited claim or a newer normaliser is noticed and the form recomputed.
    """

    claim_id: int = Field(foreign_key="claim.id", primary_key=True)
    norm: str
    text_hash: str
    engine: str
    created_at: datetime = Field(default_factory=utcnow)


class MatchState(SQLModel, table=True):
    """The database's identity, which a matching index saved beside it must carry to be used
    (a new database at the same path is another workspace)."""

    id: int = Field(default=1, primary_key=True)
    workspace: str


class FormChange(SQLModel, table=True):
    """A stored normal form replaced (its claim edited, or normalised again): an index built
    before reads these and takes the new forms in. New claims need no entry: their ids are
    past what an index holds."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    changed_at: datetime = Field(default_factory=utcnow)


class LinkStatus(StrEnum):
    AUTO = "auto"  # linked by the matcher at the `same` level
    OPEN = "open"  # a suggestion waiting for a reviewer
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class MatchLevel(StrEnum):
    """How alike two claims are, best first (the match engine decides; see factcheck.match)."""

    SAME = "same"  # the same claim: linked at once
    SUGGESTED = "suggested"  # likely the same claim: a reviewer decides
    RELATED = "related"  # alike, but a checkable fact differs: never a duplicate


class DuplicateLink(SQLModel, table=True):
    """Two claims the matcher found alike, stored once per pair (claim_a_id < claim_b_id).

    A reviewer's decision stays on the row: a rejected pair is never suggested again.
    """

    __table_args__ = (
        UniqueConstraint("claim_a_id", "claim_b_id", name="uq_duplicate_pair"),
        Index("ix_duplicate_b", "claim_b_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_a_id: int = Field(foreign_key="claim.id", index=True)
    claim_b_id: int = Field(foreign_key="claim.id")
    score: float
    # Stored as its plain value in a VARCHAR column (no SQL enum), so the schema stays as it
    # was; a row read back holds the string, which compares equal to the member.
    level: MatchLevel = Field(sa_type=AutoString)
    status: str = Field(default=LinkStatus.OPEN.value)
    differences: list[str] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)
    decided_by: str | None = None
    decided_at: datetime | None = None


class ClaimChange(SQLModel, table=True):
    """One change to a claim outside its verdicts: its text edited, or its status when a
    reviewer accepts or discards an extracted candidate. The claim row holds the newest state;
    these rows keep every earlier one, so nothing a reviewer or an extractor wrote is lost."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    field: str  # "text" | "status"
    old_value: str | None = None
    new_value: str | None = None
    changed_by: str
    changed_at: datetime = Field(default_factory=utcnow)
    claim_version: int  # the claim's version after this change
