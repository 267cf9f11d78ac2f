"""Claim assignments: who works on a claim (Claim.assignee) and its history (Assignment rows,
only added). Assigning is no review change, so nothing here touches a claim's versions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlmodel import Session, col

from factcheck.models import Article, Assignment, Claim, ClaimStatus, utcnow
from factcheck.store.queries import chunks

# Claims that are no review work: never assigned with their article.
NOT_WORK = (ClaimStatus.DISCARDED.value, ClaimStatus.EARLIER.value)


def work_claims_of_articles(*, session: Session,
                            article_ids: Sequence[int]) -> dict[int, list[tuple[int, str | None]]]:
    """article id -> (claim id, current assignee) of its claims that are review work, in id
    order."""
    out: dict[int, list[tuple[int, str | None]]] = {a: [] for a in article_ids}
    for part in chunks(list(article_ids)):
        stmt = (select(col(Claim.article_id), col(Claim.id), col(Claim.assignee))
                .where(col(Claim.article_id).in_(part), col(Claim.status).not_in(NOT_WORK))
                .order_by(col(Claim.id)))
        for article_id, claim_id, assignee in session.execute(stmt):
            out[int(article_id)].append((int(claim_id), assignee))
    return out


def claim_assignees(*, session: Session,
                    claim_ids: Sequence[int]) -> dict[int, tuple[str, int, str | None, str | None]]:
    """claim id -> (its status, its article id, the article's ref, current assignee), for the
    claims that exist."""
    out: dict[int, tuple[str, int, str | None, str | None]] = {}
    for part in chunks(list(claim_ids)):
        stmt = (select(col(Claim.id), col(Claim.status), col(Claim.article_id), col(Article.ref),
                       col(Claim.assignee))
                .join(Article, col(Article.id) == col(Claim.article_id))
                .where(col(Claim.id).in_(part)))
        for claim_id, status, article_id, ref, assignee in session.execute(stmt):
            out[int(claim_id)] = (status, int(article_id), ref, assignee)
    return out


def set_assignee(*, session: Session, claim_ids: Sequence[int], assignee: str | None,
                 assigned_by: str) -> None:
    """Assign these claims (None: unassign) and record one history row each. The claim's
    version is left alone: assigning must not make anyone's verdict stale."""
    now = utcnow()
    for part in chunks(list(claim_ids)):
        session.execute(update(Claim).where(col(Claim.id).in_(part))
                        .values(assignee=assignee))
    session.add_all([Assignment(claim_id=claim_id, assignee=assignee, assigned_by=assigned_by,
                                created_at=now) for claim_id in claim_ids])


def assignment_history(*, session: Session, claim_id: int) -> list[Assignment]:
    stmt = (select(Assignment).where(col(Assignment.claim_id) == claim_id)
            .order_by(col(Assignment.id)))
    return list(session.execute(stmt).scalars())


def known_assignees(*, session: Session) -> list[str]:
    """Names claims are assigned to now, sorted."""
    stmt = (select(col(Claim.assignee)).where(col(Claim.assignee).is_not(None)).distinct()
            .order_by(col(Claim.assignee)))
    return [name for (name,) in session.execute(stmt)]
