"""Earlier fact-checks by other publishers (EarlierReview) and their change history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session, col

from factcheck.models import DuplicateLink, EarlierReview, EarlierReviewChange, LinkStatus

_CHUNK = 500


def _reviews_where(session: Session, column: Any, values: Sequence[Any]) -> list[EarlierReview]:
    """The reviews whose `column` is one of `values`, read in chunks (bound parameters)."""
    out: list[EarlierReview] = []
    for start in range(0, len(values), _CHUNK):
        chunk = list(values[start:start + _CHUNK])
        out.extend(session.execute(select(EarlierReview).where(column.in_(chunk))).scalars())
    return out


def reviews_by_identity(*, session: Session,
                        identities: Sequence[str]) -> dict[str, EarlierReview]:
    rows = _reviews_where(session, col(EarlierReview.identity), identities)
    return {r.identity: r for r in rows}


def reviews_of_claims(*, session: Session,
                      claim_ids: Sequence[int]) -> dict[int, EarlierReview]:
    """claim id -> its earlier review, for the claims among `claim_ids` that hold one."""
    rows = _reviews_where(session, col(EarlierReview.claim_id), claim_ids)
    return {r.claim_id: r for r in rows}


def earlier_reviews_linked_to(*, session: Session,
                              claim_id: int) -> list[tuple[EarlierReview, DuplicateLink]]:
    """The earlier reviews whose claim the matcher (or a reviewer) linked to `claim_id`, as
    a duplicate not rejected; best score first."""
    link = DuplicateLink
    other = (col(link.claim_a_id) == claim_id) | (col(link.claim_b_id) == claim_id)
    stmt = (select(EarlierReview, link)
            .join(link, or_(col(link.claim_a_id) == col(EarlierReview.claim_id),
                            col(link.claim_b_id) == col(EarlierReview.claim_id)))
            .where(other, col(link.status) != LinkStatus.REJECTED.value,
                   col(EarlierReview.claim_id) != claim_id)
            .order_by(col(link.score).desc(), col(EarlierReview.id)))
    return [(row[0], row[1]) for row in session.execute(stmt)]


def add_review(*, session: Session, review: EarlierReview) -> EarlierReview:
    session.add(review)
    session.flush()
    return review


def record_change(*, session: Session, review_id: int, field: str, old: str | None,
                  new: str | None, changed_by: str) -> None:
    session.add(EarlierReviewChange(review_id=review_id, field=field, old_value=old,
                                    new_value=new, changed_by=changed_by))


def review_changes(*, session: Session, review_id: int) -> list[EarlierReviewChange]:
    rows = session.execute(select(EarlierReviewChange)
                           .where(col(EarlierReviewChange.review_id) == review_id)
                           .order_by(col(EarlierReviewChange.id)))
    return list(rows.scalars())
