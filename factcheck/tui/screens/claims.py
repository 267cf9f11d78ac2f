"""Main screen: header with progress, filter bar, the paged claim table, a status line.

Extending it: screen keys live in `ClaimsScreen.BINDINGS` (each `action_*` below, or in
`claim_actions` for the keys the detail view shares), columns in
`factcheck.tui.widgets.claim_table.CLAIM_COLUMNS`; both show up in the help screen and the
command palette by themselves.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from factcheck.services import ClaimFilter, ClaimRow, Progress, ReviewQueue
from factcheck.text import one_line
from factcheck.tui.messages import ApproveChosen
from factcheck.tui.screens.assign import AssignModal
from factcheck.tui.screens.claim_actions import (
    ACCEPT,
    APPROVE,
    COMPARE,
    DISCARD,
    EDIT_TEXT,
    RETURN,
    SOURCE,
    VERDICT,
    ClaimActionsScreen,
)
from factcheck.tui.screens.detail import DetailScreen
from factcheck.tui.session import ReviewSession
from factcheck.tui.widgets.claim_table import PAGE_SIZE, ClaimTable
from factcheck.tui.widgets.filter_bar import FilterBar
from factcheck.tui.widgets.review_header import ReviewHeader


def describe_filter(flt: ClaimFilter) -> str:
    """The active filters in one line ("status=reviewed, search "kai""); "" when none."""
    parts = [f"{name}={one_line(value, 30)}" for name, value in (
        ("status", flt.status), ("article", flt.article_ref), ("verdict", flt.verdict),
        ("language", flt.language), ("review", flt.review_state),
        ("queue", flt.queue.value if flt.queue else None)) if value]
    if flt.assignee is not None:
        parts.append(f"assignee={one_line(flt.assignee, 30) or 'none'}")
    if flt.search:
        parts.append(f'search "{one_line(flt.search, 30)}"')
    if flt.claim_ids is not None:
        parts.append(f"{len(flt.claim_ids)} chosen claims")
    return ", ".join(parts)


class ClaimsScreen(ClaimActionsScreen):
    CSS_PATH = "claims.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        VERDICT,
        SOURCE,
        Binding("n", "next_open", "Next mine"),
        Binding("space", "toggle_chosen", "Select row", show=False),
        Binding("A", "assign", "Assign"),
        APPROVE,
        RETURN,
        Binding("w", "to_approve", "To approve: verdicts by others (second review)",
                show=False),
        COMPARE,
        Binding("slash", "search", "Search"),
        ACCEPT,
        DISCARD,
        EDIT_TEXT,
        # In the search box escape also clears the search (enter keeps it): see help.
        Binding("escape", "focus_table", "Back to the table", show=False),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__(session, id="claims")
        # The reviewer's own returned verdicts come first in their list (the viewer).
        self.flt = ClaimFilter(viewer=session.reviewer)
        self._markers: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield ReviewHeader(id="header")
        yield FilterBar(viewer=lambda: self.session.reviewer)
        yield ClaimTable(id="claim-table")
        yield Static(id="status-line")
        yield Footer()

    @property
    def table(self) -> ClaimTable:
        return self.query_one(ClaimTable)

    @property
    def selected(self) -> ClaimRow | None:
        return self.table.selected

    def on_mount(self) -> None:
        header = self.query_one(ReviewHeader)
        header.reviewer = self.session.reviewer or ""
        self.table.fit_width(self.app.size.width)
        self.table.focus()
        self.load(with_choices=True)

    # ------------------------------------------------------------------ loading

    def load(self, *, offset: int | None = None, select_id: int | None = None,
             keep_id: int | None = None, cursor_row: int = 0,
             with_choices: bool = False) -> None:
        """Load a page for the current filter. select_id: go to the page holding that claim
        (costs two counts); keep_id: stay on that claim if the loaded page holds it."""
        # The viewer as of now: a served session names its reviewer after the first page.
        self.flt = replace(self.flt, viewer=self.session.reviewer)
        self._load_page(self.flt, self.table.page_start if offset is None else offset, select_id,
                        keep_id, cursor_row, with_choices)

    @work(thread=True, exclusive=True, group="claims-page", exit_on_error=False)
    def _load_page(self, flt: ClaimFilter, offset: int, select_id: int | None,
                   keep_id: int | None, cursor_row: int, with_choices: bool) -> None:
        service = self.session.service
        total = service.count_claims(flt)
        if select_id is not None:
            position = service.claim_position(select_id, flt)
            if position is not None:
                offset, cursor_row = divmod(position, PAGE_SIZE)
                offset *= PAGE_SIZE
        last_offset = max(0, (total - 1) // PAGE_SIZE * PAGE_SIZE)
        offset = min(max(offset, 0), last_offset)
        rows = service.list_claims(flt, limit=PAGE_SIZE, offset=offset)
        kept = [index for index, row in enumerate(rows) if row.id == keep_id]
        if kept:
            cursor_row = kept[0]
        markers = service.claim_markers([row.id for row in rows])
        progress = service.progress()
        choices = ((service.article_refs(), service.claim_languages(),
                    service.assignments.known_assignees()) if with_choices else None)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_page, flt, rows, markers, offset, total,
                                      cursor_row, progress, choices)

    def _show_page(self, flt: ClaimFilter, rows: list[ClaimRow], markers: dict[int, str],
                   offset: int, total: int, cursor_row: int, progress: Progress,
                   choices: tuple[list[str], list[str], list[str]] | None) -> None:
        if flt != self.flt:
            return  # a newer filter is on its way
        self._markers = markers
        self.table.show_page(rows, markers, offset=offset, total=total, cursor_row=cursor_row)
        header = self.query_one(ReviewHeader)
        header.reviewed, header.total = progress.reviewed, progress.total
        if choices is not None:
            self.query_one(FilterBar).set_choices(*choices)
        self._update_status_line()

    def _update_status_line(self) -> None:
        table = self.table
        line = Text()
        if table.total == 0 and replace(self.flt, viewer=None) == ClaimFilter():
            line.append("No claims yet. Quit (q) and run: factcheck review claims/  "
                        "(or factcheck import PATH)", style="bold")
        elif table.total == 0:
            line.append("No claim matches this filter.", style="bold")
        else:
            line.append(f"claims {table.page_start + 1:,}–{table.page_start + len(table.claims):,} "
                        f"of {table.total:,}")
            if table.has_next_page or table.has_previous_page:
                line.append("  (j/k past the edge turns the page, g/G jump)", style="dim")
        active = describe_filter(self.flt)
        if active:
            line.append(f"   filter: {active}", style="dim")
        self.query_one("#status-line", Static).update(line)

    def data_changed(self, claim_id: int | None) -> None:
        selected = self.selected
        self.load(keep_id=selected.id if selected else None,
                  cursor_row=self.table.cursor_row, with_choices=claim_id is None)

    # ------------------------------------------------------------------ events

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "claims-page" and event.state == WorkerState.ERROR:
            self.table.forget_pending()  # else the keys would wait for a page that never comes
        super().on_worker_state_changed(event)

    def on_resize(self, event: Resize) -> None:
        if self.table.fit_width(event.size.width) and self.table.claims:
            self.table.show_page(self.table.claims, self._markers, offset=self.table.page_start,
                                 total=self.table.total, cursor_row=self.table.cursor_row)

    @on(FilterBar.FilterChanged)
    def _filter_changed(self, event: FilterBar.FilterChanged) -> None:
        self.flt = event.flt  # load() adds the viewer
        self.table.chosen.clear()  # chosen rows the new filter may hide would act unseen
        self.table.forget_pending()
        selected = self.selected
        self.load(offset=0, keep_id=selected.id if selected else None)

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.table.focus()

    @on(ClaimTable.PageRequested)
    def _page_requested(self, event: ClaimTable.PageRequested) -> None:
        offset, cursor_row = divmod(event.target, PAGE_SIZE)
        self.load(offset=offset * PAGE_SIZE, cursor_row=cursor_row)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_detail()

    # ------------------------------------------------------------------ actions

    def claim_for_action(self) -> ClaimRow | None:
        row = self.selected
        if row is None:
            self.notify("No claim selected.", severity="warning")
        return row

    def action_open_detail(self) -> None:
        row = self.claim_for_action()
        if row is not None:
            self.app.push_screen(DetailScreen(self.session, row.id))

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_table(self) -> None:
        if self.focused is self.query_one("#search", Input):
            self.query_one(FilterBar).clear_search()
        self.table.focus()

    def action_to_approve(self) -> None:
        """w: the verdicts by others waiting for a second reviewer (w again: every claim)."""
        shown = self.query_one(FilterBar).toggle_queue(ReviewQueue.TO_APPROVE.value)
        self.notify("To approve: verdicts by others, proposed or disputed." if shown
                    else "Every claim again.", timeout=2)

    def action_toggle_chosen(self) -> None:
        """Space: choose the cursor row for A (or take it out again); the ● mark shows it."""
        row = self.selected
        if row is None:
            return
        self.table.chosen ^= {row.id}
        self.table.show_page(self.table.claims, self._markers, offset=self.table.page_start,
                             total=self.table.total, cursor_row=self.table.cursor_row)
        n = len(self.table.chosen)
        self.notify(f"{n} claim{'s' if n != 1 else ''} selected (A assigns them)", timeout=2)

    def _chosen_or_cursor(self) -> list[int]:
        """The chosen rows (space), or else the cursor row ([]: none, and the reviewer was
        told)."""
        chosen = sorted(self.table.chosen)
        if chosen:
            return chosen
        row = self.claim_for_action()
        return [row.id] if row is not None else []

    def action_assign(self) -> None:
        """A: assign the chosen rows, or else the cursor row."""
        chosen = self._chosen_or_cursor()
        if chosen:
            self._ask_assignee(chosen)

    @work(thread=True, exclusive=True, group="claims-assign", exit_on_error=False)
    def _ask_assignee(self, claim_ids: list[int]) -> None:
        names = self.session.service.assignments.known_assignees()
        self.app.call_from_thread(self._show_assign, claim_ids, names)

    def _show_assign(self, claim_ids: list[int], names: list[str]) -> None:
        self.table.chosen.clear()
        self.app.push_screen(AssignModal(claim_ids, me=self.session.reviewer, names=names))

    def action_approve(self) -> None:
        """y: approve the verdicts of the chosen rows, or else the cursor row's."""
        chosen = self._chosen_or_cursor()
        if chosen:
            self.table.chosen.clear()
            self.post_message(ApproveChosen(tuple(chosen)))

    def action_next_open(self) -> None:
        row = self.selected
        self._find_next_open(self.flt, row.id if row else 0)

    @work(thread=True, exclusive=True, group="claims-find", exit_on_error=False)
    def _find_next_open(self, flt: ClaimFilter, after_id: int) -> None:
        found, mine = self.session.next_mine(after_id, flt)
        self.app.call_from_thread(self._jump_to, flt, found, mine)

    def _jump_to(self, flt: ClaimFilter, claim_id: int | None, mine: bool = True) -> None:
        if flt != self.flt:
            return
        if claim_id is None:
            self.notify("Every claim in this view is reviewed.")
            return
        if not mine:
            self.notify("Nothing assigned to you needs work: next unreviewed claim.",
                        timeout=3)
        self.table.focus()
        self.table.forget_pending()  # the jump wins over j/k still queued for a page
        self.load(select_id=claim_id)
