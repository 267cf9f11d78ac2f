"""The claim table: one page of claims, vim keys, and the column list in one place.

The table shows a page (`PAGE_SIZE` rows) of the filtered claims; moving past the first or last
row asks the screen for the neighbouring page, so 100,000 claims never become 100,000 widgets'
worth of rows. Moves that arrive while a page loads are added up (`pending_target`, an
absolute position) and applied when it is shown, so no keypress is lost at a page turn.
To add a column, append a `ClaimColumn` to `CLAIM_COLUMNS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from factcheck.services import ClaimRow
from factcheck.tui.render import cell

PAGE_SIZE = 100

_STATUS_STYLE = {"reviewed": "green", "in_review": "yellow", "unreviewed": "",
                 "candidate": "cyan", "discarded": "dim"}
_VERDICT_STYLE = {"true": "green", "mostly-true": "green", "mixed": "yellow",
                  "mostly-false": "red", "false": "bold red", "misleading": "red",
                  "unproven": "magenta", "not-checkable": "dim"}


@dataclass(frozen=True)
class ClaimColumn:
    key: str
    label: str
    # None: the column takes the width the others leave.
    width: int | None
    render: Callable[[ClaimRow, str], Text]
    # In a narrow terminal the column gives up width down to this, after the claim column
    # has shrunk to MIN_FLEX_WIDTH (None: it keeps its width), so status, verdict and src
    # stay on screen.
    min_width: int | None = None


def _sources_cell(row: ClaimRow) -> Text:
    """The source count; red with a ✗ when a source's link check found it dead."""
    if row.dead_source_count:
        return Text(f"{row.source_count}✗", style="bold red", justify="right")
    return Text(str(row.source_count or "-"), justify="right")


def _verdict_cell(row: ClaimRow) -> Text:
    """The rating; "hidden" in blind review until the reviewer has given their own."""
    if row.verdict_hidden:
        return cell("hidden", "italic magenta")
    return cell(row.verdict or "-", _VERDICT_STYLE.get(row.verdict or "", "dim"))


CLAIM_COLUMNS: list[ClaimColumn] = [
    # Filled from FactcheckService.claim_markers (the duplicate-matching feature).
    ClaimColumn("marker", "", 1, lambda row, marker: cell(marker, "bold yellow")),
    ClaimColumn("article", "article", 12,
                lambda row, _: cell(row.article_ref or row.article_title, "dim"), min_width=7),
    ClaimColumn("claim", "claim", None, lambda row, _: cell(row.text)),
    ClaimColumn("speaker", "speaker", 10, lambda row, _: cell(row.speaker), min_width=7),
    ClaimColumn("status", "status", 10,
                lambda row, _: cell(row.status, _STATUS_STYLE.get(row.status, ""))),
    ClaimColumn("verdict", "verdict", 13, lambda row, _: _verdict_cell(row)),
    ClaimColumn("assignee", "assignee", 10,
                lambda row, _: cell(row.assignee) if row.assignee
                else cell("unassigned", "dim"), min_width=5),
    ClaimColumn("sources", "src", 3, lambda row, _: _sources_cell(row)),
]

MIN_FLEX_WIDTH = 14


class ClaimTable(DataTable[Text]):
    """Shows one page of claim rows; posts PageRequested at the page edges."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False),
        Binding("k,up", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "Top", show=False),
        Binding("G,end", "last", "Bottom", show=False),
        Binding("enter", "select_cursor", "Open", show=False),
    ]

    class PageRequested(Message):
        """The cursor wants to go to `target` (a position among all filtered claims, from 0)
        outside the page shown; the screen loads the page holding it and calls show_page."""

        def __init__(self, target: int) -> None:
            super().__init__()
            self.target = target

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.claims: list[ClaimRow] = []
        self.page_start = 0
        self.total = 0
        self._flex_width = MIN_FLEX_WIDTH
        self._widths = {c.key: c.width for c in CLAIM_COLUMNS if c.width is not None}
        # Where the cursor goes once the page being loaded arrives (None: no page asked for).
        self.pending_target: int | None = None
        # Claim ids picked with space (kept across pages and refreshes).
        self.chosen: set[int] = set()

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        for column in CLAIM_COLUMNS:
            self.add_column(Text(column.label), key=column.key,
                            width=self._widths.get(column.key, self._flex_width))

    def fit_width(self, width: int) -> bool:
        """Give the claim column the width left over (it shrinks first, then the columns
        with a min_width); True if a column width changed."""
        padding = 2 * self.cell_padding * len(CLAIM_COLUMNS)
        available = width - padding - 2  # 2: vertical scrollbar
        widths = {c.key: c.width for c in CLAIM_COLUMNS if c.width is not None}
        short = MIN_FLEX_WIDTH - (available - sum(widths.values()))
        for column in CLAIM_COLUMNS:
            if short <= 0:
                break
            if column.width is not None and column.min_width is not None:
                given = min(short, column.width - column.min_width)
                widths[column.key] -= given
                short -= given
        flex = max(MIN_FLEX_WIDTH, available - sum(widths.values()))
        if (flex, widths) == (self._flex_width, self._widths):
            return False
        self._flex_width, self._widths = flex, widths
        return True

    def show_page(self, claims: Sequence[ClaimRow], markers: dict[int, str], *, offset: int,
                  total: int, cursor_row: int = 0) -> None:
        self.clear(columns=True)
        self._add_columns()
        self.claims = list(claims)
        self.page_start = offset
        self.total = total
        for row in self.claims:
            marker = "●" if row.id in self.chosen else markers.get(row.id, "")
            self.add_row(*(column.render(row, marker) for column in CLAIM_COLUMNS),
                         key=str(row.id))
        target = self.pending_target
        if target is not None and total > 0:
            target = min(max(target, 0), total - 1)
            if offset <= target < offset + len(self.claims):
                cursor_row = target - offset
                self.pending_target = None
            else:  # keys moved the cursor past this page while it loaded: fetch the next one
                self.pending_target = target
                self.post_message(self.PageRequested(target))
        else:
            self.pending_target = None
        if self.claims:
            self.move_cursor(row=min(max(cursor_row, 0), len(self.claims) - 1), animate=False)

    def forget_pending(self) -> None:
        """The filter changed or a load failed: moves queued for the old page no longer apply."""
        self.pending_target = None

    def _go_to(self, target: int) -> None:
        """Move to an absolute position: at once on this page, else through a page load."""
        if self.pending_target is not None:
            # A page is on its way: add this move to the queued ones (show_page applies them).
            self.pending_target = min(max(target, 0), max(self.total - 1, 0))
            return
        row = target - self.page_start
        if 0 <= row < len(self.claims):
            self.move_cursor(row=row, animate=False)
            return
        self.pending_target = min(max(target, 0), max(self.total - 1, 0))
        self.post_message(self.PageRequested(self.pending_target))

    @property
    def _position(self) -> int:
        """The cursor's absolute position, counting moves still queued for a loading page."""
        if self.pending_target is not None:
            return self.pending_target
        return self.page_start + self.cursor_row

    @property
    def selected(self) -> ClaimRow | None:
        if not self.claims or not 0 <= self.cursor_row < len(self.claims):
            return None
        return self.claims[self.cursor_row]

    @property
    def has_previous_page(self) -> bool:
        return self.page_start > 0

    @property
    def has_next_page(self) -> bool:
        return self.page_start + len(self.claims) < self.total

    def action_cursor_down(self) -> None:
        if self.pending_target is not None or (
                self.cursor_row >= len(self.claims) - 1 and self.has_next_page):
            self._go_to(self._position + 1)
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.pending_target is not None or (self.cursor_row <= 0 and self.has_previous_page):
            self._go_to(self._position - 1)
        else:
            super().action_cursor_up()

    def action_first(self) -> None:
        if self.pending_target is not None or self.has_previous_page:
            self._go_to(0)
        else:
            self.action_scroll_top()

    def action_last(self) -> None:
        if self.pending_target is not None or self.has_next_page:
            self._go_to(self.total - 1)
        else:
            self.action_scroll_bottom()
