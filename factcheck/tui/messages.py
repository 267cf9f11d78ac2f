"""The messages of the review app, in two directions.

Screens and dialogs post what the reviewer did (`VerdictChosen`, `PairJudged`, ...): they bubble
up to the app, which makes every write through its `ReviewSession` in a thread worker. The app
answers with what was written, a `ClaimChanged` of some kind (`VerdictSet`, `SourceAdded`, ...),
posted to every screen so each reloads what it shows. Answers never bubble: a screen's copy must
not come back to the app that sent it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.worker import Worker, WorkerState

from factcheck.errors import StaleVersionError
from factcheck.services import ClaimDetail, ClaimRow, SourceInfo
from factcheck.services.assignments import AssignResult
from factcheck.services.second_review import DecisionInfo
from factcheck.tui.session import SourceChoice, UndoEntry, VerdictChoice

# Dataclasses with eq=False: a message keeps identity equality, like Textual's own.

# ---------------------------------------------------------------- what the reviewer did


@dataclass(eq=False)
class VerdictChosen(Message):
    """The reviewer chose a verdict for a claim they saw at `seen_version`."""

    claim_id: int
    seen_version: int
    choice: VerdictChoice


@dataclass(eq=False)
class BlindVerdictChosen(Message):
    """Blind review: the second reviewer gave their own verdict on a claim whose first
    verdict is hidden from them."""

    claim_id: int
    choice: VerdictChoice


@dataclass(eq=False)
class SourceChosen(Message):
    claim_id: int
    choice: SourceChoice


@dataclass(eq=False)
class WordingChosen(Message):
    """The reviewer typed a new wording for a claim."""

    claim_id: int
    seen_version: int
    text: str


@dataclass(eq=False)
class AcceptChosen(Message):
    """The reviewer accepted an extracted candidate as review work."""

    claim_id: int
    seen_version: int


@dataclass(eq=False)
class AssignChosen(Message):
    """The reviewer assigned these claims to `to` (None: unassigned them)."""

    claim_ids: tuple[int, ...]
    to: str | None


@dataclass(eq=False)
class ApproveChosen(Message):
    """The reviewer approved the verdicts of these claims (second review)."""

    claim_ids: tuple[int, ...]


@dataclass(eq=False)
class ReturnChosen(Message):
    """The reviewer sent a claim's verdict back to its reviewer, saying why."""

    claim_id: int
    comment: str


@dataclass(eq=False)
class DiscardChosen(Message):
    claim_id: int
    seen_version: int


@dataclass(eq=False)
class PairJudged(Message):
    """The reviewer said whether two claims are the same claim."""

    claim_id: int
    other_id: int
    same: bool


@dataclass(eq=False)
class VerdictReuseChosen(Message):
    """The reviewer gave `claim_id` (seen at `seen_version`) the verdict of `from_claim_id`."""

    claim_id: int
    seen_version: int
    from_claim_id: int


@dataclass(eq=False)
class ActionFailed(Message):
    """Something the reviewer asked for failed; the app shows it (its one error place)."""

    error: BaseException


@dataclass(eq=False)
class WorkStateChanged(Message):
    """A screen's worker changed state (Textual tells only the screen): the app keeps the busy
    sign and reports a failure."""

    worker: Worker[Any]
    state: WorkerState


# ---------------------------------------------------------------- what the app wrote


@dataclass(eq=False)
class ClaimChanged(Message, bubble=False):
    """This claim was written (None: any claim may have changed, e.g. on reload): reload what
    is shown. Every kind below is one; each must say bubble=False again (Textual's default
    for a subclass is to bubble)."""

    claim_id: int | None


@dataclass(eq=False)
class VerdictSet(ClaimChanged, bubble=False):
    """A verdict of this session was saved (chosen, or reused from a duplicate)."""

    entry: UndoEntry


@dataclass(eq=False)
class VerdictConflicted(ClaimChanged, bubble=False):
    """The verdict was not written: someone else changed the claim since it was seen."""

    choice: VerdictChoice
    stale: StaleVersionError
    current: ClaimDetail


@dataclass(eq=False)
class SourceAdded(ClaimChanged, bubble=False):
    entry: UndoEntry
    check_now: bool  # whether the app should fetch it at once


@dataclass(eq=False)
class SourceChecked(ClaimChanged, bubble=False):
    source: SourceInfo


@dataclass(eq=False)
class ChangeUndone(ClaimChanged, bubble=False):
    entry: UndoEntry


@dataclass(eq=False)
class CandidateAccepted(ClaimChanged, bubble=False):
    row: ClaimRow


@dataclass(eq=False)
class ClaimsAssigned(ClaimChanged, bubble=False):
    """Claims were assigned (claim_id None: several may have changed)."""

    result: AssignResult


@dataclass(eq=False)
class VerdictsApproved(ClaimChanged, bubble=False):
    """Verdicts were approved (claim_id None when several were)."""

    decisions: tuple[DecisionInfo, ...]


@dataclass(eq=False)
class BlindVerdictRecorded(ClaimChanged, bubble=False):
    """A blind verdict was recorded: it approved the first (same rating) or disputed it."""

    decision: DecisionInfo
    # The first verdict's author and rating, now shown (None: decided meanwhile).
    first_by: str | None = None
    first_rating: str | None = None


@dataclass(eq=False)
class VerdictReturned(ClaimChanged, bubble=False):
    decision: DecisionInfo


@dataclass(eq=False)
class CandidateDiscarded(ClaimChanged, bubble=False):
    row: ClaimRow


@dataclass(eq=False)
class ClaimReworded(ClaimChanged, bubble=False):
    row: ClaimRow


@dataclass(eq=False)
class PairDecided(ClaimChanged, bubble=False):
    """Two claims were confirmed as one, or kept apart; claim_id is None, since the duplicate
    markers of other claims may change with it."""

    first_id: int
    second_id: int
    same: bool


@dataclass(eq=False)
class VectorsEmbedded(ClaimChanged, bubble=False):
    """The missing sentence vectors were computed and those claims matched again (`summary`
    says what was found; None: no claim waited)."""

    summary: str | None
