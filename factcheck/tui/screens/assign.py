"""The assign dialog (A on the claim table): who works on the chosen claims. An empty name
unassigns them; the reviewer's own name and the names claims are assigned to are suggested."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label

from factcheck.services.assignments import NAME_LIMIT
from factcheck.text import one_line
from factcheck.tui.messages import AssignChosen


class AssignModal(ModalScreen[None]):
    CSS_PATH = "assign.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, claim_ids: Sequence[int], *, me: str | None,
                 names: Sequence[str]) -> None:
        super().__init__()
        self.claim_ids = tuple(claim_ids)
        self.me = me
        self.names = list(dict.fromkeys(names if me is None else [me, *names]))

    def compose(self) -> ComposeResult:
        n = len(self.claim_ids)
        what = f"claim #{self.claim_ids[0]}" if n == 1 else f"{n} claims"
        with Vertical(id="dialog"):
            yield Label(Text(f"Assign {what} to", style="bold"))
            yield Input(placeholder=one_line(self.me, 40) if self.me else "name",
                        id="assignee-name", max_length=NAME_LIMIT,
                        suggester=SuggestFromList(self.names, case_sensitive=False))
            known = ", ".join(one_line(name, 20) for name in self.names[:6])
            if known:
                yield Label(Text(f"known: {known}", style="dim"))
            yield Label(Text("enter assigns · empty unassigns · escape cancels", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#assignee-name", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        # The app checks the name (one error place) in the write.
        self.app.post_message(AssignChosen(self.claim_ids, name or None))
        self.dismiss(None)
