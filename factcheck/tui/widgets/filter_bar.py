"""Filter bar: status, article, verdict, language, a work queue (assignments and second
review) and a search box; posts FilterChanged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Select

from factcheck.models import RATING_SCALE, ClaimStatus, ReviewState
from factcheck.services import UNASSIGNED, ClaimFilter, ReviewQueue
from factcheck.text import one_line

# Typing pauses this long before the search runs, so each keystroke does not hit the database.
SEARCH_DELAY_S = 0.25


def _options(values: Sequence[str]) -> list[tuple[Text, str]]:
    return [(Text(one_line(value, 40)), value) for value in values]


# The queue list: whose work, and where it stands under second review. Values are these
# keys, or ASSIGNED_PREFIX + a name for the claims assigned to that reviewer.
MINE, UNASSIGNED_KEY = "mine", "unassigned"
_QUEUES: list[tuple[str, str]] = [
    ("mine", MINE),
    ("unassigned", UNASSIGNED_KEY),
    ("to approve", ReviewQueue.TO_APPROVE.value),
    ("returned to me", ReviewQueue.RETURNED_TO_ME.value),
    ("disputed", ReviewState.DISPUTED.value),
    ("approved", ReviewState.APPROVED.value),
]
ASSIGNED_PREFIX = "@"


def _queue_options(assignees: Sequence[str]) -> list[tuple[Text, str]]:
    return ([(Text(label), key) for label, key in _QUEUES]
            + [(Text(f"→ {one_line(name, 30)}"), ASSIGNED_PREFIX + name) for name in assignees])


def apply_queue(flt: ClaimFilter, key: str | None, viewer: str | None) -> ClaimFilter:
    """The filter with the chosen queue ("mine": assigned to the viewer; nothing when no
    reviewer is named yet)."""
    if key is None:
        return flt
    if key == MINE:
        return replace(flt, assignee=viewer) if viewer else flt
    if key == UNASSIGNED_KEY:
        return replace(flt, assignee=UNASSIGNED)
    if key.startswith(ASSIGNED_PREFIX):
        return replace(flt, assignee=key[len(ASSIGNED_PREFIX):])
    if key in {q.value for q in ReviewQueue}:
        return replace(flt, queue=ReviewQueue(key))
    return replace(flt, review_state=key)


class FilterBar(Horizontal):
    DEFAULT_CSS = """
    FilterBar { height: 3; }
    FilterBar Select { width: 1fr; min-width: 15; }
    FilterBar #search { width: 1fr; min-width: 12; }
    /* A narrow terminal cuts a label ("langu…") instead of wrapping it onto a hidden line. */
    FilterBar SelectCurrent { padding: 0 1; }
    FilterBar SelectCurrent Static#label { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    class FilterChanged(Message):
        def __init__(self, flt: ClaimFilter) -> None:
            super().__init__()
            self.flt = flt

    def __init__(self, viewer: Callable[[], str | None] = lambda: None) -> None:
        super().__init__(id="filters")
        # Who "mine" and the second-review queues are for (asked each time: a served
        # session names its reviewer after the bar is built).
        self._viewer = viewer
        self._search_timer: Timer | None = None
        self._current = ClaimFilter()

    def compose(self) -> ComposeResult:
        yield Select(_options([s.value for s in ClaimStatus]), prompt="status",
                     id="filter-status")
        yield Select([], prompt="article", id="filter-article")
        yield Select(_options(["none", *(r.value for r in RATING_SCALE)]),
                     prompt="verdict", id="filter-verdict")
        yield Select([], prompt="language", id="filter-language")
        yield Select(_queue_options([]), prompt="queue", id="filter-queue")
        yield Input(placeholder="/ search claim or speaker", id="search")

    def set_choices(self, article_refs: Sequence[str], languages: Sequence[str],
                    assignees: Sequence[str] = ()) -> None:
        """Fill the article, language and queue lists, keeping a selection that still
        exists."""
        for widget_id, options in (("#filter-article", _options(article_refs)),
                                   ("#filter-language", _options(languages)),
                                   ("#filter-queue", _queue_options(assignees))):
            select: Select[str] = self.query_one(widget_id, Select)
            kept = select.value
            with select.prevent(Select.Changed):
                select.set_options(options)
                if kept in {value for _, value in options}:
                    select.value = kept

    def toggle_queue(self, key: str) -> bool:
        """Show that queue, or, when it is shown, every claim again; True: it is shown now."""
        select: Select[str] = self.query_one("#filter-queue", Select)
        if select.value == key:
            select.clear()
            return False
        select.value = key
        return True

    @property
    def current(self) -> ClaimFilter:
        return self._current

    def _read(self) -> ClaimFilter:
        def chosen(widget_id: str) -> str | None:
            value: Any = self.query_one(widget_id, Select).value
            return value if isinstance(value, str) else None

        search = self.query_one("#search", Input).value.strip()
        flt = ClaimFilter(status=chosen("#filter-status"), article_ref=chosen("#filter-article"),
                          verdict=chosen("#filter-verdict"),
                          language=chosen("#filter-language"), search=search or None)
        return apply_queue(flt, chosen("#filter-queue"), self._viewer())

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
