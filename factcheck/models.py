"""All tables in one module, with the fixed vocabularies (rating scale, statuses, stances).

Timestamps are UTC and time-zone aware; SQLModel stores them so that SQLite and PostgreSQL
read back the same instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint, false
from sqlmodel import AutoString, Field, SQLModel

# The vocabularies live in their own module, so that the command line can offer them as
# choices without loading the database stack; they belong to the models all the same.
from factcheck.vocabulary import (
    RATING_SCALE,
    RATING_VALUES,
    REVIEW_STATUSES,
    ClaimStatus,
    LinkStatus,
    MatchLevel,
    Rating,
    ReviewDecision,
    ReviewState,
    Stance,
)

__all__ = [
    "RATING_SCALE", "RATING_VALUES", "REVIEW_STATUSES", "Article", "Assignment", "Claim",
    "ClaimChange", "ClaimEmbedding", "ClaimNorm", "ClaimStatus", "DeskSetting", "DuplicateLink",
    "EarlierReview", "EarlierReviewChange", "FormChange", "IndexClock", "LinkStatus",
    "MatchLevel", "MatchPending", "MatchState", "Rating", "ReviewDecision", "ReviewState",
    "Source", "Stance", "StoredIndex", "StoredIndexPart", "Verdict", "VerdictReview", "utcnow",
]

# Constraint names, so that a migration can name what it alters or drops. They are the names
# PostgreSQL gives unnamed constraints (a database made before migrations has those), and index
# names are SQLAlchemy's default, which every existing index already has. A constraint or
# index named in a model keeps its name. Set before the first table is defined: names are
# given when a constraint joins its table.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "ck": "%(table_name)s_%(constraint_name)s_check",
    "fk": "%(table_name)s_%(column_0_N_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION


def utcnow() -> datetime:
    return datetime.now(UTC)


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
    # Who imported it (NULL: imported before factcheck recorded it, revision 0007).
    imported_by: str | None = None


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
    # The `version` of the claim's last verdict or text change (a source, tag, candidate or
    # duplicate decision leaves it alone): a verdict is refused as stale only when this moved
    # past the version the reviewer loaded, so another reviewer's new source is merged instead.
    review_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # The `version` of the claim's last text or status change (a verdict, its undo, a new
    # wording, accepting or discarding it, a source that moves it in or out of review):
    # accepting or discarding a candidate is refused as stale only when this moved past the
    # version the reviewer loaded, so another reviewer's source or tag is no conflict.
    status_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # Who imported it (NULL: imported before factcheck recorded it, revision 0007); a later
    # change of its wording upstream is a ClaimChange naming who imported that.
    imported_by: str | None = None
    # Who the claim is assigned to (NULL: unassigned); the current value of its Assignment
    # history, kept on the claim so that "mine" and "unassigned" filter with the claim index.
    # Assigning is no review change: it never bumps `version` or makes a verdict stale.
    assignee: str | None = Field(default=None, index=True)


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
    # The IndexClock value of the transaction that last wrote the form (stamped at its
    # commit, see store/clock.py): an index reads the forms past the last value it took in.
    seq: int = Field(default=0, sa_type=BigInteger, index=True,
                     sa_column_kwargs={"server_default": "0"})


class ClaimEmbedding(SQLModel, table=True):
    """A claim's sentence vector (float16 bytes, unit length) from one encoder, for matching
    by meaning. `text_hash` is the hash of the claim text it was computed from: an edited
    claim, or another encoder, is noticed and the vector computed again.

    `seq` is the IndexClock value of the transaction that wrote the vector (a recomputed
    vector is a new row, stamped again), so an index built before reads the rows past the
    last value it took in, in (seq, id) order.
    """

    __table_args__ = (Index("ix_claimembedding_seq", "seq", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", unique=True)
    encoder: str = Field(index=True)
    text_hash: str
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    seq: int = Field(default=0, sa_type=BigInteger, sa_column_kwargs={"server_default": "0"})


class MatchState(SQLModel, table=True):
    """The database's identity, which a matching index saved beside it must carry to be used
    (a new database at the same path is another workspace)."""

    id: int = Field(default=1, primary_key=True)
    workspace: str


class IndexClock(SQLModel, table=True):
    """One row: a counter bumped by the last statement of every transaction that writes
    normal forms or vectors, whose new value is stamped on the rows it wrote. The row lock
    is held from the bump to the commit, so the values grow in commit order on every backend
    (ids do not: a PostgreSQL sequence hands them out at insert). See store/clock.py."""

    id: int = Field(default=1, primary_key=True)
    seq: int = Field(default=0, sa_type=BigInteger)


class StoredIndex(SQLModel, table=True):
    """A matching index snapshot kept in the database (one that is not an SQLite file: there
    it is a file beside it), so that a new process starts from it instead of rebuilding.
    `meta` is what the snapshot proves it holds (workspace, versions, clock position);
    `digest` (sha256) and `size` cover the parts' bytes in order. A shortcut that is checked
    before use and may be deleted at any time, never a source of truth."""

    name: str = Field(primary_key=True)
    meta: str  # JSON text
    digest: str
    size: int
    saved_at: datetime = Field(default_factory=utcnow)


class StoredIndexPart(SQLModel, table=True):
    """A chunk of a StoredIndex's bytes (values stay well below any driver's limit)."""

    name: str = Field(foreign_key="storedindex.name", primary_key=True)
    part: int = Field(primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class MatchPending(SQLModel, table=True):
    """A stored claim whose duplicate matching has not finished yet. Written in the transaction
    that stores the claim and removed in the one that stores its links, so matching cut short
    (a killed process) is found and finished by the next import, and never silently missing."""

    claim_id: int = Field(foreign_key="claim.id", primary_key=True)
    queued_at: datetime = Field(default_factory=utcnow)


class FormChange(SQLModel, table=True):
    """A stored normal form replaced (its claim edited, or normalised again), kept as a record
    of when. Indexes no longer read it: they follow ClaimNorm.seq, which grows in commit
    order (ids did not, on PostgreSQL)."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    changed_at: datetime = Field(default_factory=utcnow)


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


class DeskSetting(SQLModel, table=True):
    """One value given to a desk setting (the organisation that publishes the desk's checks,
    its review URL template, ...), stored with the database so that a team shares them. The
    newest row of a key is the setting; rows are only added, so every earlier value stays,
    with who set it. A NULL value records that the setting was removed."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True)
    value: str | None = None
    set_by: str
    set_at: datetime = Field(default_factory=utcnow)


class EarlierReview(SQLModel, table=True):
    """A fact-check another publisher made of a claim (imported ClaimReview or Fact Check
    Tools API data), as that publisher gave it: never one of the desk's verdicts. Its claim
    (status `earlier`) holds the text, so the desk's claims are matched against it.

    `identity` is the review's URL (else the publisher and the claim's text): importing the
    same review again finds this row; a changed rating updates it and the old value is kept
    in EarlierReviewChange."""

    id: int | None = Field(default=None, primary_key=True)
    identity: str = Field(unique=True)
    claim_id: int = Field(foreign_key="claim.id", unique=True)
    publisher: str
    publisher_site: str | None = None
    review_url: str | None = None
    title: str | None = None
    textual_rating: str | None = None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    # Our verdict where theirs says it (a value on a stated scale, or one of our labels).
    rating: str | None = None
    review_date: date | None = None
    claim_date: date | None = None
    appearance_url: str | None = None
    language: str | None = None
    imported_by: str
    imported_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class EarlierReviewChange(SQLModel, table=True):
    """An earlier review's field changed by a later import (its rating revised): the value
    before, so the review's history is kept."""

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="earlierreview.id", index=True)
    field: str
    old_value: str | None = None
    new_value: str | None = None
    changed_by: str
    changed_at: datetime = Field(default_factory=utcnow)


class VerdictReview(SQLModel, table=True):
    """A second reviewer's decision on a verdict (second review, a desk setting): approved,
    or returned to its reviewer with a comment. Rows are only added; the newest one for a
    claim's current verdict is where that verdict stands, and a new verdict starts proposed
    again, so every step stays in the claim's trail."""

    id: int | None = Field(default=None, primary_key=True)
    verdict_id: int = Field(foreign_key="verdict.id", index=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    decision: str
    comment: str | None = None
    reviewer: str
    created_at: datetime = Field(default_factory=utcnow)
    # The second reviewer's own rating where they gave one: in blind mode (their verdict,
    # recorded before seeing the first; `comment` is then their rationale), or the rating they
    # would give when returning a verdict. Agreement figures rest on these, and on approvals.
    rating: str | None = None
    # Recorded blind: the second reviewer had not seen the first verdict.
    blind: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class Assignment(SQLModel, table=True):
    """Who a claim was assigned to, by whom, when: rows are only added (NULL assignee: the
    claim was unassigned); the newest is Claim.assignee."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    assignee: str | None = None
    assigned_by: str
    created_at: datetime = Field(default_factory=utcnow)
