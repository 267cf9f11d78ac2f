"""Normal forms as stored: ClaimNorm rows (stamped with the commit-ordered clock, see
store/clock.py), the FormChange record of replaced forms, and the workspace identity
(MatchState) a saved matching index must carry. Each function takes a keyword-only `session`
and none commits (the caller's unit of work does)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from sqlalchemy import func, insert, or_, select, update
from sqlmodel import Session, col

from factcheck.models import Article, Claim, ClaimNorm, FormChange, MatchState, utcnow
from factcheck.store.clock import Stamped, stamp_at_commit
from factcheck.store.conflicts import insert_rows
from factcheck.store.queries import chunks

# A claim whose form is to be (re)computed: (claim id, text, language as declared on the
# claim or else its article, speaker, has a stored form)
StaleRow = tuple[int, str, str | None, str | None, bool]


def text_hash(text: str) -> str:
    """The hash of a claim text its stored form was computed from (ClaimNorm.text_hash)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def stale_rows(*, session: Session, claim_ids: Sequence[int],
               engine_version: str) -> list[StaleRow]:
    """The claims among these whose stored form is missing, computed from another text, or
    by another normaliser version."""
    rows: list[StaleRow] = []
    for part in chunks(list(claim_ids)):
        stmt = (select(col(Claim.id), col(Claim.text), col(Claim.language),
                       col(Claim.speaker), col(Article.language),
                       col(ClaimNorm.text_hash), col(ClaimNorm.engine))
                .join(Article, col(Article.id) == col(Claim.article_id))
                .outerjoin(ClaimNorm, col(ClaimNorm.claim_id) == col(Claim.id))
                .where(col(Claim.id).in_(part)))
        for (claim_id, text, language, speaker, article_language, stored_hash,
             stored_engine) in session.execute(stmt):
            if stored_hash == text_hash(text) and stored_engine == engine_version:
                continue
            rows.append((claim_id, text, language or article_language, speaker,
                         stored_hash is not None))
    return rows


def claims_without_current_form(*, session: Session, after: int,
                                engine_version: str) -> list[int]:
    """Claims past `after` (by id) with no stored form, or one of another normaliser version:
    a range scan on the key."""
    stmt = (select(col(Claim.id))
            .outerjoin(ClaimNorm, col(ClaimNorm.claim_id) == col(Claim.id))
            .where(col(Claim.id) > after)
            .where(or_(col(ClaimNorm.claim_id).is_(None),
                       col(ClaimNorm.engine) != engine_version))
            .order_by(col(Claim.id)))
    return [claim_id for (claim_id,) in session.execute(stmt)]


def write_forms(*, session: Session, rows: Sequence[StaleRow], norms: Sequence[str],
                engine_version: str) -> list[int]:
    """Store each row's new form (`norms`, in order): a new ClaimNorm row, or the stored one
    replaced and logged in FormChange; every one is stamped with the clock at commit.
    Returns the claim ids whose form was replaced."""
    now = utcnow()
    new_forms: list[dict[str, object]] = []
    replaced: list[int] = []
    for (claim_id, text, _, _, stored), norm in zip(rows, norms, strict=True):
        values = {"norm": norm, "text_hash": text_hash(text), "engine": engine_version}
        if stored:
            session.execute(update(ClaimNorm).where(col(ClaimNorm.claim_id) == claim_id)
                            .values(**values))
            replaced.append(claim_id)
        else:
            new_forms.append({"claim_id": claim_id, "created_at": now, **values})
    # A form another process stored meanwhile for one of these claims (two matchers at once)
    # takes this one: it is derived from the claim, and this transaction read the claim last.
    insert_rows(session=session, table=ClaimNorm.__table__,  # type: ignore[attr-defined]
                rows=new_forms, conflict=("claim_id",), update=("norm", "text_hash", "engine"))
    log_form_changes(session=session, claim_ids=replaced)
    stamp_at_commit(session=session, table=Stamped.FORMS, claim_ids=[r[0] for r in rows])
    return replaced


def log_form_changes(*, session: Session, claim_ids: Sequence[int]) -> None:
    """One FormChange per replaced form, for indexes built before to take the new one in."""
    now = utcnow()
    for part in chunks(list(claim_ids), 500):
        session.execute(insert(FormChange), [{"claim_id": claim_id, "changed_at": now}
                                             for claim_id in part])


def forms_stamped_after(*, session: Session, seq: int) -> list[tuple[int, str, int]]:
    """(claim id, stored form, clock stamp) of every form written after clock value `seq`,
    in one statement (see store/clock.py: its largest stamp is then a safe place to resume)."""
    stmt = (select(col(ClaimNorm.claim_id), col(ClaimNorm.norm), col(ClaimNorm.seq))
            .where(col(ClaimNorm.seq) > seq))
    return [(int(c), n, int(q)) for c, n, q in session.execute(stmt)]


def claims_stamped_after(*, session: Session, seq: int) -> list[int]:
    """The claims whose form was written after clock value `seq` (ids only)."""
    stmt = select(col(ClaimNorm.claim_id)).where(col(ClaimNorm.seq) > seq)
    return [int(c) for (c,) in session.execute(stmt)]


def all_forms(*, session: Session) -> Iterator[tuple[int, str]]:
    """(claim id, stored form) of every claim, in no particular order."""
    yield from session.execute(select(col(ClaimNorm.claim_id), col(ClaimNorm.norm)))


def forms_of(*, session: Session, claim_ids: Sequence[int]) -> Iterator[tuple[int, str]]:
    """(claim id, stored form) of those of these claims that have one."""
    for part in chunks(list(claim_ids)):
        stmt = (select(col(ClaimNorm.claim_id), col(ClaimNorm.norm))
                .where(col(ClaimNorm.claim_id).in_(part)))
        yield from session.execute(stmt)


def forms_stamped_up_to(*, session: Session, seq: int) -> int:
    """How many stored forms were last written at clock value `seq` or before."""
    return int(session.execute(select(func.count()).select_from(ClaimNorm)
                               .where(col(ClaimNorm.seq) <= seq)).scalar() or 0)


def match_state(*, session: Session) -> MatchState | None:
    """The database's identity, if it has one yet."""
    return session.get(MatchState, 1)


def add_match_state(*, session: Session, workspace: str) -> MatchState:
    state = MatchState(id=1, workspace=workspace)
    session.add(state)
    return state
