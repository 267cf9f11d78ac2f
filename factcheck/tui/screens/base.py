"""Base for the app's screens: worker outcomes go to the app's one error handler."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from factcheck.services import ClaimRow

if TYPE_CHECKING:
    from factcheck.tui.app import FactcheckApp


class ReviewScreen(Screen[Any]):
    @property
    def review_app(self) -> FactcheckApp:
        return cast("FactcheckApp", self.app)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.review_app.track_worker(event)

    def data_changed(self, claim_id: int | None) -> None:
        """Something was written (claim_id, or None for everything): reload what is shown."""


class ReviewModal(ModalScreen[Any]):
    @property
    def review_app(self) -> FactcheckApp:
        return cast("FactcheckApp", self.app)


class ClaimDialog(ReviewModal):
    """A dialog about one claim (verdict, source, new wording); escape closes it unsaved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, row: ClaimRow) -> None:
        super().__init__()
        self.row = row

    def action_cancel(self) -> None:
        self.dismiss(None)
