"""Second review: a verdict is proposed until a second reviewer, not its author, approves it or
returns it with a comment (a desk setting, `second_review`: off for one person on a laptop, on
by default for a team database). Every step is a row of its own (VerdictReview), so nothing
is overwritten: a new verdict on a returned claim starts proposed again, and the claim's
trail shows every verdict and every decision in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from factcheck.errors import FactcheckError
from factcheck.models import ReviewDecision, ReviewState, Verdict, VerdictReview
from factcheck.services.desk import DeskSettings
from factcheck.services.results import ClaimDetail
from factcheck.services.reviews import parse_rating
from factcheck.services.workspace import Workspace
from factcheck.store import queries as q
from factcheck.store import reviews as reviews_db
from factcheck.store.queries import ClaimRow
from factcheck.text import one_line, when

COMMENT_LIMIT = 5_000


@dataclass(frozen=True)
class TrailStep:
    """One step of a claim's review trail: a verdict, or a second reviewer's decision."""

    kind: str  # "verdict" | "approved" | "returned" | "disputed"
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
        elif self.rating:
            what = f"{self.kind}: their rating {self.rating}"
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
    rating: str | None = None


@dataclass(frozen=True)
class Side:
    """One reviewer's side of a disagreement."""

    who: str
    rating: str | None
    rationale: str | None


@dataclass(frozen=True)
class Disagreement:
    """A disputed claim: the first verdict and the second reviewer's blind one, for showing
    side by side."""

    claim_id: int
    first: Side
    second: Side


def verdict_hidden(row: ClaimRow, viewer: str | None) -> bool:
    """With blind review on: whether the viewer must not see the claim's verdict yet. It is
    hidden while it is proposed (no second reviewer has decided on it) and the viewer did
    not give it: a second reviewer records their own verdict first, unseen."""
    return (row.verdict is not None and row.reviewer != viewer
            and row.review_state == ReviewState.PROPOSED.value)


def hide_verdict(row: ClaimRow) -> ClaimRow:
    """The row without its verdict, marked as hidden (the state, proposed, stays: it says
    there is a verdict to review)."""
    return replace(row, verdict=None, rationale=None, reviewer=None, reviewed_at=None,
                   verdict_hidden=True)


def trail_seen_by(trail: Sequence[TrailStep], row: ClaimRow,
                  viewer: str | None) -> list[TrailStep]:
    """A claim's trail as the viewer may see it: with its verdict hidden from them (blind
    review, `row` as `hide_for` gave it), only their own steps."""
    if not row.verdict_hidden:
        return list(trail)
    return [step for step in trail if step.who == viewer]


def _verdict_to_decide(session: Session, claim_id: int, who: str, task: str,
                       verb: str = "review") -> Verdict:
    """The claim's current verdict, for a second reviewer's decision: refused (one line,
    nothing changed) when there is none or `who` gave it."""
    q.get_claim(session=session, claim_id=claim_id)
    verdict = q.latest_verdict(session=session, claim_id=claim_id)
    if verdict is None or verdict.rating is None:
        raise FactcheckError(f"claim {claim_id} has no verdict to {verb}; nothing was changed")
    if verdict.reviewer == who:
        raise FactcheckError(f"claim {claim_id}: {one_line(who, 40)} gave its verdict, so a "
                             f"second reviewer must {task}; nothing was changed")
    return verdict


class SecondReviews:
    def __init__(self, workspace: Workspace, desk: DeskSettings) -> None:
        self.workspace = workspace
        self.desk = desk

    def blind(self) -> bool:
        return self.desk.values().blind_review

    def record_blind(self, claim_id: int, rating: str, rationale: str | None = None, *,
                     reviewer: str | None = None) -> DecisionInfo:
        """Blind mode: the second reviewer's own verdict, given before seeing the first. The
        same rating approves the first verdict (two independent equal verdicts); another one
        disputes it, flagging the claim for a decision."""
        if not self.blind():
            raise FactcheckError("blind review is off for this desk (factcheck config set "
                                 "blind_review on); approve or return the verdict instead")
        their = parse_rating(rating).value
        text = (rationale or "").strip() or None
        if text is not None and len(text) > COMMENT_LIMIT:
            raise FactcheckError(f"claim {claim_id}: the rationale is over {COMMENT_LIMIT} "
                                 "characters")
        who = self.workspace.reviewer(reviewer)
        with self.workspace.session(write=True) as session:
            verdict = _verdict_to_decide(session, claim_id, who, "give the blind verdict")
            latest = reviews_db.latest_decision(session=session, verdict_id=verdict.id or 0)
            if latest is not None:
                raise FactcheckError(f"claim {claim_id}: its verdict is {latest.decision} "
                                     "already; nothing was changed")
            decision = (ReviewDecision.APPROVED if their == verdict.rating
                        else ReviewDecision.DISPUTED)
            session.add(VerdictReview(verdict_id=verdict.id or 0, claim_id=claim_id,
                                      decision=decision.value, comment=text, reviewer=who,
                                      rating=their, blind=True))
        return DecisionInfo(claim_id=claim_id, verdict_id=verdict.id or 0, decision=decision,
                            reviewer=who, comment=text, rating=their)

    def hide_for(self, rows: Sequence[ClaimRow], viewer: str | None) -> list[ClaimRow]:
        """The rows as this viewer may see them: in blind review, without the verdicts they
        must give their own on first (verdict_hidden)."""
        if not rows or not self.blind():
            return list(rows)
        return [hide_verdict(row) if verdict_hidden(row, viewer) else row
                for row in rows]

    def detail_for(self, detail: ClaimDetail, viewer: str | None) -> ClaimDetail:
        """A claim's detail as this viewer may see it: in blind review, a verdict they must
        give their own on first is left out, with every verdict in its history but their
        own (earlier rounds by the same author would hint at it)."""
        (row,) = self.hide_for([detail.row], viewer)
        if not row.verdict_hidden:
            return detail
        return replace(detail, row=row,
                       history=[entry for entry in detail.history if entry.reviewer == viewer])

    def disagreement(self, claim_id: int) -> Disagreement | None:
        """Both sides of a disputed claim (None: its verdict is not disputed)."""
        with self.workspace.session() as session:
            verdict = q.latest_verdict(session=session, claim_id=claim_id)
            if verdict is None or verdict.rating is None:
                return None
            decisions = [d for d in reviews_db.decisions_of_claim(session=session,
                                                                   claim_id=claim_id)
                         if d.verdict_id == verdict.id]
            latest = decisions[-1] if decisions else None
            if latest is None or latest.decision != ReviewDecision.DISPUTED.value:
                return None
            return Disagreement(claim_id=claim_id,
                                first=Side(verdict.reviewer, verdict.rating, verdict.rationale),
                                second=Side(latest.reviewer, latest.rating, latest.comment))

    def approve(self, claim_ids: Sequence[int], *,
                reviewer: str | None = None) -> list[DecisionInfo]:
        """Approve the current verdicts of these claims, all or none: each must have one, by
        someone else, not approved already."""
        return self._decide(claim_ids, ReviewDecision.APPROVED, None, reviewer)

    def return_verdict(self, claim_id: int, comment: str, *, rating: str | None = None,
                       reviewer: str | None = None) -> DecisionInfo:
        """Send a claim's verdict back to its reviewer, saying why (the comment is required)."""
        text = (comment or "").strip()
        if not text:
            raise FactcheckError(f"claim {claim_id}: returning a verdict needs a comment "
                                 "saying why (--comment)")
        if len(text) > COMMENT_LIMIT:
            raise FactcheckError(f"claim {claim_id}: the comment is over {COMMENT_LIMIT} "
                                 "characters")
        their = parse_rating(rating).value if rating else None
        (done,) = self._decide([claim_id], ReviewDecision.RETURNED, text, reviewer, their)
        return done

    def _decide(self, claim_ids: Sequence[int], decision: ReviewDecision,
                comment: str | None, reviewer: str | None,
                rating: str | None = None) -> list[DecisionInfo]:
        who = self.workspace.reviewer(reviewer)
        blind = self.blind()
        if not claim_ids:
            raise FactcheckError("give at least one claim id")
        done: list[DecisionInfo] = []
        with self.workspace.session(write=True) as session:
            for claim_id in dict.fromkeys(claim_ids):
                verb = "approve" if decision is ReviewDecision.APPROVED else "return"
                verdict = _verdict_to_decide(session, claim_id, who, "decide on it", verb)
                latest = reviews_db.latest_decision(session=session, verdict_id=verdict.id or 0)
                if latest is not None and latest.decision == decision.value:
                    raise FactcheckError(f"claim {claim_id}: its verdict is {decision.value} "
                                         "already; nothing was changed")
                if blind and decision is ReviewDecision.APPROVED and latest is None:
                    # Blind mode: the second reviewer's own verdict comes first, unseen.
                    raise FactcheckError(
                        f"claim {claim_id}: blind review is on, so record your own verdict "
                        f"first (factcheck blind-verdict {claim_id} RATING); nothing was "
                        "changed")
                row = VerdictReview(verdict_id=verdict.id or 0, claim_id=claim_id,
                                    decision=decision.value, comment=comment, reviewer=who,
                                    rating=rating)
                session.add(row)
                done.append(DecisionInfo(claim_id=claim_id, verdict_id=verdict.id or 0,
                                         decision=decision, reviewer=who, comment=comment,
                                         rating=rating))
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
        steps += [TrailStep(d.decision, d.reviewer, d.created_at, d.rating, d.comment)
                  for d in decisions]
        return sorted(steps, key=lambda s: s.at)
