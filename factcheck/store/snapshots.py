"""Matching index snapshots stored in the database (StoredIndex, StoredIndexPart): named
blobs in chunks with their metadata, for a database that is not an SQLite file (there the
snapshot is a file beside it). Each function takes a keyword-only `session`; none commits.

`replace_snapshot` is meant for a transaction of its own: the old parts and header go and the
new ones come in one commit, so a reader sees the old snapshot or the new one. `read_snapshot`
reads header and parts in one statement (one snapshot of the database on every backend) and
checks their digest, so a torn or damaged one reads as None."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session, col

from factcheck.models import StoredIndex, StoredIndexPart, utcnow

# Bytes per part: far below PostgreSQL's 1 GB per value, and small enough to stream.
PART_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Snapshot:
    data: bytes
    meta: dict[str, Any]


def replace_snapshot(*, session: Session, name: str, data: bytes,
                     meta: dict[str, Any]) -> None:
    """Store `data` under `name` with `meta`, replacing what was stored under it."""
    session.execute(delete(StoredIndexPart).where(col(StoredIndexPart.name) == name))
    session.execute(delete(StoredIndex).where(col(StoredIndex.name) == name))
    session.execute(insert(StoredIndex).values(
        name=name, meta=json.dumps(meta), digest=hashlib.sha256(data).hexdigest(),
        size=len(data), saved_at=utcnow()))
    for number, start in enumerate(range(0, len(data), PART_BYTES)):
        session.execute(insert(StoredIndexPart).values(
            name=name, part=number, data=data[start:start + PART_BYTES]))


def read_snapshot(*, session: Session, name: str) -> Snapshot | None:
    """What is stored under `name`, or None when nothing is, or it does not agree with its
    own digest and size (damaged)."""
    stmt = (select(col(StoredIndex.meta), col(StoredIndex.digest), col(StoredIndex.size),
                   col(StoredIndexPart.part), col(StoredIndexPart.data))
            .join(StoredIndexPart, col(StoredIndexPart.name) == col(StoredIndex.name))
            .where(col(StoredIndex.name) == name)
            .order_by(col(StoredIndexPart.part)))
    # A part at a time (a server-side cursor where the driver has one): the parts and their
    # joined bytes are not both held whole.
    parts: list[bytes] = []
    digest_of = hashlib.sha256()
    header: tuple[str, str, int] | None = None
    for meta_text, digest, size, number, data in session.execute(
            stmt, execution_options={"stream_results": True, "yield_per": 1}):
        header = header or (meta_text, digest, size)
        if number != len(parts):
            return None
        chunk = bytes(data)
        digest_of.update(chunk)
        parts.append(chunk)
    if header is None:
        return None
    meta_text, digest, size = header
    if sum(map(len, parts)) != size or digest_of.hexdigest() != digest:
        return None
    data = b"".join(parts)
    parts.clear()
    try:
        meta = json.loads(meta_text)
    except ValueError:
        return None
    return Snapshot(data, meta) if isinstance(meta, dict) else None


def drop_snapshot(*, session: Session, name: str) -> None:
    session.execute(delete(StoredIndexPart).where(col(StoredIndexPart.name) == name))
    session.execute(delete(StoredIndex).where(col(StoredIndex.name) == name))
