"""The claim actions the claims table and the detail view share: verdict (v), source (s),
compare (m), approve (y) and return (x) under second review, and for extracted candidates
accept (a), discard (d) and reword (t).

Each action asks the reviewer what is needed (a dialog) and posts the answer as a message
(`VerdictChosen`, ...); the app makes the write. A screen lists the bindings below in its own
`BINDINGS` (in its own order: the footer and help show them that way) and says in
`claim_for_action` which claim the keys act on.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode

from factcheck.models import ClaimStatus
from factcheck.services import ClaimRow
from factcheck.tui.messages import (
    AcceptChosen,
    ApproveChosen,
    BlindVerdictChosen,
    DiscardChosen,
    SourceChosen,
    VerdictChosen,
    WordingChosen,
)
from factcheck.tui.screens.base import ReviewScreen
from factcheck.tui.screens.candidates import EditTextModal
from factcheck.tui.screens.compare import CompareScreen
from factcheck.tui.screens.return_verdict import ReturnModal
from factcheck.tui.screens.source import SourceModal
from factcheck.tui.screens.verdict import VerdictModal
from factcheck.tui.session import SourceChoice, VerdictChoice

VERDICT = Binding("v", "verdict", "Verdict")
SOURCE = Binding("s", "add_source", "Source")
COMPARE = Binding("m", "compare", "Compare matches")
# Extracted candidates (factcheck extract --import); listed in help and the palette.
ACCEPT = Binding("a", "accept_candidate", "Accept candidate", show=False)
DISCARD = Binding("d", "discard_candidate", "Discard candidate", show=False)
EDIT_TEXT = Binding("t", "edit_text", "Edit wording", show=False)

# Second review; listed in help and the palette (the footer is full at 80 columns).
APPROVE = Binding("y", "approve", "Approve verdict (second review)", show=False)
RETURN = Binding("x", "return_verdict", "Return verdict with a comment", show=False)

# What `a` accepts; a claim in any other status is review work already.
_ACCEPTABLE = (ClaimStatus.CANDIDATE.value, ClaimStatus.DISCARDED.value)


def ask_verdict(node: DOMNode, row: ClaimRow) -> None:
    """Open the verdict dialog for `row`; `node` posts the reviewer's choice (VerdictChosen,
    or BlindVerdictChosen when blind review hides the row's verdict from them)."""

    def chosen(choice: VerdictChoice | None) -> None:
        if choice is None:
            return
        if row.verdict_hidden:
            node.post_message(BlindVerdictChosen(row.id, choice))
        else:
            node.post_message(VerdictChosen(row.id, row.version, choice))

    node.app.push_screen(VerdictModal(row), chosen)


def ask_source(node: DOMNode, row: ClaimRow) -> None:
    """Open the source dialog for `row`; `node` posts what was entered (SourceChosen)."""

    def chosen(choice: SourceChoice | None) -> None:
        if choice is not None:
            node.post_message(SourceChosen(row.id, choice))

    node.app.push_screen(SourceModal(row), chosen)


def ask_wording(node: DOMNode, row: ClaimRow) -> None:
    """Open the wording dialog for `row`; a changed wording is posted (WordingChosen)."""

    def chosen(text: str | None) -> None:
        if text is not None and text.strip() and text.strip() != row.text.strip():
            node.post_message(WordingChosen(row.id, row.version, text))

    node.app.push_screen(EditTextModal(row), chosen)


class ClaimActionsScreen(ReviewScreen):
    """A screen whose keys act on one claim at a time (the selected row, the claim shown).

    No BINDINGS here: Textual would put inherited ones first in the footer, and help and the
    palette read each screen's own BINDINGS; so each screen lists the constants above.
    """

    def claim_for_action(self) -> ClaimRow | None:
        """The claim the keys act on now (None: none, and the reviewer was told if needed)."""
        raise NotImplementedError

    def action_verdict(self) -> None:
        row = self.claim_for_action()
        if row is not None:
            ask_verdict(self, row)

    def action_add_source(self) -> None:
        row = self.claim_for_action()
        if row is not None:
            ask_source(self, row)

    def action_compare(self) -> None:
        row = self.claim_for_action()
        if row is not None:
            self.app.push_screen(CompareScreen(self.session, row.id))

    def action_accept_candidate(self) -> None:
        row = self.claim_for_action()
        if row is None:
            return
        if row.status not in _ACCEPTABLE:
            self.notify(f"Claim #{row.id} is already review work ({row.status}).", timeout=3,
                        markup=False)
            return
        self.post_message(AcceptChosen(row.id, row.version))

    def action_discard_candidate(self) -> None:
        row = self.claim_for_action()
        if row is not None:
            self.post_message(DiscardChosen(row.id, row.version))

    def action_edit_text(self) -> None:
        row = self.claim_for_action()
        if row is not None:
            ask_wording(self, row)

    def action_approve(self) -> None:
        row = self.claim_for_action()
        if row is not None:
            self.post_message(ApproveChosen((row.id,)))

    def action_return_verdict(self) -> None:
        row = self.claim_for_action()
        if row is not None:
            self.app.push_screen(ReturnModal(row))
