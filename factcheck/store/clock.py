"""The matching indexes' commit-ordered clock (IndexClock) and its stamps on ClaimNorm.seq and
ClaimEmbedding.seq.

Why a clock and not ids: an index catches up by reading what was written since it last
looked. Ids cannot tell it: PostgreSQL hands a sequence value out at insert, so transaction A
may take id 100, B id 101, B commits, an index reads up to 101, then A commits, and id 100
is never read. Tracking the holes below the largest id read instead would need every load
to look again for every id skipped (a rolled-back insert leaves one for ever) and a way to
prove it gone.

How it works: a transaction that wrote forms or vectors names the rows (`stamp_at_commit`);
just before it commits, the last statements (`_stamp_before_commit`, a session event) bump
the clock (`UPDATE indexclock SET seq = seq + 1`, reading the new value) and stamp that value
on the rows it wrote. The clock's row lock is held from the bump to the commit, so the next
writer's bump waits for this commit: the values grow in commit order on every backend, and
one seen committed means every smaller one was committed before it. An index that read the
rows past its last value, in one statement, remembers the largest value read and misses
nothing. The lock is held for milliseconds (the stamping updates touch only rows this
transaction already wrote and holds), so parallel writers still do their real work in
parallel. On SQLite writers are serialised anyway; the same code runs there.

Plain SQLAlchemy UPDATE and SELECT: nothing dialect-specific.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from factcheck.models import ClaimEmbedding, ClaimNorm, IndexClock
from factcheck.store.queries import chunks

_PENDING = "factcheck_index_stamps"


class Stamped(Enum):
    """The tables whose rows carry the clock (by claim id: both have one row per claim)."""

    FORMS = "claimnorm"
    VECTORS = "claimembedding"


_CLAIM_KEY: dict[Stamped, Any] = {Stamped.FORMS: ClaimNorm, Stamped.VECTORS: ClaimEmbedding}


def stamp_at_commit(*, session: Session, table: Stamped, claim_ids: Sequence[int]) -> None:
    """These claims' rows of `table` were written in this transaction: stamp them with the
    clock when it commits."""
    if claim_ids:
        pending: dict[Stamped, set[int]] = session.info.setdefault(_PENDING, {})
        pending.setdefault(table, set()).update(claim_ids)


def current(*, session: Session) -> int:
    """The clock's value: every transaction stamped up to it has committed."""
    return int(session.execute(select(col(IndexClock.seq)).where(col(IndexClock.id) == 1))
               .scalar() or 0)


def _advance(session: OrmSession) -> int:
    """Bump the clock and return its new value (the row stays locked until the commit)."""
    bumped = session.execute(update(IndexClock).where(col(IndexClock.id) == 1)
                             .values(seq=col(IndexClock.seq) + 1))
    if not getattr(bumped, "rowcount", 1):
        # Only a database whose row was deleted by hand lacks it (migration 0006 adds it).
        session.execute(insert(IndexClock).values(id=1, seq=1))
    return int(session.execute(select(col(IndexClock.seq))
                               .where(col(IndexClock.id) == 1)).scalar_one())


@event.listens_for(OrmSession, "before_commit")
def _stamp_before_commit(session: OrmSession) -> None:
    pending: dict[Stamped, set[int]] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()  # the ORM's pending rows first: the bump must be the last thing done
    seq = _advance(session)
    for table, claim_ids in pending.items():
        model = _CLAIM_KEY[table]
        for part in chunks(sorted(claim_ids)):
            session.execute(update(model).where(col(model.claim_id).in_(part))
                            .values(seq=seq))


@event.listens_for(OrmSession, "after_soft_rollback")
def _forget_stamps(session: OrmSession, previous_transaction: Any) -> None:
    # The whole transaction rolled back: nothing was written, nothing to stamp at a later
    # commit. (A savepoint's rollback keeps them: stamping a row that is gone is harmless,
    # leaving one of the enclosing transaction unstamped would hide it from every index.)
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
