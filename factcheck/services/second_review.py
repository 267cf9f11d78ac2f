"""Second review: a verdict is proposed until a second reviewer, not its author, approves it or
returns it with a comment (a desk setting, `second_review`: off for one person on a laptop, on
by default for a team database). Every step is a row of its own (VerdictReview), so nothing
is overwritten: a new verdict on a returned claim starts proposed again, and the claim's
trail shows every verdict and every decision in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from factcheck.errors import FactcheckError
from factcheck.models import ReviewDecision, ReviewState, VerdictReview
from factcheck.services.workspace import Workspace
from factcheck.store import queries as q
from factcheck.store import reviews as reviews_db
from factcheck.text import one_line, when

COMMENT_LIMIT = 5_000


@dataclass(frozen=True)
class TrailStep:
    """One step of a claim's review trail: a verdict, or a second reviewer's decision."""

    kind: str  # "verdict" | "approved" | "returned"
    who: str
    at: datetime
    rating: str | None = None
    text: str | None = None  # the verdict's rationale, or the decision's comment

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "who": self.who, "at": self.at.isoformat(),
                "rating": self.rating, "text": self.text}

    def line(self) -> str:
        stamp = when(self.at)
        if self.kind == "verdict":
            what = f"verdict {self.rating or '(withdrawn)'}"
        else:
            what = self.kind
        note = f": {one_line(self.text, 160)}" if self.text else ""
        return f"{stamp}  {one_line(self.who, 30)}  {what}{note}"


@dataclass(frozen=True)
class DecisionInfo:
    claim_id: int
    verdict_id: int
    decision: ReviewDecision
    reviewer: str
    comment: str | None


class SecondReviews:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def approve(self, claim_ids: Sequence[int], *,
                reviewer: str | None = None) -> list[DecisionInfo]:
        """Approve the current verdicts of these claims, all or none: each must have one, by
        someone else, not approved already."""
        return self._decide(claim_ids, ReviewDecision.APPROVED, None, reviewer)

    def return_verdict(self, claim_id: int, comment: str, *,
                       reviewer: str | None = None) -> DecisionInfo:
        """Send a claim's verdict back to its reviewer, saying why (the comment is required)."""
        text = (comment or "").strip()
        if not text:
            raise FactcheckError(f"claim {claim_id}: returning a verdict needs a comment "
                                 "saying why (--comment)")
        if len(text) > COMMENT_LIMIT:
            raise FactcheckError(f"claim {claim_id}: the comment is over {COMMENT_LIMIT} "
                                 "characters")
        (done,) = self._decide([claim_id], ReviewDecision.RETURNED, text, reviewer)
        return done

    def _decide(self, claim_ids: Sequence[int], decision: ReviewDecision,
                comment: str | None, reviewer: str | None) -> list[DecisionInfo]:
        who = self.workspace.reviewer(reviewer)
        if not claim_ids:
            raise FactcheckError("give at least one claim id")
        done: list[DecisionInfo] = []
        with self.workspace.session(write=True) as session:
            for claim_id in dict.fromkeys(claim_ids):
                q.get_claim(session=session, claim_id=claim_id)
                verdict = q.latest_verdict(session=session, claim_id=claim_id)
                if verdict is None or verdict.rating is None:
                    verb = "approve" if decision is ReviewDecision.APPROVED else "return"
                    raise FactcheckError(f"claim {claim_id} has no verdict to {verb}; nothing "
                                         "was changed")
                if verdict.reviewer == who:
                    raise FactcheckError(
                        f"claim {claim_id}: {one_line(who, 40)} gave its verdict, so a second "
                        "reviewer must decide on it; nothing was changed")
                latest = reviews_db.latest_decision(session=session, verdict_id=verdict.id or 0)
                if latest is not None and latest.decision == decision.value:
                    raise FactcheckError(f"claim {claim_id}: its verdict is {decision.value} "
                                         "already; nothing was changed")
                row = VerdictReview(verdict_id=verdict.id or 0, claim_id=claim_id,
                                    decision=decision.value, comment=comment, reviewer=who)
                session.add(row)
                done.append(DecisionInfo(claim_id=claim_id, verdict_id=verdict.id or 0,
                                         decision=decision, reviewer=who, comment=comment))
        return done

    def state(self, claim_id: int) -> ReviewState | None:
        """Where the claim's verdict stands (None: it has none)."""
        with self.workspace.session() as session:
            verdict = q.latest_verdict(session=session, claim_id=claim_id)
            if verdict is None or verdict.rating is None:
                return None
            latest = reviews_db.latest_decision(session=session, verdict_id=verdict.id or 0)
        return ReviewState(latest.decision) if latest is not None else ReviewState.PROPOSED

    def trail(self, claim_id: int) -> list[TrailStep]:
        """Every verdict and every decision on the claim, oldest first."""
        with self.workspace.session() as session:
            q.get_claim(session=session, claim_id=claim_id)
            verdicts = q.verdict_history(session=session, claim_id=claim_id)
            decisions = reviews_db.decisions_of_claim(session=session, claim_id=claim_id)
        steps = [TrailStep("verdict", v.reviewer, v.created_at, v.rating, v.rationale)
                 for v in verdicts]
        steps += [TrailStep(d.decision, d.reviewer, d.created_at, None, d.comment)
                  for d in decisions]
        return sorted(steps, key=lambda s: s.at)
