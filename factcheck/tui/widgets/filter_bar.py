"""Filter bar: status, article, verdict, language and a search box; posts FilterChanged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Select

from factcheck.models import RATING_SCALE, ClaimStatus
from factcheck.services import ClaimFilter
from factcheck.text import one_line

# Typing pauses this long before the search runs, so each keystroke does not hit the database.
SEARCH_DELAY_S = 0.25


def _options(values: Sequence[str]) -> list[tuple[Text, str]]:
    return [(Text(one_line(value, 40)), value) for value in values]


class FilterBar(Horizontal):
    DEFAULT_CSS = """
    FilterBar { height: 3; }
    FilterBar Select { width: 1fr; min-width: 15; }
    FilterBar #search { width: 2fr; min-width: 12; }
    /* A narrow terminal cuts a label ("langu…") instead of wrapping it onto a hidden line. */
    FilterBar SelectCurrent { padding: 0 1; }
    FilterBar SelectCurrent Static#label { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    class FilterChanged(Message):
        def __init__(self, flt: ClaimFilter) -> None:
            super().__init__()
            self.flt = flt

    def __init__(self) -> None:
        super().__init__(id="filters")
        self._search_timer: Timer | None = None
        self._current = ClaimFilter()

    def compose(self) -> ComposeResult:
        yield Select(_options([s.value for s in ClaimStatus]), prompt="status",
                     id="filter-status")
        yield Select([], prompt="article", id="filter-article")
        yield Select(_options(["none", *(r.value for r in RATING_SCALE)]),
                     prompt="verdict", id="filter-verdict")
        yield Select([], prompt="language", id="filter-language")
        yield Input(placeholder="/ search claim or speaker", id="search")

    def set_choices(self, article_refs: Sequence[str], languages: Sequence[str]) -> None:
        """Fill the article and language lists, keeping a selection that still exists."""
        for widget_id, values in (("#filter-article", article_refs),
                                  ("#filter-language", languages)):
            select: Select[str] = self.query_one(widget_id, Select)
            kept = select.value
            with select.prevent(Select.Changed):
                select.set_options(_options(values))
                if kept in values:
                    select.value = kept

    @property
    def current(self) -> ClaimFilter:
        return self._current

    def _read(self) -> ClaimFilter:
        def chosen(widget_id: str) -> str | None:
            value: Any = self.query_one(widget_id, Select).value
            return value if isinstance(value, str) else None

        search = self.query_one("#search", Input).value.strip()
        return ClaimFilter(status=chosen("#filter-status"), article_ref=chosen("#filter-article"),
                           verdict=chosen("#filter-verdict"),
                           language=chosen("#filter-language"), search=search or None)

    def _publish(self) -> None:
        flt = self._read()
        if flt != self._current:
            self._current = flt
            self.post_message(self.FilterChanged(flt))

    def clear_search(self) -> None:
        """Empty the search box and show the claims without it at once."""
        if self._search_timer is not None:
            self._search_timer.stop()
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        self._publish()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._publish()

    @on(Input.Changed, "#search")
    def _search_typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY_S, self._publish)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        # Stop only the timer; the screen sees Submitted and moves focus to the table.
        if self._search_timer is not None:
            self._search_timer.stop()
        self._publish()
