"""The desk overview: where the claims stand, who did what, how fast, how much the first and
second reviewers agree. Every figure is an SQL aggregate (store/stats.py); only Cohen's kappa is
worked out here, from the at most 8x8 table of rating pairs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from factcheck.models import RATING_SCALE, ReviewDecision, ReviewState
from factcheck.services.workspace import Workspace
from factcheck.store import stats as db
from factcheck.text import counted


@dataclass(frozen=True)
class ArticleCount:
    article_id: int
    ref: str | None
    title: str | None
    outlet: str | None
    claims: int
    verdicts: int


@dataclass(frozen=True)
class OutletCount:
    outlet: str | None
    claims: int
    verdicts: int


@dataclass(frozen=True)
class ReviewerCount:
    name: str
    verdicts: int
    approvals: int
    returns: int
    assigned: int


@dataclass(frozen=True)
class DayCount:
    day: date
    verdicts: int
    approvals: int


@dataclass(frozen=True)
class Agreement:
    pairs: int
    agreeing: int
    blind_pairs: int
    share: float | None
    kappa: float | None


@dataclass(frozen=True)
class Overview:
    by_status: dict[str, int]
    by_rating: dict[str, int]
    by_article: tuple[ArticleCount, ...]
    by_outlet: tuple[OutletCount, ...]
    by_reviewer: tuple[ReviewerCount, ...]
    review_states: dict[str, int]
    returns_ever: int
    days: tuple[DayCount, ...]
    approved_claims: int
    median_seconds_to_approval: float | None
    agreement: Agreement

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["days"] = [{**d, "day": d["day"].isoformat()} for d in out["days"]]
        return out


def cohen_kappa(pairs: dict[tuple[str, str], int]) -> tuple[int, int, float | None]:
    """(pairs, agreeing, kappa) over the rating scale: (po - pe) / (1 - pe), with pe from the
    two reviewers' marginals; None without pairs or when chance agreement is certain."""
    total = sum(pairs.values())
    agreeing = sum(n for (a, b), n in pairs.items() if a == b)
    if total == 0:
        return 0, 0, None
    first: dict[str, int] = {}
    second: dict[str, int] = {}
    for (a, b), n in pairs.items():
        first[a] = first.get(a, 0) + n
        second[b] = second.get(b, 0) + n
    po = agreeing / total
    pe = sum(first.get(r, 0) * second.get(r, 0) for r in {*first, *second}) / (total * total)
    if pe >= 1:
        return total, agreeing, None
    return total, agreeing, (po - pe) / (1 - pe)


class DeskStats:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def overview(self, days: int = 28, today: date | None = None) -> Overview:
        today = today or datetime.now(UTC).date()
        days = max(1, days)
        with self.workspace.session() as session:
            by_status = db.claims_by_status(session=session)
            rated = db.verdicts_by_rating(session=session)
            articles = db.by_article(session=session)
            outlets = db.by_outlet(session=session)
            verdicts = db.verdicts_by_reviewer(session=session)
            decisions = db.decisions_by_reviewer(session=session)
            assigned = db.assigned_by_name(session=session)
            states = db.review_states(session=session)
            returns = db.returns_ever(session=session)
            verdict_days, approval_days = db.per_day(session=session,
                                                     since=db.window_start(today, days))
            approved, median = db.median_seconds_to_approval(session=session)
            raw_pairs = db.agreement_pairs(session=session)
        names = sorted({*verdicts, *assigned, *(name for name, _ in decisions)})
        reviewers = tuple(
            ReviewerCount(name, verdicts.get(name, 0),
                          decisions.get((name, ReviewDecision.APPROVED.value), 0),
                          decisions.get((name, ReviewDecision.RETURNED.value), 0),
                          assigned.get(name, 0))
            for name in names)
        pairs: dict[tuple[str, str], int] = {}
        for r1, r2, _, n in raw_pairs:
            pairs[(r1, r2)] = pairs.get((r1, r2), 0) + n
        total, agreeing, kappa = cohen_kappa(pairs)
        first_day = today - timedelta(days=days - 1)
        return Overview(
            by_status=dict(sorted(by_status.items())),
            by_rating={r.value: rated.get(r.value, 0) for r in RATING_SCALE},
            by_article=tuple(ArticleCount(*row) for row in articles),
            by_outlet=tuple(OutletCount(*row) for row in outlets),
            by_reviewer=tuple(sorted(reviewers, key=lambda r: (-r.verdicts, r.name))),
            review_states={s.value: states.get(s.value, 0) for s in ReviewState},
            returns_ever=returns,
            days=tuple(DayCount(d, verdict_days.get(d, 0), approval_days.get(d, 0))
                       for d in (first_day + timedelta(days=i) for i in range(days))),
            approved_claims=approved,
            median_seconds_to_approval=median,
            agreement=Agreement(total, agreeing,
                                sum(n for _, _, blind, n in raw_pairs if blind),
                                agreeing / total if total else None, kappa),
        )


def describe_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def describe_agreement(a: Agreement) -> str:
    share = "n/a" if a.share is None else f"{a.share:.0%}"
    kappa = "n/a" if a.kappa is None else f"{a.kappa:.2f}"
    return (f"agreement: {share} of {counted(a.pairs, 'pair')} ({a.blind_pairs} blind), "
            f"Cohen's kappa {kappa}")
