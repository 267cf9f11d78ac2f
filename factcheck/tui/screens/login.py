"""The login prompt: a browser session without a reviewer of its own (`factcheck serve`)
names its reviewer here before anything can be changed. It cannot be closed unnamed: escape
does nothing, ctrl+q still quits the app."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from factcheck.errors import FactcheckError
from factcheck.tui.messages import ActionFailed

NAME_LIMIT = 80


class LoginModal(ModalScreen[str]):
    CSS_PATH = "login.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        # Modal on purpose: closing it without a name would leave a session that can change
        # nothing (every change records who made it).
        Binding("escape", "stay", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text("Who is reviewing?", style="bold"))
            yield Label(Text("Every change you make is recorded with this name."))
            yield Input(placeholder="your name", id="reviewer-name", max_length=NAME_LIMIT)
            yield Label(Text("enter starts reviewing", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#reviewer-name", Input).focus()

    def action_stay(self) -> None:
        """Escape: the prompt stays until a name is given."""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if not name or not name.isprintable():
            self.post_message(ActionFailed(FactcheckError(
                "give your name (printable characters): every change records who made it")))
            return
        self.dismiss(name)
