"""A reviewer's work on a claim: verdicts (appended, undone by appending) and sources (added,
retracted by undo). Every write advances the claim's version. A verdict (or its undo) is
refused as stale (`expected_version`, the version the reviewer loaded) only when the claim's
text or verdict changed since, so a newer verdict by someone else is never overwritten
silently while someone else's new source is simply merged. Adding a source never conflicts,
and neither does retracting it (an undo). Every write records who made it."""

from __future__ import annotations

from sqlmodel import Session

from factcheck.errors import FactcheckError
from factcheck.models import Claim, ClaimStatus, Rating, Source, Stance, Verdict, utcnow
from factcheck.services.results import SourceInfo, VerdictInfo
from factcheck.services.workspace import Workspace
from factcheck.store import queries as q
from factcheck.urls import checked_http_url, without_credentials


def parse_rating(value: str) -> Rating:
    try:
        return Rating(value.strip().lower())
    except ValueError:
        raise FactcheckError(f'unknown rating "{value}": expected one of '
                             f'{", ".join(r.value for r in Rating)}') from None


def parse_stance(value: str) -> Stance:
    try:
        return Stance(value.strip().lower())
    except ValueError:
        raise FactcheckError(f'unknown stance "{value}": expected one of '
                             f'{", ".join(s.value for s in Stance)}') from None


def check_source_url(url: str) -> str:
    """The stripped URL, or FactcheckError saying why it cannot be a source."""
    return checked_http_url(
        url, lambda shown, problem: FactcheckError(f'source URL "{shown}" refused: {problem}'))


class Reviews:
    """Verdicts and sources; each method is one unit of work."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def set_verdict(self, claim_id: int, rating: str | Rating, *, rationale: str | None = None,
                    reviewer: str | None = None, expected_version: int | None = None,
                    reused_from_claim_id: int | None = None) -> VerdictInfo:
        """Append a verdict; refuses (StaleVersionError) if the claim's text or verdict changed
        after `expected_version`, so a newer verdict by someone else is never overwritten
        silently; a source or tag added by someone else in between is not a conflict."""
        rating = parse_rating(rating) if isinstance(rating, str) else rating
        with self.workspace.session(write=True) as session:
            claim = q.get_claim(session=session, claim_id=claim_id, lock=True)
            if claim.status == ClaimStatus.EARLIER.value:
                # Another publisher's review: the desk rates the claims that match it.
                raise FactcheckError(f"claim {claim_id} is an earlier fact-check by another "
                                     "publisher, not one of the desk's claims: give the "
                                     "verdict to the claim it matches")
            version = q.bump_version(session=session, claim=claim,
                                     expected_version=expected_version,
                                     status=ClaimStatus.REVIEWED.value,
                                     kind=q.ChangeKind.REVIEW)
            verdict = Verdict(claim_id=claim_id, rating=rating.value,
                              rationale=(rationale or "").strip() or None,
                              reviewer=self.workspace.reviewer(reviewer),
                              reused_from_claim_id=reused_from_claim_id)
            session.add(verdict)
            session.flush()
            return VerdictInfo.of(verdict, version)

    def undo_verdict(self, verdict_id: int, *, reviewer: str | None = None,
                     expected_version: int | None = None) -> VerdictInfo:
        """Undo by appending: the claim's verdict goes back to what it was before `verdict_id`
        (or to none), and the history keeps both entries."""
        with self.workspace.session(write=True) as session:
            undone = session.get(Verdict, verdict_id)
            if undone is None:
                raise FactcheckError(f"no verdict with id {verdict_id}")
            claim = q.get_claim(session=session, claim_id=undone.claim_id, lock=True)
            history = q.verdict_history(session=session, claim_id=claim.id or 0)
            earlier = [v for v in history if (v.id or 0) < verdict_id]
            previous = earlier[-1] if earlier else None
            restored = previous.rating if previous else None
            status = (ClaimStatus.REVIEWED.value if restored
                      else _open_status(session=session, claim=claim))
            version = q.bump_version(session=session, claim=claim,
                                     expected_version=expected_version, status=status,
                                     kind=q.ChangeKind.REVIEW)
            verdict = Verdict(claim_id=claim.id or 0, rating=restored,
                              rationale=previous.rationale if previous else None,
                              reviewer=self.workspace.reviewer(reviewer),
                              undoes_verdict_id=verdict_id)
            session.add(verdict)
            session.flush()
            return VerdictInfo.of(verdict, version)

    def add_source(self, claim_id: int, url: str, *, stance: str | Stance = Stance.CONTEXT,
                   note: str | None = None, added_by: str | None = None,
                   expected_version: int | None = None) -> SourceInfo:
        """Attach a source. A user name and password in the URL (http://user:secret@host/)
        are taken out before it is stored: they would show in `claims list --json`, the CSV
        and every display, and be sent to the site. The returned `url` is what was stored
        (callers compare it with factcheck.urls.has_credentials to say so)."""
        url = check_source_url(without_credentials(url.strip()))
        stance = parse_stance(stance) if isinstance(stance, str) else stance
        with self.workspace.session(write=True) as session:
            claim = q.get_claim(session=session, claim_id=claim_id, lock=True)
            status = (ClaimStatus.IN_REVIEW.value if claim.status == ClaimStatus.UNREVIEWED.value
                      else None)
            q.bump_version(session=session, claim=claim, expected_version=expected_version,
                           status=status)
            source = Source(claim_id=claim_id, url=url, stance=stance.value,
                            note=(note or "").strip() or None,
                            added_by=self.workspace.reviewer(added_by))
            session.add(source)
            session.flush()
            return SourceInfo.of(source)

    def retract_source(self, source_id: int, *, reviewer: str | None = None) -> SourceInfo:
        """Undo of an added source: marked retracted, kept in the database. Checked like the
        source itself: adding one never conflicts, so neither does taking it back, whatever
        else changed on the claim meanwhile; only a source already retracted is refused."""
        with self.workspace.session(write=True) as session:
            source = session.get(Source, source_id)
            if source is None:
                raise FactcheckError(f"no source with id {source_id}")
            claim = q.get_claim(session=session, claim_id=source.claim_id, lock=True)
            # Read again under the claim's lock: another reviewer may have retracted it.
            session.refresh(source)
            if source.retracted_at is not None:
                raise FactcheckError(f"source {source_id} was already retracted by "
                                     f"{source.retracted_by or 'someone'}")
            source.retracted_at = utcnow()
            source.retracted_by = self.workspace.reviewer(reviewer)
            session.flush()
            status = None
            if claim.status == ClaimStatus.IN_REVIEW.value:
                status = _open_status(session=session, claim=claim)
            q.bump_version(session=session, claim=claim, expected_version=None, status=status)
            return SourceInfo.of(source)


def _open_status(*, session: Session, claim: Claim) -> str:
    """A claim without a verdict is in review while it has live sources, else unreviewed."""
    live = q.sources_by_claim(session=session, claim_ids=[claim.id or 0])
    return (ClaimStatus.IN_REVIEW.value if live.get(claim.id or 0)
            else ClaimStatus.UNREVIEWED.value)
