"""Source modal: URL, stance and a note; enter saves, escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from factcheck.models import Stance
from factcheck.services.core import check_source_url
from factcheck.text import one_line
from factcheck.tui.messages import ActionFailed
from factcheck.tui.render import plain
from factcheck.tui.screens.base import ClaimDialog
from factcheck.tui.session import SourceChoice


class SourceModal(ClaimDialog):
    CSS_PATH = "source.tcss"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Label(Text(f"Add a source to claim #{self.row.id}", style="bold"))
            yield Static(plain(one_line(self.row.text, 200)), id="claim-text")
            yield Input(placeholder="https://… (the source's address)", id="url")
            yield Select([(Text(s.value), s.value) for s in Stance], value=Stance.CONTEXT.value,
                         allow_blank=False, id="stance")
            yield Input(placeholder="note: what the source shows (optional)", id="note")
            yield Label(Text("enter saves · tab moves · escape cancels", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#url", Input).focus()

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        url_input = self.query_one("#url", Input)
        try:
            url = check_source_url(url_input.value)
        except Exception as exc:  # FactcheckError, or anything the validation did not foresee
            # Stay open with what was typed, so nothing entered is lost.
            self.post_message(ActionFailed(exc))
            url_input.focus()
            return
        stance = Stance(str(self.query_one("#stance", Select).value))
        note = self.query_one("#note", Input).value.strip() or None
        self.dismiss(SourceChoice(url, stance, note))

