"""Second-review decisions (VerdictReview)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from factcheck.models import VerdictReview


def latest_decision(*, session: Session, verdict_id: int) -> VerdictReview | None:
    stmt = (select(VerdictReview).where(col(VerdictReview.verdict_id) == verdict_id)
            .order_by(col(VerdictReview.id).desc()).limit(1))
    return session.execute(stmt).scalars().first()


def decisions_of_claim(*, session: Session, claim_id: int) -> list[VerdictReview]:
    stmt = (select(VerdictReview).where(col(VerdictReview.claim_id) == claim_id)
            .order_by(col(VerdictReview.id)))
    return list(session.execute(stmt).scalars())
