"""The return dialog (x on the claim table): a second reviewer sends a claim's verdict back to
its reviewer, saying why. The comment is required: the dialog stays open until one is typed,
since a return without a reason leaves the first reviewer nothing to act on."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from factcheck.services import ClaimRow
from factcheck.services.second_review import COMMENT_LIMIT
from factcheck.text import one_line
from factcheck.tui.messages import ReturnChosen


class ReturnModal(ModalScreen[None]):
    CSS_PATH = "return_verdict.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, row: ClaimRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical(id="dialog"):
            yield Label(Text(f"Return the verdict of claim #{row.id}", style="bold"))
            yield Label(Text(one_line(row.text, 200)))
            who = one_line(row.reviewer, 30) if row.reviewer else "?"
            yield Label(Text(f"{row.verdict or 'no verdict'} by {who}", style="dim"))
            yield Input(placeholder="why it goes back (required)", id="return-comment",
                        max_length=COMMENT_LIMIT)
            yield Label(Text("enter returns it · escape cancels", style="dim"),
                        id="return-hint")

    def on_mount(self) -> None:
        self.query_one("#return-comment", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        comment = event.value.strip()
        if not comment:
            self.query_one("#return-hint", Label).update(
                Text("A comment is required: say what the reviewer should look at.",
                     style="bold red"))
            return
        self.app.post_message(ReturnChosen(self.row.id, comment))
        self.dismiss(None)
