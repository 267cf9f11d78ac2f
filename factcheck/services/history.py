"""One claim's whole record: the claim and its article, live sources with their checks, every
verdict (undos and reuse included), every change of wording or status, and its duplicate
links (`factcheck claims show`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from factcheck.services.assignments import AssignmentInfo, Assignments
from factcheck.services.candidates import Candidates
from factcheck.services.claims import Claims, row_record
from factcheck.services.earlier import EarlierChecks, EarlierReviewInfo
from factcheck.services.matching import ClaimMatch, EarlierVerdict, MatchingService
from factcheck.services.results import ClaimChangeInfo, ClaimDetail, iso
from factcheck.services.second_review import SecondReviews, TrailStep, trail_seen_by


@dataclass(frozen=True)
class ClaimHistory:
    detail: ClaimDetail
    changes: list[ClaimChangeInfo]
    duplicates: list[ClaimMatch]
    earlier_verdict: EarlierVerdict | None
    # Other publishers' fact-checks matched to this claim (or, for an earlier check's own
    # claim, that review).
    earlier_checks: list[EarlierReviewInfo]
    # Every verdict and second-review decision, oldest first.
    review_trail: list[TrailStep]
    # Every assignment, oldest first (the last one is current).
    assignments: list[AssignmentInfo]

    def as_json(self) -> dict[str, Any]:
        detail = self.detail
        return {
            **row_record(detail.row),
            "tags": detail.tags,
            **detail.imported_json(),
            "sources": [s.as_json() for s in detail.sources],
            "retracted_sources": [{**s.as_json(), "retracted_by": s.retracted_by,
                                   "retracted_at": iso(s.retracted_at)}
                                  for s in detail.retracted_sources],
            "history": [v.as_json() for v in detail.history],
            "changes": [c.as_json() for c in self.changes],
            "duplicates": [m.as_json() for m in self.duplicates],
            "earlier_verdict": (None if self.earlier_verdict is None
                                else self.earlier_verdict.as_json()),
            "earlier_checks": [c.as_json() for c in self.earlier_checks],
            "review_trail": [step.as_json() for step in self.review_trail],
            "assignments": [{"assignee": a.assignee, "assigned_by": a.assigned_by,
                             "at": iso(a.at)} for a in self.assignments],
        }


class ClaimHistories:
    def __init__(self, claims: Claims, candidates: Candidates, links: MatchingService,
                 earlier: EarlierChecks, second_review: SecondReviews,
                 assignments: Assignments) -> None:
        self.claims = claims
        self.candidates = candidates
        self.links = links
        self.earlier = earlier
        self.second_review = second_review
        self.assignments = assignments

    def claim_history(self, claim_id: int, *, viewer: str | None = None) -> ClaimHistory:
        """The claim's whole record; for a viewer, as blind review lets them see it (the
        verdict they must give their own on first left out, with its trail but their own)."""
        detail = self.claims.claim_detail(claim_id)
        trail = self.second_review.trail(claim_id)
        if viewer is not None:
            detail = self.second_review.detail_for(detail, viewer)
            trail = trail_seen_by(trail, detail.row, viewer)
        return ClaimHistory(detail=detail, changes=self.candidates.claim_changes(claim_id),
                            duplicates=self.links.matches_of(claim_id),
                            earlier_verdict=self.links.earlier_verdict(claim_id),
                            earlier_checks=self._earlier_checks(claim_id),
                            review_trail=trail,
                            assignments=self.assignments.history(claim_id))

    def _earlier_checks(self, claim_id: int) -> list[EarlierReviewInfo]:
        own = self.earlier.of_claims([claim_id]).get(claim_id)
        return [own] if own is not None else self.earlier.linked_to(claim_id)
