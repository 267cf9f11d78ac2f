"""Claim vectors as stored (ClaimEmbedding, stamped with the commit-ordered clock: see
store/clock.py). Each function takes a keyword-only `session` and none commits (the caller's
unit of work does)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select, and_, delete, func, or_, select
from sqlmodel import Session, col

from factcheck.models import Claim, ClaimEmbedding, utcnow
from factcheck.store.clock import Stamped, stamp_at_commit
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
    """Store these vectors, replacing a claim's older one (as a new row: see the model),
    stamped with the clock at commit."""
    claim_ids = [claim_id for claim_id, _, _ in vectors]
    for part in chunks(claim_ids):
        session.execute(delete(ClaimEmbedding).where(col(ClaimEmbedding.claim_id).in_(part)))
    now = utcnow()
    rows = [{"claim_id": claim_id, "encoder": encoder, "text_hash": text_hash(text),
             "vector": blob, "created_at": now} for claim_id, text, blob in vectors]
    # A vector another process stored meanwhile for one of these claims (two embedding runs
    # at once) is kept: it was computed from the same text by the same encoder. It is
    # stamped again at this commit all the same, which only makes an index read it again.
    insert_rows(session=session, table=ClaimEmbedding.__table__,  # type: ignore[attr-defined]
                rows=rows, conflict=("claim_id",))
    stamp_at_commit(session=session, table=Stamped.VECTORS, claim_ids=claim_ids)


def vectors_stamped_after(*, session: Session, encoder: str, seq: int,
                          batch: int = 20_000) -> Iterator[list[tuple[int, int, bytes]]]:
    """(clock stamp, claim id, bytes) of this encoder's vectors written after clock value
    `seq`, in (stamp, row id) order, a batch at a time. Paging by that key is safe although
    each batch is its own statement: a stamp seen committed means every smaller one was
    committed before it (store/clock.py), so nothing behind the key can appear later."""
    last_seq, last_id = seq, None
    while True:
        after = (col(ClaimEmbedding.seq) > last_seq if last_id is None else
                 or_(col(ClaimEmbedding.seq) > last_seq,
                     and_(col(ClaimEmbedding.seq) == last_seq,
                          col(ClaimEmbedding.id) > last_id)))
        stmt = (select(col(ClaimEmbedding.seq), col(ClaimEmbedding.id),
                       col(ClaimEmbedding.claim_id), col(ClaimEmbedding.vector))
                .where(after, col(ClaimEmbedding.encoder) == encoder)
                .order_by(col(ClaimEmbedding.seq), col(ClaimEmbedding.id)).limit(batch))
        rows = [(int(q), int(r), int(c), bytes(v)) for q, r, c, v in session.execute(stmt)]
        if not rows:
            return
        yield [(q, c, v) for q, _, c, v in rows]
        last_seq, last_id = rows[-1][0], rows[-1][1]


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


def vectors_stamped_up_to(*, session: Session, encoder: str, seq: int) -> int:
    """How many of this encoder's vectors were written at clock value `seq` or before."""
    return int(session.execute(
        select(func.count()).select_from(ClaimEmbedding)
        .where(col(ClaimEmbedding.seq) <= seq,
               col(ClaimEmbedding.encoder) == encoder)).scalar() or 0)


def claims_with_vectors_stamped_after(*, session: Session, encoder: str,
                                      seq: int) -> list[int]:
    """The claims whose vector from this encoder was written after clock value `seq`."""
    stmt = select(col(ClaimEmbedding.claim_id)).where(col(ClaimEmbedding.seq) > seq,
                                                      col(ClaimEmbedding.encoder) == encoder)
    return [int(c) for (c,) in session.execute(stmt)]
