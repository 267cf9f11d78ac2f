"""Extracted candidates in the TUI: accept (a), discard (d), edit the wording (t).

The claims screen binds the keys and calls `accept`, `discard` and `request_edit`; each write
runs in a thread worker through the service (versioned: a claim changed by someone else since
it was shown is refused, never overwritten) and the app's one error handler reports failures.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from factcheck.services import ClaimRow
from factcheck.services.candidates import ClaimChangeInfo
from factcheck.text import one_line
from factcheck.tui.render import plain, when
from factcheck.tui.screens.base import ClaimDialog, ReviewScreen


def _write(screen: ReviewScreen, row: ClaimRow, change: Callable[[], ClaimRow],
           message: str) -> None:
    app = screen.review_app

    def job() -> None:
        change()
        app.call_from_thread(_changed, screen, row.id, message)

    app.run_worker(job, thread=True, group="write", exit_on_error=False)


def _changed(screen: ReviewScreen, claim_id: int, message: str) -> None:
    screen.notify(message, timeout=3, markup=False)
    screen.review_app.broadcast_change(claim_id)


def accept(screen: ReviewScreen, row: ClaimRow) -> None:
    if row.status != "candidate" and row.status != "discarded":
        screen.notify(f"Claim #{row.id} is already review work ({row.status}).", timeout=3,
                      markup=False)
        return
    service = screen.review_app.service
    _write(screen, row, lambda: service.accept_candidate(row.id, expected_version=row.version),
           f"Accepted claim #{row.id}: it is now review work.")


def discard(screen: ReviewScreen, row: ClaimRow) -> None:
    service = screen.review_app.service
    _write(screen, row, lambda: service.discard_candidate(row.id, expected_version=row.version),
           f"Discarded claim #{row.id} (kept; a accepts it again).")


def request_edit(screen: ReviewScreen, row: ClaimRow) -> None:
    service = screen.review_app.service

    def chosen(text: str | None) -> None:
        if text is not None and text.strip() and text.strip() != row.text.strip():
            _write(screen, row, lambda: service.edit_claim_text(
                row.id, text, expected_version=row.version),
                f"Saved the new wording of claim #{row.id} (the old one is kept).")

    screen.app.push_screen(EditTextModal(row), chosen)


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

    DEFAULT_CSS = """
    EditTextModal { align: center middle; }
    EditTextModal #dialog {
        width: 90; max-width: 100%; height: auto; max-height: 100%; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    EditTextModal #was { margin: 1 0; max-height: 4; color: $text-muted; }
    """

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

