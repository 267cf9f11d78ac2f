"""Claim vectors as stored (ClaimEmbedding). Each function takes a keyword-only `session`
and none commits (the caller's unit of work does)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select, delete, func, or_, select
from sqlmodel import Session, col

from factcheck.models import Claim, ClaimEmbedding, utcnow
from factcheck.store.conflicts import insert_rows
from factcheck.store.norms import text_hash
from factcheck.store.queries import chunks

# A vector to write: (claim id, the text it was computed from, float16 bytes)
NewVector = tuple[int, str, bytes]


def claims_to_embed(*, session: Session, encoder: str,
                    claim_ids: Sequence[int] | None = None) -> list[tuple[int, str]]:
    """(claim id, text) of the claims (these, or all) with no vector from this encoder, in id
    order. An edited claim has none: `forget_vectors` drops it with the old text's form."""
    rows: list[tuple[int, str]] = []
    parts = chunks(list(claim_ids)) if claim_ids is not None else [None]
    for part in parts:
        stmt: Select[*tuple[Any, ...]] = _without_vector(
            select(col(Claim.id), col(Claim.text)), encoder)
        if part is not None:
            stmt = stmt.where(col(Claim.id).in_(part))
        rows.extend((int(claim_id), text) for claim_id, text in session.execute(stmt))
    rows.sort()
    return rows


def _without_vector(stmt: Select[*tuple[Any, ...]], encoder: str) -> Select[*tuple[Any, ...]]:
    return (stmt.outerjoin(ClaimEmbedding, col(ClaimEmbedding.claim_id) == col(Claim.id))
            .where(or_(col(ClaimEmbedding.claim_id).is_(None),
                       col(ClaimEmbedding.encoder) != encoder))
            .order_by(col(Claim.id)))


def waiting_count(*, session: Session, encoder: str) -> int:
    """How many claims have no vector from this encoder yet."""
    stmt = _without_vector(select(func.count(col(Claim.id))), encoder).order_by(None)
    return int(session.execute(stmt).scalar() or 0)


def forget_vectors(*, session: Session, claim_ids: Sequence[int]) -> None:
    """Drop the vectors of these claims (their text changed): they wait for a new one."""
    for part in chunks(list(claim_ids)):
        session.execute(delete(ClaimEmbedding).where(col(ClaimEmbedding.claim_id).in_(part)))


def write_vectors(*, session: Session, encoder: str, vectors: Sequence[NewVector]) -> None:
    """Store these vectors, replacing a claim's older one (as a new row: see the model)."""
    claim_ids = [claim_id for claim_id, _, _ in vectors]
    for part in chunks(claim_ids):
        session.execute(delete(ClaimEmbedding).where(col(ClaimEmbedding.claim_id).in_(part)))
    now = utcnow()
    rows = [{"claim_id": claim_id, "encoder": encoder, "text_hash": text_hash(text),
             "vector": blob, "created_at": now} for claim_id, text, blob in vectors]
    # A vector another process stored meanwhile for one of these claims (two embedding runs
    # at once) is kept: it was computed from the same text by the same encoder, and a new row
    # would not be "newer" (see the model: readers take rows in by id).
    insert_rows(session=session, table=ClaimEmbedding.__table__,  # type: ignore[attr-defined]
                rows=rows, conflict=("claim_id",))


def vectors_after(*, session: Session, encoder: str, row_id: int,
                  batch: int = 20_000) -> Iterator[list[tuple[int, int, bytes]]]:
    """(row id, claim id, bytes) of this encoder's vectors written after row `row_id`, in
    row order, a batch at a time."""
    last = row_id
    while True:
        stmt = (select(col(ClaimEmbedding.id), col(ClaimEmbedding.claim_id),
                       col(ClaimEmbedding.vector))
                .where(col(ClaimEmbedding.id) > last, col(ClaimEmbedding.encoder) == encoder)
                .order_by(col(ClaimEmbedding.id)).limit(batch))
        rows = [(int(r), int(c), bytes(v)) for r, c, v in session.execute(stmt)]
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def vectors_of(*, session: Session, encoder: str,
               claim_ids: Sequence[int]) -> dict[int, bytes]:
    """The stored vectors of these claims from this encoder."""
    found: dict[int, bytes] = {}
    for part in chunks(list(claim_ids)):
        stmt = (select(col(ClaimEmbedding.claim_id), col(ClaimEmbedding.vector))
                .where(col(ClaimEmbedding.claim_id).in_(part),
                       col(ClaimEmbedding.encoder) == encoder))
        found.update((int(c), bytes(v)) for c, v in session.execute(stmt))
    return found


def vector_rows_held(*, session: Session, encoder: str, up_to: int) -> int:
    """How many of this encoder's vector rows there are up to row `up_to`."""
    return int(session.execute(
        select(func.count()).select_from(ClaimEmbedding)
        .where(col(ClaimEmbedding.id) <= up_to,
               col(ClaimEmbedding.encoder) == encoder)).scalar() or 0)
