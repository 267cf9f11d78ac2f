"""Duplicate links as stored (DuplicateLink, one row per pair with claim_a_id < claim_b_id) and
the claim references results show. Each function takes a keyword-only `session` and none
commits (the caller's unit of work does)."""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlmodel import Session, col

from factcheck.models import (
    Article,
    Claim,
    ClaimNorm,
    DuplicateLink,
    LinkStatus,
    MatchLevel,
    MatchPending,
    utcnow,
)
from factcheck.store.conflicts import insert_rows
from factcheck.store.queries import chunks

# A claim as results name it: (claim id, article ref, claim ref, text, language as declared
# on the claim or else its article)
ClaimRefRow = tuple[int, str | None, str | None, str, str | None]
UNDECIDED = (LinkStatus.AUTO.value, LinkStatus.OPEN.value)


def pair_key(a: int, b: int) -> tuple[int, int]:
    """The two claim ids in the order a link stores them (smaller first)."""
    return (a, b) if a < b else (b, a)


def get_link(*, session: Session, key: tuple[int, int],
             lock: bool = False) -> DuplicateLink | None:
    """The pair's link; with `lock` read afresh with SELECT ... FOR UPDATE, for a write that
    decides on it from what it holds (see queries.get_claim)."""
    stmt = select(DuplicateLink).where(col(DuplicateLink.claim_a_id) == key[0],
                                       col(DuplicateLink.claim_b_id) == key[1])
    if lock:
        # (FOR NO KEY UPDATE: what the UPDATE takes; see queries.get_claim)
        stmt = stmt.with_for_update(key_share=True).execution_options(populate_existing=True)
    return session.execute(stmt).scalars().first()


def links_from(*, session: Session,
               claim_a_ids: Iterable[int]) -> dict[tuple[int, int], DuplicateLink]:
    """The stored links whose smaller claim id is one of these, by pair."""
    found: dict[tuple[int, int], DuplicateLink] = {}
    for part in chunks(sorted(set(claim_a_ids))):
        stmt = select(DuplicateLink).where(col(DuplicateLink.claim_a_id).in_(part))
        for link in session.execute(stmt).scalars():
            found[(link.claim_a_id, link.claim_b_id)] = link
    return found


def insert_links(*, session: Session, rows: Sequence[dict[str, object]]) -> None:
    """Store new links. A pair another matcher stored meanwhile (two imports or rescans
    running at once) is one row still: while undecided it takes these values, as a stored
    undecided link does on a rescan; a reviewer's decision on it stays as it is. Rows go in
    pair order, so two matchers storing overlapping pairs cannot deadlock on them."""
    table = DuplicateLink.__table__  # type: ignore[attr-defined]
    insert_rows(session=session, table=table, rows=sorted(rows, key=_row_pair),
                conflict=("claim_a_id", "claim_b_id"),
                update=("score", "level", "status", "differences"),
                # (not IN: an expanding parameter cannot go into an executemany)
                update_where=or_(*(table.c.status == status for status in UNDECIDED)))


def _row_pair(row: Mapping[str, Any]) -> tuple[int, int]:
    return int(row["claim_a_id"]), int(row["claim_b_id"])


def update_undecided_link(*, session: Session, link_id: int,
                          values: dict[str, object]) -> None:
    """New values for a stored link unless a reviewer decided it meanwhile: the status is
    checked in the UPDATE itself, so a decision committed by another process is kept."""
    session.execute(update(DuplicateLink)
                    .where(col(DuplicateLink.id) == link_id,
                           col(DuplicateLink.status).in_(UNDECIDED))
                    .values(**values))


def prune_undecided(*, session: Session, keep: Container[tuple[int, int]]) -> None:
    """Drop the undecided (auto, open) links whose pair is not in `keep`; a reviewer's
    decision (confirmed, rejected) always stays."""
    undecided = (select(col(DuplicateLink.id), col(DuplicateLink.claim_a_id),
                        col(DuplicateLink.claim_b_id))
                 .where(col(DuplicateLink.status).in_(UNDECIDED)))
    gone = [link_id for link_id, a, b in session.execute(undecided) if (a, b) not in keep]
    for part in chunks(gone):
        session.execute(delete(DuplicateLink).where(col(DuplicateLink.id).in_(part)))


def links_with_status(*, session: Session, statuses: Iterable[str],
                      level: str | None = None) -> list[DuplicateLink]:
    stmt = select(DuplicateLink).where(col(DuplicateLink.status).in_(sorted(statuses)))
    if level:
        stmt = stmt.where(col(DuplicateLink.level) == level)
    return list(session.execute(stmt).scalars())


def links_of_claim(*, session: Session, claim_id: int) -> list[DuplicateLink]:
    stmt = select(DuplicateLink).where(or_(col(DuplicateLink.claim_a_id) == claim_id,
                                           col(DuplicateLink.claim_b_id) == claim_id))
    return list(session.execute(stmt).scalars())


def live_duplicate_links(*, session: Session,
                         claim_ids: Sequence[int]) -> Iterator[tuple[int, int, str, str]]:
    """(claim a, claim b, level, status) of the links touching these claims that count as a
    duplicate: same or suggested and not rejected, or confirmed."""
    duplicate_levels = [MatchLevel.SAME.value, MatchLevel.SUGGESTED.value]
    for part in chunks(sorted(set(claim_ids))):
        stmt = (select(col(DuplicateLink.claim_a_id), col(DuplicateLink.claim_b_id),
                       col(DuplicateLink.level), col(DuplicateLink.status))
                .where(or_(col(DuplicateLink.claim_a_id).in_(part),
                           col(DuplicateLink.claim_b_id).in_(part)))
                .where(col(DuplicateLink.status) != LinkStatus.REJECTED.value)
                .where(or_(col(DuplicateLink.level).in_(duplicate_levels),
                           col(DuplicateLink.status) == LinkStatus.CONFIRMED.value)))
        yield from session.execute(stmt)


def cluster_edges(*, session: Session) -> Iterator[tuple[int, int]]:
    """The pairs that join clusters: linked at `same` (auto) or confirmed by a reviewer."""
    stmt = (select(col(DuplicateLink.claim_a_id), col(DuplicateLink.claim_b_id))
            .where(col(DuplicateLink.status).in_((LinkStatus.AUTO.value,
                                                  LinkStatus.CONFIRMED.value))))
    yield from session.execute(stmt)


def claim_ref_rows(*, session: Session, claim_ids: Iterable[int]) -> Iterator[ClaimRefRow]:
    for part in chunks(sorted(set(claim_ids))):
        stmt = (select(col(Claim.id), col(Article.ref), col(Claim.ref), col(Claim.text),
                       col(Claim.language), col(Article.language))
                .join(Article, col(Article.id) == col(Claim.article_id))
                .where(col(Claim.id).in_(part)))
        for claim_id, article_ref, claim_ref, text, language, article_language in (
                session.execute(stmt)):
            yield claim_id or 0, article_ref, claim_ref, text, language or article_language


# ---------------------------------------------------------------- matching still to do


def queue_matching(*, session: Session, claim_ids: Sequence[int]) -> None:
    """Note these claims as waiting for duplicate matching (idempotent)."""
    queued = set(pending_claim_ids(session=session, among=claim_ids))
    now = utcnow()
    rows = [{"claim_id": claim_id, "queued_at": now}
            for claim_id in sorted(set(claim_ids)) if claim_id not in queued]
    # (one another process queued meanwhile is skipped: it is waiting either way)
    insert_rows(session=session, table=MatchPending.__table__,  # type: ignore[attr-defined]
                rows=rows, conflict=("claim_id",))


def pending_claim_ids(*, session: Session, among: Sequence[int] | None = None) -> list[int]:
    """The claims still waiting for duplicate matching (of `among`, when given)."""
    if among is None:
        stmt = select(col(MatchPending.claim_id)).order_by(col(MatchPending.claim_id))
        return [claim_id for (claim_id,) in session.execute(stmt)]
    found: list[int] = []
    for part in chunks(sorted(set(among))):
        stmt = select(col(MatchPending.claim_id)).where(col(MatchPending.claim_id).in_(part))
        found.extend(claim_id for (claim_id,) in session.execute(stmt))
    return sorted(found)


def matching_done(*, session: Session, claim_ids: Sequence[int] | None) -> None:
    """These claims' links are stored (None: every claim's, after a rescan of all)."""
    if claim_ids is None:
        session.execute(delete(MatchPending))
        return
    for part in chunks(sorted(set(claim_ids))):
        session.execute(delete(MatchPending).where(col(MatchPending.claim_id).in_(part)))


def unmatched_counts(*, session: Session) -> tuple[int, int]:
    """(claims whose matching was cut short, claims never normalised for matching: stored
    with matching off or before it existed)."""
    pending = session.execute(select(func.count()).select_from(MatchPending)).scalar_one()
    without_form = session.execute(
        select(func.count()).select_from(Claim)
        .outerjoin(ClaimNorm, col(ClaimNorm.claim_id) == col(Claim.id))
        .where(col(ClaimNorm.claim_id).is_(None))).scalar_one()
    return int(pending), int(without_form)
