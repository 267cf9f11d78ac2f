"""Claims extracted from an article wait as `candidate` until a reviewer accepts (then they are
review work: `unreviewed`), edits or discards them. Every change is versioned
(`expected_version` refuses a stale write: a new wording like a verdict, accepting or
discarding only after a change of the claim's text or status, so someone else's source or tag
in between is merged) and recorded in ClaimChange with its reviewer: nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlmodel import Session

from factcheck.errors import FactcheckError
from factcheck.io.json_import import TEXT_LIMIT, normalise_whitespace
from factcheck.models import Claim, ClaimChange, ClaimStatus
from factcheck.services.results import ClaimChangeInfo
from factcheck.services.workspace import Workspace
from factcheck.store import queries as q
from factcheck.store.queries import ClaimFilter, ClaimRow

ACCEPTABLE = (ClaimStatus.CANDIDATE.value, ClaimStatus.DISCARDED.value)
# A claim with review work on it (a verdict, sources) is never discarded from here.
DISCARDABLE = (ClaimStatus.CANDIDATE.value, ClaimStatus.UNREVIEWED.value)


class NormalForms(Protocol):
    """What an edit needs of duplicate matching: the claim's stored normal form renewed."""

    def store_normal_forms(self, *, session: Session, claim_ids: Sequence[int]) -> list[int]: ...


class Candidates:
    """Accepting, discarding and rewording claims; each method is one unit of work."""

    def __init__(self, workspace: Workspace, forms: NormalForms) -> None:
        self.workspace = workspace
        self.forms = forms

    def accept_candidate(self, claim_id: int, *, reviewer: str | None = None,
                         expected_version: int | None = None) -> ClaimRow:
        """candidate (or discarded) -> unreviewed: the claim becomes review work."""
        return self._change_status(claim_id, allowed=ACCEPTABLE,
                                   new_status=ClaimStatus.UNREVIEWED.value, verb="accepted",
                                   reviewer=reviewer, expected_version=expected_version)

    def discard_candidate(self, claim_id: int, *, reviewer: str | None = None,
                          expected_version: int | None = None) -> ClaimRow:
        """candidate (or unreviewed, untouched) -> discarded: kept, but no longer review work."""
        return self._change_status(claim_id, allowed=DISCARDABLE,
                                   new_status=ClaimStatus.DISCARDED.value, verb="discarded",
                                   reviewer=reviewer, expected_version=expected_version)

    def edit_claim_text(self, claim_id: int, text: str, *, reviewer: str | None = None,
                        expected_version: int | None = None) -> ClaimRow:
        """New wording for a claim; the old wording stays in ClaimChange."""
        new_text = text.strip()
        if not new_text:
            raise FactcheckError(f"claim {claim_id}: the new text is empty; nothing was changed")
        if len(new_text) > TEXT_LIMIT:
            raise FactcheckError(f"claim {claim_id}: the new text is over {TEXT_LIMIT} "
                                 "characters")
        with self.workspace.session(write=True) as session:
            claim = q.get_claim(session=session, claim_id=claim_id, lock=True)
            old_text = claim.text
            if normalise_whitespace(old_text) == normalise_whitespace(new_text):
                return _row(session, claim_id)
            _refuse_duplicate_text(session, claim, new_text)
            version = q.bump_version(session=session, claim=claim,
                                     expected_version=expected_version,
                                     kind=q.ChangeKind.REVIEW)
            claim.text = new_text
            session.add(claim)
            session.add(ClaimChange(claim_id=claim_id, field="text", old_value=old_text,
                                    new_value=new_text,
                                    changed_by=self.workspace.reviewer(reviewer),
                                    claim_version=version))
            session.flush()
            if self.workspace.settings.matching:
                # Duplicate matching keeps a normal form per claim; new wording, new form.
                self.forms.store_normal_forms(session=session, claim_ids=[claim_id])
            return _row(session, claim_id)

    def claim_changes(self, claim_id: int) -> list[ClaimChangeInfo]:
        """A claim's text and status changes, oldest first."""
        with self.workspace.session() as session:
            q.get_claim(session=session, claim_id=claim_id)
            return [ClaimChangeInfo.of(c)
                    for c in q.claim_changes(session=session, claim_id=claim_id)]

    def _change_status(self, claim_id: int, *, allowed: tuple[str, ...], new_status: str,
                       verb: str, reviewer: str | None,
                       expected_version: int | None) -> ClaimRow:
        with self.workspace.session(write=True) as session:
            claim = q.get_claim(session=session, claim_id=claim_id, lock=True)
            old_status = claim.status
            if old_status == new_status:
                return _row(session, claim_id)
            if old_status not in allowed:
                raise FactcheckError(f"claim {claim_id} cannot be {verb}: its status is "
                                     f"{old_status} (expected {' or '.join(allowed)})")
            version = q.bump_version(session=session, claim=claim,
                                     expected_version=expected_version, status=new_status,
                                     kind=q.ChangeKind.STATUS)
            session.add(ClaimChange(claim_id=claim_id, field="status", old_value=old_status,
                                    new_value=new_status,
                                    changed_by=self.workspace.reviewer(reviewer),
                                    claim_version=version))
            session.flush()
            return _row(session, claim_id)


def _row(session: Session, claim_id: int) -> ClaimRow:
    return q.list_claim_rows(session=session, flt=ClaimFilter(claim_ids=(claim_id,)))[0]


def _refuse_duplicate_text(session: Session, claim: Claim, new_text: str) -> None:
    """Within one article a claim's text is its identity on import: two claims with the same
    wording would make the next import ambiguous."""
    key = normalise_whitespace(new_text)
    for other in q.claims_of_articles(session=session, article_ids=[claim.article_id]):
        if other.id != claim.id and normalise_whitespace(other.text) == key:
            raise FactcheckError(f"claim {claim.id}: claim {other.id} of the same article "
                                 "already has this text; nothing was changed")
