"""The claim table: one page of claims, vim keys, and the column list in one place.

The table shows a page (`PAGE_SIZE` rows) of the filtered claims; moving past the first or last
row asks the screen for the neighbouring page, so 100,000 claims never become 100,000 widgets'
worth of rows. To add a column, append a `ClaimColumn` to `CLAIM_COLUMNS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from factcheck.services import ClaimRow
from factcheck.tui.render import cell

PAGE_SIZE = 100

PageRequest = Literal["previous", "next", "first", "last"]

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


def _sources_cell(row: ClaimRow) -> Text:
    """The source count; red with a ✗ when a source's link check found it dead."""
    if row.dead_source_count:
        return Text(f"{row.source_count}✗", style="bold red", justify="right")
    return Text(str(row.source_count or "-"), justify="right")


CLAIM_COLUMNS: list[ClaimColumn] = [
    # Filled from FactcheckService.claim_markers (the duplicate-matching feature).
    ClaimColumn("marker", "", 1, lambda row, marker: cell(marker, "bold yellow")),
    ClaimColumn("article", "article", 12,
                lambda row, _: cell(row.article_ref or row.article_title, "dim")),
    ClaimColumn("claim", "claim", None, lambda row, _: cell(row.text)),
    ClaimColumn("speaker", "speaker", 10, lambda row, _: cell(row.speaker)),
    ClaimColumn("status", "status", 10,
                lambda row, _: cell(row.status, _STATUS_STYLE.get(row.status, ""))),
    ClaimColumn("verdict", "verdict", 13,
                lambda row, _: cell(row.verdict or "-", _VERDICT_STYLE.get(row.verdict or "",
                                                                          "dim"))),
    ClaimColumn("sources", "src", 3, lambda row, _: _sources_cell(row)),
]

MIN_FLEX_WIDTH = 20


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
        """The cursor wants to leave the page; the screen loads the page asked for."""

        def __init__(self, which: PageRequest) -> None:
            super().__init__()
            self.which = which

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.claims: list[ClaimRow] = []
        self.page_start = 0
        self.total = 0
        self._flex_width = MIN_FLEX_WIDTH

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        for column in CLAIM_COLUMNS:
            self.add_column(Text(column.label), key=column.key,
                            width=column.width if column.width is not None else self._flex_width)

    def fit_width(self, width: int) -> bool:
        """Give the flexible column the width left over; True if that changed it."""
        fixed = sum(c.width or 0 for c in CLAIM_COLUMNS)
        padding = 2 * self.cell_padding * len(CLAIM_COLUMNS)
        flex = max(MIN_FLEX_WIDTH, width - fixed - padding - 2)  # 2: vertical scrollbar
        if flex == self._flex_width:
            return False
        self._flex_width = flex
        return True

    def show_page(self, claims: Sequence[ClaimRow], markers: dict[int, str], *, offset: int,
                  total: int, cursor_row: int = 0) -> None:
        self.clear(columns=True)
        self._add_columns()
        self.claims = list(claims)
        self.page_start = offset
        self.total = total
        for row in self.claims:
            marker = markers.get(row.id, "")
            self.add_row(*(column.render(row, marker) for column in CLAIM_COLUMNS),
                         key=str(row.id))
        if self.claims:
            self.move_cursor(row=min(max(cursor_row, 0), len(self.claims) - 1), animate=False)

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
        if self.cursor_row >= len(self.claims) - 1 and self.has_next_page:
            self.post_message(self.PageRequested("next"))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0 and self.has_previous_page:
            self.post_message(self.PageRequested("previous"))
        else:
            super().action_cursor_up()

    def action_first(self) -> None:
        if self.has_previous_page:
            self.post_message(self.PageRequested("first"))
        else:
            self.action_scroll_top()

    def action_last(self) -> None:
        if self.has_next_page:
            self.post_message(self.PageRequested("last"))
        else:
            self.action_scroll_bottom()
