"""The fixed vocabularies: the rating scale, claim statuses, source stances, link statuses
and match levels.

Plain enums without the database stack (the command line offers them as choices before it
opens a database); `factcheck.models` re-exports them beside the tables that store them.
"""

from __future__ import annotations

from enum import StrEnum


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
    def label(self) -> str:
        """The human label, as a published fact-check shows it ("Mostly false")."""
        return self.value.replace("-", " ").capitalize()

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
    # A claim another publisher fact-checked (imported ClaimReview): kept so that the desk's
    # claims are matched against it, never review work and never given the desk's verdict.
    EARLIER = "earlier"


REVIEW_STATUSES: tuple[ClaimStatus, ...] = (
    ClaimStatus.UNREVIEWED,
    ClaimStatus.IN_REVIEW,
    ClaimStatus.REVIEWED,
)


class ReviewState(StrEnum):
    """Where a claim's verdict stands under second review (a desk setting): proposed by its
    reviewer, approved by a second one, returned to the first with a comment, or (blind mode)
    disputed: the second reviewer's own verdict differs and the desk must decide."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    RETURNED = "returned"
    DISPUTED = "disputed"


class ReviewDecision(StrEnum):
    """What a second reviewer decided on a proposed verdict."""

    APPROVED = "approved"
    RETURNED = "returned"
    # Blind mode: the second reviewer's own verdict differs from the first.
    DISPUTED = "disputed"


class Stance(StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


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


class ExportFormat(StrEnum):
    """What `factcheck export` writes."""

    CSV = "csv"
    # schema.org ClaimReview, JSON-LD: a list of ClaimReview objects.
    CLAIMREVIEW = "claimreview"
    # The same in a schema.org DataFeed (the shape Data Commons collects).
    CLAIMREVIEW_FEED = "claimreview-feed"


class ExportInclude(StrEnum):
    """What `export --include` adds to what is exported by default."""

    # Under second review: verdicts not approved yet.
    PROPOSED = "proposed"
