"""Bases for the app's screens. A screen gets the review session when it is made (for its
reads and the reviewer's name); it never calls the app: it posts messages, and reloads when
the app answers that a claim changed."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from factcheck.services import ClaimRow
from factcheck.tui.messages import ClaimChanged, WorkStateChanged
from factcheck.tui.session import ReviewSession


class ReviewScreen(Screen[Any]):
    def __init__(self, session: ReviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Textual tells only this screen; the app keeps the busy sign and reports errors.
        self.post_message(WorkStateChanged(event.worker, event.state))

    @on(ClaimChanged)
    def _claim_changed(self, event: ClaimChanged) -> None:
        self.data_changed(event.claim_id)

    def data_changed(self, claim_id: int | None) -> None:
        """Something was written (claim_id, or None for everything): reload what is shown."""


class ClaimDialog(ModalScreen[Any]):
    """A dialog about one claim (verdict, source, new wording); escape closes it unsaved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, row: ClaimRow) -> None:
        super().__init__()
        self.row = row

    def action_cancel(self) -> None:
        self.dismiss(None)
