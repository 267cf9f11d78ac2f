"""Data access functions. Each takes a keyword-only `session`; none commits (the caller's unit
of work does). SQL stays dialect-neutral so the same code runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select, update
from sqlmodel import Session, col

from factcheck.errors import NotFoundError, StaleVersionError
from factcheck.models import (
    Article,
    Claim,
    ClaimChange,
    ClaimStatus,
    ReviewState,
    Source,
    Verdict,
    VerdictReview,
    utcnow,
)

# Well under SQLite's and PostgreSQL's bound-parameter limits.
IN_CHUNK = 900


def chunks(values: Sequence[Any], size: int = IN_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class ReviewQueue(StrEnum):
    """A second-review work list, seen from the viewer (ClaimFilter.viewer)."""

    # Verdicts waiting for a second reviewer's decision: proposed, or disputed (a blind
    # verdict differed), by someone other than the viewer.
    TO_APPROVE = "to-approve"
    # The viewer's own verdicts that a second reviewer sent back.
    RETURNED_TO_ME = "returned-to-me"


@dataclass(frozen=True)
class ClaimFilter:
    status: str | None = None
    article_ref: str | None = None
    # A rating, or "none" for claims without a verdict.
    verdict: str | None = None
    language: str | None = None
    search: str | None = None
    claim_ids: tuple[int, ...] | None = None
    # Where the verdict stands under second review (ReviewState value).
    review_state: str | None = None
    # A second-review work list of the viewer's (ReviewQueue).
    queue: ReviewQueue | None = None
    # Who the claim is assigned to; UNASSIGNED ("", never a name) for unassigned claims.
    assignee: str | None = None
    # The reviewer looking at the list: verdicts of theirs that were returned come first (the
    # top of their queue), and in blind review the verdicts they must not see yet are left
    # out of the rows (the service does that). By itself it filters nothing; `queue` reads it.
    viewer: str | None = None


# ClaimFilter.assignee for claims assigned to nobody (a name is never empty).
UNASSIGNED = ""


@dataclass(frozen=True)
class ClaimRow:
    id: int
    article_id: int
    article_ref: str | None
    article_title: str | None
    article_url: str | None
    outlet: str | None
    published: date | None
    claim_ref: str | None
    text: str
    speaker: str | None
    context: str | None
    language: str | None
    status: str
    version: int
    verdict: str | None
    rationale: str | None
    reviewer: str | None
    reviewed_at: datetime | None
    source_count: int
    # Live sources whose last link check found them dead (see factcheck.services.sources).
    dead_source_count: int = 0
    # Where the verdict stands under second review (None: no verdict); see
    # `_review_state_column`.
    review_state: str | None = None
    # Who the claim is assigned to (None: unassigned).
    assignee: str | None = None
    # Blind review: the verdict is left out (verdict, rationale, reviewer and reviewed_at
    # are None) because the viewer must give their own first; see
    # factcheck.services.second_review.hide_verdict.
    verdict_hidden: bool = False


# ---------------------------------------------------------------- articles and claims (import)


def find_articles_by_ref(*, session: Session, refs: Sequence[str]) -> dict[str, Article]:
    found: dict[str, Article] = {}
    for part in chunks(list(refs)):
        for article in session.execute(select(Article).where(col(Article.ref).in_(part))).scalars():
            found[article.ref or ""] = article
    return found


def find_article(
    *, session: Session, ref: str | None, url: str | None, title: str | None, outlet: str | None
) -> Article | None:
    """Article identity: by ref, else url, else title + outlet."""
    if ref:
        stmt = select(Article).where(col(Article.ref) == ref)
    elif url:
        stmt = select(Article).where(col(Article.url) == url).order_by(col(Article.id))
    else:
        outlet_match = (
            col(Article.outlet).is_(None) if outlet is None else col(Article.outlet) == outlet
        )
        stmt = (
            select(Article)
            .where(col(Article.title) == title, outlet_match)
            .order_by(col(Article.id))
        )
    return session.execute(stmt).scalars().first()


def claims_of_articles(*, session: Session, article_ids: Sequence[int]) -> list[Claim]:
    claims: list[Claim] = []
    for part in chunks(list(article_ids)):
        claims.extend(
            session.execute(select(Claim).where(col(Claim.article_id).in_(part))).scalars()
        )
    return claims


def insert_claims(*, session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many claims in one executemany; returns their ids in order."""
    if not rows:
        return []
    now = utcnow()
    for row in rows:
        row.setdefault("created_at", now)
        row.setdefault("updated_at", now)
        row.setdefault("version", 1)
        row.setdefault("status", ClaimStatus.UNREVIEWED.value)
    # The table's Core insert, not the ORM's bulk path: a third faster on 100k rows, and
    # nothing here needs ORM objects.
    table = Claim.__table__  # type: ignore[attr-defined]
    result = session.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True),
                             rows)
    return [row_id for (row_id,) in result]


def claim_changes(*, session: Session, claim_id: int) -> list[ClaimChange]:
    """A claim's text and status changes, oldest first."""
    stmt = (select(ClaimChange).where(col(ClaimChange.claim_id) == claim_id)
            .order_by(col(ClaimChange.id)))
    return list(session.execute(stmt).scalars())


def get_claim(*, session: Session, claim_id: int, lock: bool = False) -> Claim:
    """The claim, or NotFoundError. With `lock` the row is read with SELECT ... FOR UPDATE
    and read afresh: a write that checks the claim's version first (a verdict, a source, an
    edit) holds the row until it commits, so of two writers that loaded the same version one
    writes and the other then reads the new version and is refused as stale. Only this row
    waits, not other claims. (SQLite renders no FOR UPDATE: its write transactions are
    serialized by BEGIN IMMEDIATE already.)

    The lock is PostgreSQL's FOR NO KEY UPDATE, the one the UPDATE of the claim takes anyway:
    unlike FOR UPDATE it does not wait for transactions that only refer to the claim (a
    matcher storing links to it, an import storing its normal form)."""
    claim = (session.get(Claim, claim_id, with_for_update={"key_share": True},
                         populate_existing=True)
             if lock else session.get(Claim, claim_id))
    if claim is None:
        raise NotFoundError(f"no claim with id {claim_id}")
    return claim


# ---------------------------------------------------------------- reading claims with verdicts


def _latest_verdict_ids() -> Any:
    return (
        select(col(Verdict.claim_id), func.max(col(Verdict.id)).label("verdict_id"))
        .group_by(col(Verdict.claim_id))
        .subquery("latest")
    )


def _source_counts() -> Any:
    # Dead as in factcheck.fetch.link_is_dead: an HTTP error status, or checked with no answer.
    dead = or_(col(Source.http_status) >= 400,
               and_(col(Source.http_status).is_(None), col(Source.error).is_not(None)))
    return (
        select(col(Source.claim_id), func.count().label("n"),
               func.sum(case((dead, 1), else_=0)).label("dead"))
        .where(col(Source.retracted_at).is_(None))
        .group_by(col(Source.claim_id))
        .subquery("source_counts")
    )


def _latest_review_ids() -> Any:
    return (
        select(col(VerdictReview.verdict_id), func.max(col(VerdictReview.id)).label("review_id"))
        .group_by(col(VerdictReview.verdict_id))
        .subquery("latest_review")
    )


def _review_state_column(review: Any) -> Any:
    """The current verdict's state: the newest decision on it, else proposed; none without a
    verdict (an undone first verdict has a NULL rating)."""
    return case((col(Verdict.rating).is_(None), None),
                else_=func.coalesce(review.c.decision, ReviewState.PROPOSED.value))


def _claim_rows_select(flt: ClaimFilter) -> Select[*tuple[Any, ...]]:
    return _claim_rows_ranked(flt)[0]


def _claim_rows_ranked(flt: ClaimFilter) -> tuple[Select[*tuple[Any, ...]], Any]:
    """The joined select, and the viewer's queue rank over it: 0 for the viewer's returned
    verdicts (the top of their queue), else 1."""
    latest = _latest_verdict_ids()
    counts = _source_counts()
    latest_review = _latest_review_ids()
    review = select(col(VerdictReview.id), col(VerdictReview.decision)).subquery("review")
    state = _review_state_column(review)
    stmt: Select[*tuple[Any, ...]] = (
        select(
            col(Claim.id),
            col(Claim.article_id),
            col(Article.ref),
            col(Article.title),
            col(Article.url),
            col(Article.outlet),
            col(Article.published),
            col(Claim.ref),
            col(Claim.text),
            col(Claim.speaker),
            col(Claim.context),
            col(Claim.language),
            col(Claim.status),
            col(Claim.version),
            col(Verdict.rating),
            col(Verdict.rationale),
            col(Verdict.reviewer),
            col(Verdict.created_at),
            func.coalesce(counts.c.n, 0),
            func.coalesce(counts.c.dead, 0),
            state,
            col(Claim.assignee),
        )
        .join(Article, col(Article.id) == col(Claim.article_id))
        .outerjoin(latest, latest.c.claim_id == col(Claim.id))
        .outerjoin(Verdict, col(Verdict.id) == latest.c.verdict_id)
        .outerjoin(counts, counts.c.claim_id == col(Claim.id))
        .outerjoin(latest_review, latest_review.c.verdict_id == col(Verdict.id))
        .outerjoin(review, review.c.id == latest_review.c.review_id)
    )
    if flt.review_state:
        stmt = stmt.where(state == flt.review_state)
    if flt.queue is ReviewQueue.TO_APPROVE:
        stmt = stmt.where(state.in_([ReviewState.PROPOSED.value, ReviewState.DISPUTED.value]))
        if flt.viewer:
            stmt = stmt.where(col(Verdict.reviewer) != flt.viewer)
    elif flt.queue is ReviewQueue.RETURNED_TO_ME:
        stmt = stmt.where(state == ReviewState.RETURNED.value)
        if flt.viewer:
            stmt = stmt.where(col(Verdict.reviewer) == flt.viewer)
    rank = case((and_(review.c.decision == ReviewState.RETURNED.value,
                      col(Verdict.reviewer) == flt.viewer), 0), else_=1)
    return _apply_filter(stmt, flt), rank


def _apply_filter(stmt: Select[*tuple[Any, ...]], flt: ClaimFilter) -> Select[*tuple[Any, ...]]:
    if flt.status:
        stmt = stmt.where(col(Claim.status) == flt.status)
    elif flt.claim_ids is None and not flt.article_ref:
        # Other publishers' earlier fact-checks are reference, not the desk's claims: listed
        # when asked for by status (or by id), never among the desk's work.
        stmt = stmt.where(col(Claim.status) != ClaimStatus.EARLIER.value)
    if flt.article_ref:
        stmt = stmt.where(col(Article.ref) == flt.article_ref)
    if flt.language:
        stmt = stmt.where(col(Claim.language) == flt.language)
    if flt.verdict == "none":
        stmt = stmt.where(col(Verdict.rating).is_(None))
    elif flt.verdict:
        stmt = stmt.where(col(Verdict.rating) == flt.verdict)
    if flt.search:
        needle = flt.search.lower()
        stmt = stmt.where(
            or_(
                func.lower(col(Claim.text)).contains(needle, autoescape=True),
                func.lower(func.coalesce(col(Claim.speaker), "")).contains(needle, autoescape=True),
            )
        )
    if flt.claim_ids is not None:
        stmt = stmt.where(col(Claim.id).in_(flt.claim_ids))
    if flt.assignee == UNASSIGNED:
        stmt = stmt.where(col(Claim.assignee).is_(None))
    elif flt.assignee is not None:
        stmt = stmt.where(col(Claim.assignee) == flt.assignee)
    return stmt


def list_claim_rows(
    *, session: Session, flt: ClaimFilter, limit: int | None = None, offset: int = 0
) -> list[ClaimRow]:
    stmt, rank = _claim_rows_ranked(flt)
    if flt.viewer:
        stmt = stmt.order_by(rank)
    stmt = stmt.order_by(col(Claim.id)).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [ClaimRow(*row) for row in session.execute(stmt)]


def _claim_ids_select(flt: ClaimFilter) -> Select[*tuple[Any, ...]]:
    """The filtered claim ids, for counting: the verdict and source-count joins cost ten
    times the scan itself on 100k claims, so they are left out when no filter reads them.
    (A new filter on a joined column must be added to `needs_joins`.)"""
    needs_joins = (flt.verdict is not None or flt.review_state is not None
                   or flt.queue is not None)
    if needs_joins:
        return _claim_rows_select(flt)
    stmt: Select[*tuple[Any, ...]] = select(col(Claim.id)).join(
        Article, col(Article.id) == col(Claim.article_id))
    return _apply_filter(stmt, flt)


def count_claim_rows(*, session: Session, flt: ClaimFilter) -> int:
    stmt = select(func.count()).select_from(_claim_ids_select(flt).subquery())
    return int(session.execute(stmt).scalar_one())


def claim_position(*, session: Session, flt: ClaimFilter, claim_id: int) -> int | None:
    """Index of the claim in the filtered, id-ordered list, or None when the filter hides it."""
    shown = _claim_ids_select(flt).where(col(Claim.id) == claim_id).subquery()
    if not session.execute(select(func.count()).select_from(shown)).scalar_one():
        return None
    if flt.viewer:
        # The viewer's returned verdicts come first: count by (rank, id), as listed.
        stmt, rank = _claim_rows_ranked(flt)
        mine = session.execute(stmt.where(col(Claim.id) == claim_id)
                               .with_only_columns(rank)).scalar_one()
        ahead = stmt.where(
            or_(rank < mine, and_(rank == mine, col(Claim.id) < claim_id))).subquery()
        return int(session.execute(select(func.count()).select_from(ahead)).scalar_one())
    before = _claim_ids_select(flt).where(col(Claim.id) < claim_id).subquery()
    return int(session.execute(select(func.count()).select_from(before)).scalar_one())


def next_claim_id(
    *, session: Session, flt: ClaimFilter, after_id: int, statuses: Sequence[str]
) -> int | None:
    """The first claim after `after_id` (in id order) with one of `statuses`, or None."""
    stmt = (
        _claim_rows_select(flt)
        .where(col(Claim.id) > after_id, col(Claim.status).in_(list(statuses)))
        .with_only_columns(col(Claim.id))
        .order_by(col(Claim.id))
        .limit(1)
    )
    found = session.execute(stmt).scalar_one_or_none()
    return int(found) if found is not None else None


def next_assigned_claim(*, session: Session, flt: ClaimFilter, after_id: int,
                        assignee: str) -> int | None:
    """The first claim after `after_id` (in id order) assigned to `assignee` that needs their
    work: still to review (unreviewed, in review), or its verdict, theirs, was returned."""
    mine = replace(flt, assignee=assignee)
    found = [next_claim_id(session=session, flt=mine, after_id=after_id,
                           statuses=[ClaimStatus.UNREVIEWED.value, ClaimStatus.IN_REVIEW.value])]
    if flt.review_state in (None, ReviewState.RETURNED.value):
        returned = replace(mine, review_state=ReviewState.RETURNED.value)
        stmt = (_claim_rows_select(returned)
                .where(col(Claim.id) > after_id, col(Verdict.reviewer) == assignee)
                .with_only_columns(col(Claim.id)).order_by(col(Claim.id)).limit(1))
        found.append(session.execute(stmt).scalar_one_or_none())
    ids = [int(claim_id) for claim_id in found if claim_id is not None]
    return min(ids) if ids else None


def claim_languages(*, session: Session) -> list[str]:
    stmt = (
        select(col(Claim.language)).where(col(Claim.language).is_not(None))
        .distinct().order_by(col(Claim.language))
    )
    return [language for (language,) in session.execute(stmt)]


def count_by_status(*, session: Session) -> dict[str, int]:
    stmt = select(col(Claim.status), func.count()).group_by(col(Claim.status))
    return {status: int(n) for status, n in session.execute(stmt)}


def sources_by_claim(
    *, session: Session, claim_ids: Sequence[int], include_retracted: bool = False
) -> dict[int, list[Source]]:
    by_claim: dict[int, list[Source]] = defaultdict(list)
    for part in chunks(list(claim_ids)):
        stmt = select(Source).where(col(Source.claim_id).in_(part))
        if not include_retracted:
            stmt = stmt.where(col(Source.retracted_at).is_(None))
        for source in session.execute(stmt.order_by(col(Source.id))).scalars():
            by_claim[source.claim_id].append(source)
    return by_claim


def all_sources_by_claim(*, session: Session) -> dict[int, list[Source]]:
    """Every live source, grouped; one query, for whole-table exports."""
    by_claim: dict[int, list[Source]] = defaultdict(list)
    stmt = select(Source).where(col(Source.retracted_at).is_(None)).order_by(col(Source.id))
    for source in session.execute(stmt).scalars():
        by_claim[source.claim_id].append(source)
    return by_claim


def verdict_history(*, session: Session, claim_id: int) -> list[Verdict]:
    stmt = select(Verdict).where(col(Verdict.claim_id) == claim_id).order_by(col(Verdict.id))
    return list(session.execute(stmt).scalars())


def latest_verdict(*, session: Session, claim_id: int) -> Verdict | None:
    stmt = (
        select(Verdict)
        .where(col(Verdict.claim_id) == claim_id)
        .order_by(col(Verdict.id).desc())
        .limit(1)
    )
    return session.execute(stmt).scalars().first()


# ---------------------------------------------------------------- writes with the version check


class ChangeKind(Enum):
    """What a write does to a claim, which decides what makes it stale (see `bump_version`)."""

    # A verdict, its undo, a new wording: stale when the text or verdict changed since.
    REVIEW = "review"
    # Accepting or discarding a candidate: stale when the text or status changed since.
    STATUS = "status"
    # Anything else (sources, tags): stale when anything changed since.
    OTHER = "other"


def bump_version(
    *, session: Session, claim: Claim, expected_version: int | None, status: str | None = None,
    kind: ChangeKind = ChangeKind.OTHER,
) -> int:
    """Advance the claim's version, refusing when it moved past `expected_version`.

    A REVIEW write also becomes the claim's `review_version` and is refused only when the
    claim's text or verdict changed since the reviewer loaded `expected_version`; a STATUS
    write is refused only when its text or status changed (`status_version`). Another
    reviewer's source, tag or duplicate decision in between is merged, not stale. An OTHER
    write is stale after any change in between. Every write that changes the text (REVIEW) or
    the status becomes the claim's `status_version`.

    The UPDATE compares in SQL, so a concurrent writer in another process cannot slip in
    between the read and the write.
    """
    guard, seen = {
        ChangeKind.REVIEW: (col(Claim.review_version), claim.review_version),
        ChangeKind.STATUS: (col(Claim.status_version), claim.status_version),
        ChangeKind.OTHER: (col(Claim.version), claim.version),
    }[kind]
    strict = kind is ChangeKind.OTHER
    if expected_version is not None and (
            expected_version != seen if strict else seen > expected_version):
        raise _stale(session=session, claim=claim, expected=expected_version)
    # SET reads the row as it was, so version + 1 is the new version (on every dialect).
    new_version = col(Claim.version) + 1
    values: dict[str, Any] = {"version": new_version, "updated_at": utcnow()}
    if kind is ChangeKind.REVIEW:
        values["review_version"] = new_version
        values["status_version"] = new_version
    elif status is not None:
        values["status_version"] = case((col(Claim.status) != status, new_version),
                                        else_=col(Claim.status_version))
    if status is not None:
        values["status"] = status
    condition = col(Claim.id) == claim.id
    if expected_version is not None:
        condition = and_(condition, guard == expected_version if strict
                         else guard <= expected_version)
    result: Any = session.execute(update(Claim).where(condition).values(**values))
    session.refresh(claim)
    if result.rowcount != 1:
        raise _stale(session=session, claim=claim, expected=expected_version or claim.version)
    return claim.version


def _stale(*, session: Session, claim: Claim, expected: int) -> StaleVersionError:
    newest = latest_verdict(session=session, claim_id=claim.id or 0)
    return StaleVersionError(
        claim.id or 0,
        expected,
        claim.version,
        newest.rating if newest else None,
        newest.reviewer if newest else None,
    )


def reused_verdict_sources(*, session: Session, claim_ids: Sequence[int]) -> dict[int, int]:
    """claim id -> the claim its current verdict was reused from, for the claims among
    `claim_ids` whose newest verdict is a reused one."""
    latest = _latest_verdict_ids()
    out: dict[int, int] = {}
    for start in range(0, len(claim_ids), 500):
        chunk = list(claim_ids[start:start + 500])
        stmt = (select(col(Verdict.claim_id), col(Verdict.reused_from_claim_id))
                .join(latest, latest.c.verdict_id == col(Verdict.id))
                .where(col(Verdict.claim_id).in_(chunk),
                       col(Verdict.reused_from_claim_id).is_not(None)))
        out.update({int(a): int(b) for a, b in session.execute(stmt)})
    return out


def claims_by_ids(*, session: Session, claim_ids: Sequence[int]) -> list[Claim]:
    claims: list[Claim] = []
    for part in chunks(list(claim_ids)):
        claims.extend(session.execute(select(Claim).where(col(Claim.id).in_(part))).scalars())
    return claims
