"""Earlier fact-checks by other publishers: stored from ClaimReview / Fact Check Tools API
files, matched like every claim, and shown beside the desk's claims they match.

Each review is stored as a claim of its own (status `earlier`, in one article per publisher,
`earlier-checks:<site or name>`), so that the matcher compares the desk's claims with it as
with any other, and as an EarlierReview row with what the publisher said. A review is found
again by its identity (its URL): the same review imported again changes nothing; a changed
rating (or title, date, claim text) is updated and the old value kept in
EarlierReviewChange. The reviews are never the desk's verdicts: a reviewer may attach one as
a source of a claim it matches (stance from its rating), nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from urllib.parse import urlsplit

from sqlmodel import Session

from factcheck.errors import FactcheckError
from factcheck.io.earlier_checks import EarlierCheck
from factcheck.models import Article, ClaimStatus, EarlierReview, MatchLevel, utcnow
from factcheck.services.results import FileImportResult
from factcheck.services.workspace import Workspace
from factcheck.store import earlier as earlier_db
from factcheck.store import queries as q
from factcheck.store import unit_of_work
from factcheck.text import normalise_whitespace

ARTICLE_REF_PREFIX = "earlier-checks:"


class NormalForms(Protocol):
    def store_normal_forms(self, *, session: Session, claim_ids: Sequence[int]) -> list[int]: ...


@dataclass(frozen=True)
class EarlierReviewInfo:
    """One earlier fact-check as the CLI and the TUI show it."""

    id: int
    claim_id: int
    claim_text: str
    publisher: str
    review_url: str | None
    title: str | None
    shown_rating: str
    rating: str | None
    review_date: date | None
    claimant: str | None
    stance: str
    # How the matcher linked it to the claim it is shown for (None: shown for itself).
    level: MatchLevel | None = None

    def line(self) -> str:
        """ "checked before by Snopes: False, 2024-03-02 (https://...)" """
        when = f", {self.review_date.isoformat()}" if self.review_date else ""
        where = f" ({self.review_url})" if self.review_url else ""
        return f"checked before by {self.publisher}: {self.shown_rating}{when}{where}"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "claim_id": self.claim_id, "claim_text": self.claim_text,
                "publisher": self.publisher, "review_url": self.review_url,
                "title": self.title, "rating": self.shown_rating,
                "normalised_rating": self.rating,
                "review_date": self.review_date.isoformat() if self.review_date else None,
                "claimant": self.claimant,
                "level": self.level.value if self.level else None}


class EarlierChecks:
    def __init__(self, workspace: Workspace, forms: NormalForms) -> None:
        self.workspace = workspace
        self.forms = forms

    # ------------------------------------------------------------------ import

    def store_checks(self, checks: Sequence[EarlierCheck], result: FileImportResult) -> None:
        """Store one file's reviews in one transaction (the caller matches the claims it
        lists in `result` afterwards, as for a claim list)."""
        who = self.workspace.reviewer()
        unique: dict[str, EarlierCheck] = {}
        for check in checks:
            unique.setdefault(check.identity(), check)  # the same review twice in one file
        with unit_of_work(self.workspace.engine, write=True) as session:
            articles = self._publisher_articles(session, list(unique.values()), who)
            stored = earlier_db.reviews_by_identity(session=session,
                                                    identities=list(unique))
            claims = {c.id: c for c in q.claims_of_articles(
                session=session, article_ids=[a.id for a in articles.values() if a.id])}
            new_rows: list[dict[str, Any]] = []
            new_checks: list[EarlierCheck] = []
            for identity, check in unique.items():
                review = stored.get(identity)
                if review is None:
                    article = articles[_publisher_key(check)]
                    new_rows.append({"article_id": article.id, "ref": identity,
                                     "text": check.claim_text, "speaker": check.claimant,
                                     "language": check.language,
                                     "status": ClaimStatus.EARLIER.value,
                                     "imported_by": who})
                    new_checks.append(check)
                    continue
                if self._revise(session, review, check, claims.get(review.claim_id), who,
                                result):
                    result.reviews_updated += 1
                else:
                    result.reviews_unchanged += 1
            new_ids = q.insert_claims(session=session, rows=new_rows)
            for claim_id, check in zip(new_ids, new_checks, strict=True):
                earlier_db.add_review(session=session, review=EarlierReview(
                    identity=check.identity(), claim_id=claim_id, imported_by=who,
                    publisher=check.publisher, **_fields(check)))
            # (their claims and publisher articles are counted as reviews, not as the desk's
            # claims and articles)
            result.reviews_added = len(new_ids)
            result.new_claim_ids = new_ids
            if self.workspace.settings.matching:
                self.forms.store_normal_forms(
                    session=session, claim_ids=new_ids + result.updated_claim_ids)

    def _publisher_articles(self, session: Session, checks: list[EarlierCheck],
                            who: str) -> dict[str, Article]:
        wanted = {_publisher_key(c): c for c in checks}
        found = q.find_articles_by_ref(session=session,
                                       refs=[ARTICLE_REF_PREFIX + k for k in wanted])
        out: dict[str, Article] = {}
        for key, check in wanted.items():
            article = found.get(ARTICLE_REF_PREFIX + key)
            if article is None:
                article = Article(ref=ARTICLE_REF_PREFIX + key,
                                  title=f"Earlier fact-checks by {check.publisher}",
                                  url=check.publisher_site if _is_url(check.publisher_site)
                                  else None,
                                  outlet=check.publisher, imported_by=who)
                session.add(article)
            out[key] = article
        session.flush()
        return out

    def _revise(self, session: Session, review: EarlierReview, check: EarlierCheck,
                claim: Any, who: str, result: FileImportResult) -> bool:
        """Take a later import's values in, keeping each old one; True when one changed."""
        changed = False
        for name, value in _fields(check).items():
            old = getattr(review, name)
            if _as_text(old) != _as_text(value):
                earlier_db.record_change(session=session, review_id=review.id or 0,
                                         field=name, old=_as_text(old),
                                         new=_as_text(value), changed_by=who)
                setattr(review, name, value)
                changed = True
        if claim is not None and normalise_whitespace(claim.text) != normalise_whitespace(
                check.claim_text):
            earlier_db.record_change(session=session, review_id=review.id or 0,
                                     field="claim_text", old=claim.text,
                                     new=check.claim_text, changed_by=who)
            claim.text = check.claim_text
            claim.version += 1
            claim.updated_at = utcnow()
            result.updated_claim_ids.append(claim.id)
            changed = True
        if changed:
            review.updated_at = utcnow()
        return changed

    # ------------------------------------------------------------------ reading

    def linked_to(self, claim_id: int) -> list[EarlierReviewInfo]:
        """The earlier fact-checks matched to this claim (not rejected), best first."""
        with self.workspace.session() as session:
            pairs = earlier_db.earlier_reviews_linked_to(session=session, claim_id=claim_id)
            claims = {c.id: c for c in q.claims_by_ids(
                session=session, claim_ids=[r.claim_id for r, _ in pairs])}
        return [_info(review, claims[review.claim_id].text, claims[review.claim_id].speaker,
                      MatchLevel(link.level)) for review, link in pairs]

    def of_claims(self, claim_ids: Sequence[int]) -> dict[int, EarlierReviewInfo]:
        """claim id -> its earlier review, for the claims that are earlier checks."""
        with self.workspace.session() as session:
            reviews = earlier_db.reviews_of_claims(session=session, claim_ids=claim_ids)
            claims = {c.id: c for c in q.claims_by_ids(
                session=session, claim_ids=[r.claim_id for r in reviews.values()])}
        return {cid: _info(r, claims[cid].text, claims[cid].speaker)
                for cid, r in reviews.items()}

    def review(self, review_id: int) -> EarlierReviewInfo:
        with self.workspace.session() as session:
            found = session.get(EarlierReview, review_id)
            if found is None:
                raise FactcheckError(f"no earlier fact-check {review_id}")
            claim = q.get_claim(session=session, claim_id=found.claim_id)
            return _info(found, claim.text, claim.speaker)


def _info(review: EarlierReview, text: str, claimant: str | None,
          level: MatchLevel | None = None) -> EarlierReviewInfo:
    check = EarlierCheck(path="", claim_text=text, publisher=review.publisher,
                         textual_rating=review.textual_rating,
                         rating_value=review.rating_value, best_rating=review.best_rating,
                         worst_rating=review.worst_rating)
    return EarlierReviewInfo(id=review.id or 0, claim_id=review.claim_id, claim_text=text,
                             publisher=review.publisher, review_url=review.review_url,
                             title=review.title, shown_rating=check.shown_rating,
                             rating=review.rating, review_date=review.review_date,
                             claimant=claimant, stance=check.stance.value, level=level)


def _fields(check: EarlierCheck) -> dict[str, Any]:
    rating = check.rating
    return {"publisher_site": check.publisher_site, "review_url": check.review_url,
            "title": check.title, "textual_rating": check.textual_rating,
            "rating_value": check.rating_value, "best_rating": check.best_rating,
            "worst_rating": check.worst_rating, "rating": rating.value if rating else None,
            "review_date": check.review_date, "claim_date": check.claim_date,
            "appearance_url": check.appearance_url, "language": check.language}


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _publisher_key(check: EarlierCheck) -> str:
    """One article per publisher: its site's host ("https://www.checks.example/" and
    "checks.example" are one), else its name."""
    site = (check.publisher_site or "").strip().lower()
    host = urlsplit(site if "://" in site else f"//{site}").hostname if site else None
    return host.removeprefix("www.") if host else check.publisher.strip().lower()


def _is_url(value: str | None) -> bool:
    return bool(value) and str(value).lower().startswith(("http://", "https://"))
