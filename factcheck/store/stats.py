"""Aggregate queries behind the desk overview (`factcheck stats`, the TUI's overview screen).

Every figure is one SQL aggregate: nothing here loads claim rows into Python, so the overview
costs the same on 100 claims as on 100,000 (bench/tui_start.py times it). Review work is the
REVIEW_STATUSES claims; `earlier` claims (other publishers') only appear in the status count.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Float, and_, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, col

from factcheck.models import (
    REVIEW_STATUSES,
    Article,
    Claim,
    ReviewDecision,
    ReviewState,
    Verdict,
    VerdictReview,
)

_WORK = [s.value for s in REVIEW_STATUSES]


class seconds_between(FunctionElement[float]):  # noqa: N801 - reads as the SQL function it is
    """`later - earlier` in seconds, as a float: the one dialect-specific expression, so that
    call sites stay neutral."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element: seconds_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (f"((julianday({compiler.process(later, **kw)}) - "
            f"julianday({compiler.process(earlier, **kw)})) * 86400.0)")


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element: seconds_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (f"EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - "
            f"{compiler.process(earlier, **kw)}))")


def _current_verdicts() -> Any:
    """Each review-work claim's newest verdict that has a rating (a NULL rating withdrew it)."""
    latest = (select(col(Verdict.claim_id), func.max(col(Verdict.id)).label("verdict_id"))
              .group_by(col(Verdict.claim_id)).subquery("latest"))
    return (select(col(Verdict.id).label("verdict_id"), col(Verdict.claim_id),
                   col(Verdict.rating), col(Verdict.reviewer), col(Claim.article_id),
                   col(Claim.created_at).label("claim_created"))
            .join(latest, latest.c.verdict_id == col(Verdict.id))
            .join(Claim, col(Claim.id) == col(Verdict.claim_id))
            .where(col(Verdict.rating).is_not(None), col(Claim.status).in_(_WORK))
            .subquery("current"))


def _current_decisions(current: Any) -> Any:
    """The newest decision on each current verdict (none: proposed)."""
    newest = (select(col(VerdictReview.verdict_id),
                     func.max(col(VerdictReview.id)).label("review_id"))
              .group_by(col(VerdictReview.verdict_id)).subquery("newest_review"))
    return (select(current.c.verdict_id, current.c.claim_created,
                   col(VerdictReview.decision), col(VerdictReview.created_at).label("decided"))
            .select_from(current)
            .outerjoin(newest, newest.c.verdict_id == current.c.verdict_id)
            .outerjoin(VerdictReview, col(VerdictReview.id) == newest.c.review_id)
            .subquery("decided"))


def claims_by_status(*, session: Session) -> dict[str, int]:
    stmt = select(col(Claim.status), func.count()).group_by(col(Claim.status))
    return {str(status): int(n) for status, n in session.execute(stmt)}


def verdicts_by_rating(*, session: Session) -> dict[str, int]:
    current = _current_verdicts()
    stmt = select(current.c.rating, func.count()).group_by(current.c.rating)
    return {str(rating): int(n) for rating, n in session.execute(stmt)}


def _per_article_columns() -> tuple[Any, Any]:
    # Two small aggregates joined on the article, not claims outer-joined to the current
    # verdicts: SQLite runs that join as a nested loop over an unindexed subquery (2 s at 20k
    # claims, minutes at 100k).
    current = _current_verdicts()
    claims = (select(col(Claim.article_id), func.count().label("claims"))
              .where(col(Claim.status).in_(_WORK))
              .group_by(col(Claim.article_id)).subquery("claims_per_article"))
    verdicts = (select(current.c.article_id, func.count().label("verdicts"))
                .group_by(current.c.article_id).subquery("verdicts_per_article"))
    return current, (select(claims.c.article_id, claims.c.claims,
                            func.coalesce(verdicts.c.verdicts, 0).label("verdicts"))
                     .outerjoin(verdicts, verdicts.c.article_id == claims.c.article_id)
                     .subquery("per_article"))


def by_article(*, session: Session, limit: int = 10) -> list[tuple[int, str | None, str | None,
                                                                  str | None, int, int]]:
    """(article id, ref, title, outlet, claims, claims with a verdict), most claims first."""
    _, per = _per_article_columns()
    stmt = (select(col(Article.id), col(Article.ref), col(Article.title), col(Article.outlet),
                   per.c.claims, per.c.verdicts)
            .join(per, per.c.article_id == col(Article.id))
            .order_by(per.c.claims.desc(), col(Article.id)).limit(limit))
    return [(i, ref, title, outlet, n, v) for i, ref, title, outlet, n, v in session.execute(stmt)]


def by_outlet(*, session: Session) -> list[tuple[str | None, int, int]]:
    """(outlet, claims, claims with a verdict), most claims first."""
    _, per = _per_article_columns()
    claims = func.sum(per.c.claims)
    stmt = (select(col(Article.outlet), claims, func.sum(per.c.verdicts))
            .join(per, per.c.article_id == col(Article.id))
            .group_by(col(Article.outlet)).order_by(claims.desc(), col(Article.outlet)))
    return [(outlet, int(n), int(v)) for outlet, n, v in session.execute(stmt)]


def verdicts_by_reviewer(*, session: Session) -> dict[str, int]:
    current = _current_verdicts()
    stmt = select(current.c.reviewer, func.count()).group_by(current.c.reviewer)
    return {str(name): int(n) for name, n in session.execute(stmt)}


def decisions_by_reviewer(*, session: Session) -> dict[tuple[str, str], int]:
    """(second reviewer, decision) -> decisions given, on review-work claims."""
    stmt = (select(col(VerdictReview.reviewer), col(VerdictReview.decision), func.count())
            .join(Claim, col(Claim.id) == col(VerdictReview.claim_id))
            .where(col(Claim.status).in_(_WORK))
            .group_by(col(VerdictReview.reviewer), col(VerdictReview.decision)))
    return {(name, decision): n for name, decision, n in session.execute(stmt)}


def assigned_by_name(*, session: Session) -> dict[str, int]:
    stmt = (select(col(Claim.assignee), func.count())
            .where(col(Claim.assignee).is_not(None), col(Claim.status).in_(_WORK))
            .group_by(col(Claim.assignee)))
    return {str(name): int(n) for name, n in session.execute(stmt)}


def review_states(*, session: Session) -> dict[str, int]:
    decided = _current_decisions(_current_verdicts())
    state = func.coalesce(decided.c.decision, ReviewState.PROPOSED.value)
    stmt = select(state, func.count()).group_by(state)
    return {str(s): int(n) for s, n in session.execute(stmt)}


def returns_ever(*, session: Session) -> int:
    stmt = (select(func.count()).select_from(VerdictReview)
            .join(Claim, col(Claim.id) == col(VerdictReview.claim_id))
            .where(col(VerdictReview.decision) == ReviewDecision.RETURNED.value,
                   col(Claim.status).in_(_WORK)))
    return int(session.execute(stmt).scalar_one())


def _day(value: Any) -> date:
    # SQLite's date() gives text, PostgreSQL's a date.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def per_day(*, session: Session, since: datetime) -> tuple[dict[date, int], dict[date, int]]:
    """Verdicts recorded (with a rating) and approvals given per UTC day from `since` on."""
    vday = func.date(col(Verdict.created_at))
    verdicts = (select(vday, func.count())
                .join(Claim, col(Claim.id) == col(Verdict.claim_id))
                .where(col(Verdict.rating).is_not(None), col(Verdict.created_at) >= since,
                       col(Claim.status).in_(_WORK))
                .group_by(vday))
    aday = func.date(col(VerdictReview.created_at))
    approvals = (select(aday, func.count())
                 .join(Claim, col(Claim.id) == col(VerdictReview.claim_id))
                 .where(col(VerdictReview.decision) == ReviewDecision.APPROVED.value,
                        col(VerdictReview.created_at) >= since, col(Claim.status).in_(_WORK))
                 .group_by(aday))
    return ({_day(d): n for d, n in session.execute(verdicts)},
            {_day(d): n for d, n in session.execute(approvals)})


def median_seconds_to_approval(*, session: Session) -> tuple[int, float | None]:
    """(approved claims, median seconds from a claim's import to the approval of its current
    verdict): counted, then the middle one or two read in order (no rows loaded)."""
    decided = _current_decisions(_current_verdicts())
    duration = seconds_between(decided.c.decided, decided.c.claim_created).label("seconds")
    approved = decided.c.decision == ReviewDecision.APPROVED.value
    n = int(session.execute(select(func.count()).select_from(decided).where(approved))
            .scalar_one())
    if n == 0:
        return 0, None
    middle = (select(duration).select_from(decided).where(approved)
              .order_by(duration).offset((n - 1) // 2).limit(1 if n % 2 else 2))
    values = [float(v) for v in session.execute(middle).scalars()]
    return n, sum(values) / len(values)


def agreement_pairs(*, session: Session) -> list[tuple[str, str, bool, int]]:
    """(first rating, second rating, blind, pairs): per verdict, its first decision that is an
    approval or carries the second reviewer's own rating (an approval agrees by definition)."""
    first = (select(col(VerdictReview.verdict_id), func.min(col(VerdictReview.id)).label("rid"))
             .where(or_(col(VerdictReview.decision) == ReviewDecision.APPROVED.value,
                        col(VerdictReview.rating).is_not(None)))
             .group_by(col(VerdictReview.verdict_id)).subquery("first_review"))
    second: ColumnElement[Any] = func.coalesce(col(VerdictReview.rating), col(Verdict.rating))
    blind = case((col(VerdictReview.blind), literal(1)), else_=literal(0))
    stmt = (select(col(Verdict.rating), second, blind, func.count())
            .select_from(first)
            .join(VerdictReview, col(VerdictReview.id) == first.c.rid)
            .join(Verdict, col(Verdict.id) == first.c.verdict_id)
            .join(Claim, and_(col(Claim.id) == col(Verdict.claim_id),
                              col(Claim.status).in_(_WORK)))
            .where(col(Verdict.rating).is_not(None))
            .group_by(col(Verdict.rating), second, blind))
    return [(r1, r2, bool(b), n) for r1, r2, b, n in session.execute(stmt)]


def window_start(today: date, days: int) -> datetime:
    return datetime.combine(today - timedelta(days=days - 1), datetime.min.time(), tzinfo=UTC)


__all__: Sequence[str] = [
    "agreement_pairs", "assigned_by_name", "by_article", "by_outlet", "claims_by_status",
    "decisions_by_reviewer", "median_seconds_to_approval", "per_day", "returns_ever",
    "review_states", "seconds_between", "verdicts_by_rating", "verdicts_by_reviewer",
    "window_start",
]
