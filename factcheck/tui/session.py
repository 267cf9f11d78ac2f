"""The review session: what one reviewer's run of the review app remembers, and every write it
makes. No Textual here: the app runs these methods in thread workers, tests call them directly.

What it keeps:
- the reviewer its changes are recorded for: the service's, or, in a served browser session
  without a reviewer of its own, the name given at the login prompt (nothing is written
  before);
- the undo stack of this session's own verdicts and sources (undo appends history, it never
  deletes; the undo of a source is checked like adding it, so it never conflicts);
- the claim version each of its own changes left behind, so a row loaded just before our own
  last change is not taken for a stale one, while a change by anyone else still is (for a
  verdict only a change of the claim's text or verdict, for accepting or discarding a
  candidate only one of its text or status: someone else's new source, tag or duplicate
  decision is merged, and the saved notice says so);
- one write lock: every write (and the bookkeeping that goes with it) runs under it, so a
  quick `u u`, or a verdict saved while a source is still being added, cannot race itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from factcheck.errors import FactcheckError, StaleVersionError
from factcheck.models import Rating, Stance
from factcheck.services import ClaimDetail, ClaimFilter, ClaimRow, FactcheckService, SourceInfo
from factcheck.services.assignments import AssignResult
from factcheck.services.matching import DuplicatePair, MatchReport
from factcheck.services.second_review import DecisionInfo


@dataclass(frozen=True)
class VerdictChoice:
    """What the reviewer picked in the verdict dialog."""

    rating: Rating
    rationale: str | None


@dataclass(frozen=True)
class SourceChoice:
    """What the reviewer entered in the source dialog (the URL already checked)."""

    url: str
    stance: Stance
    note: str | None


@dataclass(frozen=True)
class UndoEntry:
    """One change of this session that `undo_last` can take back."""

    kind: Literal["verdict", "source"]
    item_id: int  # the verdict's or the source's id
    claim_id: int
    # The claim's version right after the change: undo refuses if someone changed it since.
    claim_version: int
    label: str  # "verdict false on claim #12", for the reviewer's notices
    # Changes by someone else (sources, tags, duplicate decisions) merged into this one: they
    # came after the version the reviewer saw and did not make the verdict stale.
    merged: int = 0


@dataclass(frozen=True)
class VerdictConflict:
    """The verdict was not written: the claim changed (by someone else) since it was seen."""

    stale: StaleVersionError
    current: ClaimDetail  # the claim as it is now, to show the reviewer


@dataclass(frozen=True)
class Undone:
    entry: UndoEntry
    claim_version: int  # the claim's version after the undo


class ReviewSession:
    """One reviewer's session over a `FactcheckService`; safe to call from several threads."""

    def __init__(self, service: FactcheckService) -> None:
        self.service = service
        # None until named: a served browser session without a reviewer of its own asks
        # first (the app's login prompt), and nothing is written before.
        self._reviewer: str | None = service.settings.reviewer
        self._undo: list[UndoEntry] = []
        self._own_versions: dict[int, int] = {}
        # One write at a time; the undo stack and the own versions change only under it.
        self._writes = threading.Lock()

    @property
    def reviewer(self) -> str | None:
        """Who this session's changes are recorded for (None: not named yet)."""
        return self._reviewer

    def name_reviewer(self, name: str) -> str:
        """The reviewer names themself (the login prompt); once, before any change."""
        with self._writes:
            if self._reviewer is not None:
                raise FactcheckError(f"this session already reviews as {self._reviewer}")
            who = name.strip()
            if not who:
                raise FactcheckError("give a name: every change records who made it")
            self._reviewer = who
            return who

    def _who(self) -> str:
        if self._reviewer is None:
            raise FactcheckError("give your name first (every change records who made it); "
                                 "nothing was changed")
        return self._reviewer

    @property
    def checks_new_sources(self) -> bool:
        """Whether a new source should be fetched at once (off for offline work)."""
        return self.service.sources.automatic

    @property
    def undo_entries(self) -> tuple[UndoEntry, ...]:
        """This session's undoable changes, oldest first."""
        return tuple(self._undo)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def own_version(self, claim_id: int) -> int | None:
        """The claim version this session's own last change left behind (None: no change)."""
        return self._own_versions.get(claim_id)

    def _expected(self, claim_id: int, seen_version: int) -> int:
        # A row seen before this session's own last change on the claim is not stale for us.
        return max(seen_version, self._own_versions.get(claim_id, 0))

    def _remember(self, entry: UndoEntry) -> UndoEntry:
        self._undo.append(entry)
        self._own_versions[entry.claim_id] = entry.claim_version
        return entry

    # ------------------------------------------------------------------ verdicts

    def set_verdict(self, claim_id: int, seen_version: int,
                    choice: VerdictChoice) -> UndoEntry | VerdictConflict:
        """Append the reviewer's verdict to a claim they saw at `seen_version`; if someone
        else changed it since, nothing is written and the claim as it is now comes back."""
        with self._writes:
            expected = self._expected(claim_id, seen_version)
            try:
                info = self.service.set_verdict(
                    claim_id, choice.rating, rationale=choice.rationale,
                    reviewer=self._who(), expected_version=expected)
            except StaleVersionError as stale:
                return VerdictConflict(stale, self.service.claim_detail(claim_id))
            return self._remember(UndoEntry("verdict", info.id, claim_id, info.claim_version,
                                            f"verdict {info.rating} on claim #{claim_id}",
                                            merged=info.claim_version - expected - 1))

    def reuse_verdict(self, claim_id: int, seen_version: int, from_claim_id: int) -> UndoEntry:
        """Give the claim the verdict of a claim it duplicates; undone like any verdict."""
        with self._writes:
            info = self.service.matching.reuse_verdict(
                claim_id, from_claim_id, reviewer=self._who(),
                expected_version=self._expected(claim_id, seen_version))
            if info.rating is None:
                raise FactcheckError("the reused verdict is empty")
            return self._remember(UndoEntry(
                "verdict", info.id, claim_id, info.claim_version,
                f"verdict {info.rating} on claim #{claim_id}, reused from #{from_claim_id}"))

    # ------------------------------------------------------------------ sources

    def add_source(self, claim_id: int, choice: SourceChoice) -> UndoEntry:
        """Add a source (adding never conflicts: it overwrites nothing)."""
        with self._writes:
            info = self.service.add_source(claim_id, choice.url, stance=choice.stance,
                                           note=choice.note, added_by=self._who())
            # add_source does not say the claim's new version; read it under the same lock,
            # so no write of this session can slip in between.
            version = self.service.claim_detail(claim_id).row.version
            taken_out = (" (credentials taken out of the URL)"
                         if info.url != choice.url.strip() else "")
            return self._remember(UndoEntry("source", info.id, claim_id, version,
                                            f"source on claim #{claim_id}{taken_out}"))

    def check_source(self, source_id: int) -> SourceInfo:
        """Fetch a source's URL and record what came back (status, final URL, title).

        Not under the write lock: a fetch may take the whole timeout, and the reviewer's
        verdicts must not wait behind it; a check changes no claim version, so it cannot
        upset the own-version bookkeeping either."""
        return self.service.sources.check_one(source_id)

    # ------------------------------------------------------------------ candidates

    def assign(self, claim_ids: Sequence[int], to: str | None) -> AssignResult:
        """Assign these claims to `to` (None: unassign), all or none; recorded as by this
        session's reviewer. No version changes, so nothing to remember for staleness."""
        with self._writes:
            return self.service.assignments.assign(list(claim_ids), to, reviewer=self._who())

    def approve(self, claim_ids: Sequence[int]) -> list[DecisionInfo]:
        """Approve these claims' verdicts as this session's reviewer (second review), all or
        none. A decision changes no claim version, so nothing to remember for staleness."""
        with self._writes:
            return self.service.second_review.approve(list(claim_ids), reviewer=self._who())

    def record_blind(self, claim_id: int, choice: VerdictChoice) -> DecisionInfo:
        """Blind review: this reviewer's own verdict on a claim whose first verdict they have
        not seen; the same rating approves it, another disputes it."""
        with self._writes:
            return self.service.second_review.record_blind(
                claim_id, choice.rating.value, choice.rationale, reviewer=self._who())

    def return_verdict(self, claim_id: int, comment: str) -> DecisionInfo:
        """Send a claim's verdict back to its reviewer with a comment (required)."""
        with self._writes:
            return self.service.second_review.return_verdict(claim_id, comment,
                                                             reviewer=self._who())

    def next_mine(self, after_id: int, flt: ClaimFilter) -> tuple[int | None, bool]:
        """The next claim assigned to this reviewer that needs work (wrapping around), else
        the next unreviewed one; the bool says whether it is one of theirs."""
        if self._reviewer is not None:
            found = self.service.assignments.next_mine(self._reviewer, after_id, flt)
            if found is not None:
                return found, True
        return self.service.next_open_claim(after_id, flt), False

    def accept_candidate(self, claim_id: int, seen_version: int) -> ClaimRow:
        """An extracted candidate (or a discarded claim) becomes review work."""
        with self._writes:
            expected = self._expected(claim_id, seen_version)
            row = self.service.accept_candidate(claim_id, reviewer=self._who(),
                                                expected_version=expected)
            return self._remember_row(row, expected)

    def discard_candidate(self, claim_id: int, seen_version: int) -> ClaimRow:
        with self._writes:
            expected = self._expected(claim_id, seen_version)
            row = self.service.discard_candidate(claim_id, reviewer=self._who(),
                                                 expected_version=expected)
            return self._remember_row(row, expected)

    def edit_claim_text(self, claim_id: int, seen_version: int, text: str) -> ClaimRow:
        """New wording for the claim (the old one stays in its changes)."""
        with self._writes:
            expected = self._expected(claim_id, seen_version)
            row = self.service.edit_claim_text(claim_id, text, reviewer=self._who(),
                                               expected_version=expected)
            return self._remember_row(row, expected)

    def _remember_row(self, row: ClaimRow, expected: int) -> ClaimRow:
        """Not undoable (as before), but our own: a verdict on the row as it was shown just
        before must not be taken for a stale one."""
        # Only a write that moved the claim one version on is ours: a change that was already
        # made (accepting an accepted claim) returns the row untouched, maybe with someone
        # else's versions in it.
        if row.version == expected + 1:
            self._own_versions[row.id] = row.version
        return row

    # ------------------------------------------------------------------ vectors

    def vectors_waiting(self) -> int:
        """How many claims have no sentence vector yet (0 with the encoder off)."""
        return self.service.vectors.waiting()

    def embed_waiting(self, on_progress: Callable[[int, int, str], None] | None = None
                      ) -> MatchReport | None:
        """Compute the missing sentence vectors and match those claims again (None: none
        waited); a write like the others, one at a time."""
        with self._writes:
            return self.service.matching.embed_waiting(on_progress)

    # ------------------------------------------------------------------ duplicates

    def judge_pair(self, claim_id: int, other_id: int, *, same: bool) -> DuplicatePair:
        """Confirm two claims as the same claim, or reject the pair (never suggested again)."""
        with self._writes:
            matching = self.service.matching
            if same:
                return matching.confirm(claim_id, other_id, reviewer=self._who())
            return matching.reject(claim_id, other_id, reviewer=self._who())

    # ------------------------------------------------------------------ undo

    def undo_last(self) -> Undone | None:
        """Take back this session's last change by appending to the history (None: nothing
        left to undo). Refused (FactcheckError, the change stays as it is and leaves the
        stack) when someone else changed the claim since."""
        with self._writes:
            # Popped under the lock, so two quick undos take back two changes, newest first,
            # whichever thread gets here first.
            if not self._undo:
                return None
            entry = self._undo.pop()
            expected = self._own_versions.get(entry.claim_id, entry.claim_version)
            try:
                if entry.kind == "verdict":
                    version = self.service.undo_verdict(
                        entry.item_id, reviewer=self._who(),
                        expected_version=expected).claim_version
                else:
                    # Checked like adding it: someone else's change since is no conflict.
                    self.service.retract_source(entry.item_id, reviewer=self._who())
                    version = self.service.claim_detail(entry.claim_id).row.version
            except StaleVersionError as stale:
                raise FactcheckError(f"cannot undo the {entry.label}: {stale.message}") from None
            self._own_versions[entry.claim_id] = version
            return Undone(entry, version)
