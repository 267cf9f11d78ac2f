"""Extracted candidates in the TUI: the dialog for a new wording (t), and the block of
wording and status changes the detail view shows.

The claims and detail screens bind the keys (accept a, discard d, reword t) and post what the
reviewer chose; the app writes it through the review session, versioned: a claim changed by
someone else since it was shown is refused, never overwritten.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from factcheck.services.candidates import ClaimChangeInfo
from factcheck.text import one_line
from factcheck.tui.render import plain, when
from factcheck.tui.screens.base import ClaimDialog


def render_changes(changes: list[ClaimChangeInfo]) -> Text:
    """The claim's wording and status changes, newest first, for the detail view."""
    block = Text()
    block.append(f"\n\nWording and status changes ({len(changes)})", style="bold")
    for change in reversed(changes):
        block.append(f"\n{when(change.changed_at)}  ", style="dim")
        block.append(one_line(change.changed_by, 30), style="bold")
        if change.field == "status":
            block.append(f"  {change.old_value} → {change.new_value}")
        else:
            block.append("  reworded; before: ")
            block.append_text(plain(one_line(change.old_value, 200), style="italic"))
    return block


class EditTextModal(ClaimDialog):
    """The claim's wording in an input; enter saves, escape cancels."""

    CSS_PATH = "candidates.tcss"

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(f"Edit the wording of claim #{self.row.id}", style="bold"))
            yield Label(plain(f"now: {self.row.text}"), id="was")
            yield Input(value=self.row.text, id="text")
            yield Label(Text("enter saves · escape cancels (the old wording stays in the "
                             "history)", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

