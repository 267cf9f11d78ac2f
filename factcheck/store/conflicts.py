"""Concurrent writers converging: the advisory locks and the INSERT ... ON CONFLICT that let two
processes store the same identity (an article, a duplicate pair, a claim's derived rows) and
end with one row, instead of one of them failing on a unique constraint.

The dialect-specific statements concurrent writers need live here, each in one small function
that branches on the dialect:

- `advisory_lock`: PostgreSQL's `pg_advisory_xact_lock`. SQLite needs none: a write
  transaction there is BEGIN IMMEDIATE (see factcheck.store), which serializes every writer
  already. PostgreSQL runs writers side by side (READ COMMITTED), so two imports of one
  article would both find it missing and both create it; the lock makes the second wait for
  the first's commit and then find what it stored. It is held until the transaction ends.
- `insert_rows`: INSERT ... ON CONFLICT, which both SQLite (3.24+) and PostgreSQL have, but
  each through its own SQLAlchemy construct.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, func, select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from factcheck.store.queries import chunks

__all__ = ["IMPORT_LOCK_KEY", "MAX_ARTICLE_LOCKS", "MIGRATION_LOCK_KEY", "advisory_lock",
           "article_lock_keys", "identity_lock_key", "insert_rows", "is_retryable",
           "lock_article_identities"]

# The key of the lock migrations take on PostgreSQL (any fixed 64-bit number; the article
# keys below are hashes, and a collision would only make two writers wait for each other).
MIGRATION_LOCK_KEY = 0x6661637463686B31  # "factchk1"
# Every import holds this one shared, and an import of more articles than
# MAX_ARTICLE_LOCKS holds it exclusively instead of one lock per article: PostgreSQL's lock
# table is shared by every session and small (max_locks_per_transaction), so a file of
# 10,000 articles cannot take 10,000 locks; it waits for the imports running and they for it.
IMPORT_LOCK_KEY = 0x6661637463686B32  # "factchk2"
MAX_ARTICLE_LOCKS = 100

# SQLSTATEs of a transaction PostgreSQL aborted because of another one, so that running it
# again is right: unique violation, deadlock detected, serialization failure.
_RETRYABLE_SQLSTATES = frozenset({"23505", "40P01", "40001"})


def identity_lock_key(kind: str, *parts: str | None) -> int:
    """A signed 64-bit lock key for one identity (e.g. an article by its url): the same
    identity always gives the same key, in every process."""
    text = "\x1f".join([kind, *("\x00" if p is None else p for p in parts)])
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def advisory_lock(target: Session | Connection, keys: Sequence[int], *,
                  shared: bool = False) -> None:
    """Hold these transaction-level locks until the caller's transaction ends (PostgreSQL;
    nothing on SQLite, whose write transactions are serialized already, see above). A
    `shared` lock is held by any number of transactions at once and keeps out the exclusive
    one.

    The keys are taken in sorted order, so two transactions that want some of the same keys
    cannot deadlock on them."""
    bind = target.get_bind() if isinstance(target, Session) else target
    if bind.dialect.name != "postgresql":
        return
    take = func.pg_advisory_xact_lock_shared if shared else func.pg_advisory_xact_lock
    for key in sorted(set(keys)):
        target.execute(select(take(key)))


def article_lock_keys(*, ref: str | None, url: str | None, title: str | None,
                      outlet: str | None) -> list[int]:
    """The lock keys of an article's identity as `queries.find_article` finds it: its ref,
    else its url, else its title and outlet. An article with a ref is locked by its url too,
    so that an import naming it by url alone waits for one creating it with both."""
    if ref:
        return [identity_lock_key("article-ref", ref)] + (
            [identity_lock_key("article-url", url)] if url else [])
    if url:
        return [identity_lock_key("article-url", url)]
    return [identity_lock_key("article-title", title, outlet)]


def lock_article_identities(*, session: Session, keys: Sequence[int]) -> None:
    """Make concurrent imports of the same articles wait for each other (PostgreSQL; see
    the module docstring), taken before they look for the articles: the later import then
    finds what the earlier one stored. Imports of other articles go on side by side, unless
    one file holds more than MAX_ARTICLE_LOCKS articles (see IMPORT_LOCK_KEY)."""
    distinct = set(keys)
    if len(distinct) > MAX_ARTICLE_LOCKS:
        advisory_lock(session, [IMPORT_LOCK_KEY])
        return
    advisory_lock(session, [IMPORT_LOCK_KEY], shared=True)
    advisory_lock(session, sorted(distinct))


def insert_rows(*, session: Session, table: Table, rows: Sequence[Mapping[str, Any]],
                conflict: Sequence[str], update: Sequence[str] = (),
                update_where: ColumnElement[bool] | None = None, chunk: int = 500) -> None:
    """Insert rows; one whose `conflict` columns (a primary key or unique constraint) match a
    stored row, e.g. one another process stored a moment ago, is not an error: with no
    `update` columns it is skipped (DO NOTHING), else those columns of the stored row take the
    new values where `update_where` (about the stored row) holds, and it is left as it is
    where not.

    SQLite and PostgreSQL write the same statement, each through its dialect's construct."""
    if not rows:
        return
    name = session.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    else:  # pragma: no cover - factcheck supports these two
        raise NotImplementedError(f"INSERT ... ON CONFLICT on {name}")
    stmt = insert(table)
    if update:
        stmt = stmt.on_conflict_do_update(
            index_elements=list(conflict),
            set_={column: stmt.excluded[column] for column in update}, where=update_where)
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(conflict))
    for part in chunks(list(rows), chunk):
        session.execute(stmt, list(part))


def is_retryable(exc: BaseException) -> bool:
    """Whether a database error means another transaction got there first (a unique key
    it had just stored, a deadlock, a serialization failure): running the work again sees its
    rows and converges. SQLite's writers are serialized, so only PostgreSQL's codes count."""
    sqlstate = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return sqlstate in _RETRYABLE_SQLSTATES
