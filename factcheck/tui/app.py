"""FactcheckApp: app-wide keys, the palette commands, the writes (each in a thread worker),
the session's undo stack, and the one place where errors reach the reviewer.

Use `create_app(service)`; the CLI and the tests both do.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, Literal

from textual import work
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from factcheck.errors import FactcheckError, StaleVersionError
from factcheck.models import RATING_SCALE
from factcheck.services import ClaimDetail, ClaimFilter, ClaimRow, FactcheckService, SourceInfo
from factcheck.text import one_line
from factcheck.tui.screens.base import ReviewScreen
from factcheck.tui.screens.claims import ClaimsScreen, describe_filter
from factcheck.tui.screens.conflict import ConflictModal
from factcheck.tui.screens.detail import DetailScreen
from factcheck.tui.screens.help import HelpScreen, HelpSection
from factcheck.tui.screens.source import SourceChoice, SourceModal
from factcheck.tui.screens.verdict import VerdictChoice, VerdictModal
from factcheck.tui.widgets.claim_table import ClaimTable
from factcheck.tui.widgets.review_header import ReviewHeader

# App actions that make no sense while a dialog is open (its keys would type or pick instead).
_NOT_IN_DIALOGS = {"quit", "undo", "export", "refresh", "help"}


@dataclass(frozen=True)
class UndoEntry:
    kind: Literal["verdict", "source"]
    item_id: int
    claim_id: int
    # The claim's version right after the change: undo refuses if someone changed it since.
    claim_version: int
    label: str


class FactcheckApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "factcheck"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("f1,question_mark", "help", "Help"),
        Binding("u", "undo", "Undo"),
        Binding("e", "export", "Export CSV"),
        Binding("r", "refresh", "Refresh"),
    ]

    def __init__(self, service: FactcheckService) -> None:
        super().__init__()
        self.service = service
        self.undo_stack: list[UndoEntry] = []
        # The claim version each of this session's own changes left behind: undo expects it,
        # so it refuses when another reviewer changed the claim in between.
        self._own_versions: dict[int, int] = {}
        # One write at a time, in the order asked: a quick `u u` must not race itself.
        self._writes = threading.Lock()

    def on_mount(self) -> None:
        self.push_screen(ClaimsScreen())

    # ------------------------------------------------------------------ the one error place

    def report_error(self, error: BaseException) -> None:
        """Every failure the reviewer must see goes through here: one notification."""
        error = root_cause(error)
        if isinstance(error, FactcheckError):
            message = "\n".join(one_line(line, 300) for line in error.lines()[:5])
        else:
            message = f"unexpected error ({type(error).__name__}): {one_line(str(error), 300)}"
        self.notify(message, title="Not done", severity="error", timeout=10, markup=False)

    def track_worker(self, event: Worker.StateChanged) -> None:
        """Worker bookkeeping for the app and its screens: busy sign and errors."""
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers)
        for screen in self.screen_stack:
            for header in screen.query(ReviewHeader):
                header.busy = busy
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.report_error(event.worker.error)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.track_worker(event)

    async def run_action(self, action: str | ActionParseResult,
                         default_namespace: DOMNode | None = None,
                         namespaces: Mapping[str, DOMNode] | None = None) -> bool:
        """Every key, palette command and button action runs here: a failing action becomes
        a notification instead of closing the app with a traceback."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            self.report_error(error)
            return True

    def push_screen(self, screen: Any, callback: Callable[[Any], Any] | None = None,
                    wait_for_dismiss: bool = False, *, mode: str | None = None) -> Any:
        """As App.push_screen, with the dialog's result callback guarded the same way."""
        guarded = None if callback is None else partial(self._run_guarded, callback)
        push: Any = super().push_screen  # its overloads pin wait_for_dismiss to a literal
        return push(screen, guarded, wait_for_dismiss, mode=mode)

    async def _run_guarded(self, callback: Callable[[Any], Any], result: Any) -> None:
        try:
            outcome = callback(result)
            if inspect.isawaitable(outcome):
                await outcome
        except Exception as error:
            self.report_error(error)

    # ------------------------------------------------------------------ keys and palette

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _NOT_IN_DIALOGS and isinstance(self.screen, ModalScreen):
            return False
        return True

    def help_sections(self, screen: Screen[object]) -> list[HelpSection]:
        sections: list[HelpSection] = []
        if isinstance(screen, ClaimsScreen):
            sections.append(("Claims", _keys(screen.BINDINGS)))
            sections.append(("Table", _keys(ClaimTable.BINDINGS)))
            sections.append(("Search box", [
                ("enter", "Keep the search, back to the table"),
                ("escape", "Clear the search, back to the table")]))
        elif isinstance(screen, ReviewScreen):
            sections.append(("This screen", _keys(type(screen).BINDINGS)))
        sections.append(("Everywhere", [*_keys(self.BINDINGS),
                                        ("ctrl+p", "Command palette (all actions)")]))
        sections.append(("Verdict dialog", [
            *((str(n), rating.value) for n, rating in enumerate(RATING_SCALE, start=1)),
            ("enter", "Save the verdict with its rationale"), ("escape", "Cancel")]))
        return sections

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        targets: list[tuple[DOMNode, list[BindingType]]] = [(screen, list(type(screen).BINDINGS))]
        if isinstance(screen, ClaimsScreen):
            table_jumps: list[BindingType] = [b for b in ClaimTable.BINDINGS
                           if isinstance(b, Binding) and b.action in ("first", "last")]
            targets.append((screen.table, list(table_jumps)))
        targets.append((self, list(self.BINDINGS)))
        for node, bindings in targets:
            for binding in Binding.make_bindings(bindings):
                if binding.action in seen or not binding.description:
                    continue
                if binding.action in ("quit",) or "(" in binding.action:
                    continue  # Quit is already a system command
                seen.add(binding.action)
                yield SystemCommand(binding.description, f"key: {binding.key}",
                                    partial(self.run_action, binding.action, node))

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_sections(self.screen)))

    def action_refresh(self) -> None:
        self.broadcast_change(None)
        self.notify("Reloaded from the database.", timeout=2)

    def broadcast_change(self, claim_id: int | None) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                screen.data_changed(claim_id)

    def open_detail(self, claim_id: int) -> None:
        self.push_screen(DetailScreen(claim_id))

    # ------------------------------------------------------------------ verdicts

    def request_verdict(self, row: ClaimRow) -> None:
        def chosen(choice: VerdictChoice | None) -> None:
            if choice is not None:
                self.save_verdict(row.id, row.version, choice)

        self.push_screen(VerdictModal(row), chosen)

    @work(thread=True, group="write", exit_on_error=False)
    def save_verdict(self, claim_id: int, expected_version: int, choice: VerdictChoice) -> None:
        with self._writes:
            # A row loaded before this session's own last change is not stale for us.
            expected = max(expected_version, self._own_versions.get(claim_id, 0))
            try:
                info = self.service.set_verdict(claim_id, choice.rating,
                                                rationale=choice.rationale,
                                                expected_version=expected)
            except StaleVersionError as stale:
                detail = self.service.claim_detail(claim_id)
                self.call_from_thread(self._resolve_conflict, choice, stale, detail)
                return
            self.call_from_thread(self._changed, UndoEntry(
                "verdict", info.id, claim_id, info.claim_version,
                f"verdict {info.rating} on claim #{claim_id}"))

    def _resolve_conflict(self, choice: VerdictChoice, stale: StaleVersionError,
                          detail: ClaimDetail) -> None:
        self.broadcast_change(stale.claim_id)

        def decided(overwrite: bool | None) -> None:
            if overwrite:
                self.save_verdict(stale.claim_id, detail.row.version, choice)
            else:
                self.notify(f"Kept the newer verdict on claim #{stale.claim_id}.", markup=False)

        self.push_screen(ConflictModal(choice, stale, detail), decided)

    # ------------------------------------------------------------------ sources

    def request_source(self, row: ClaimRow) -> None:
        def chosen(choice: SourceChoice | None) -> None:
            if choice is not None:
                self.save_source(row.id, choice)

        self.push_screen(SourceModal(row), chosen)

    @work(thread=True, group="write", exit_on_error=False)
    def save_source(self, claim_id: int, choice: SourceChoice) -> None:
        with self._writes:
            info = self.service.add_source(claim_id, choice.url, stance=choice.stance,
                                           note=choice.note)
            version = self.service.claim_detail(claim_id).row.version
            self.call_from_thread(self._changed, UndoEntry(
                "source", info.id, claim_id, version, f"source on claim #{claim_id}"
                + (" (credentials taken out of the URL)"
                   if info.url != choice.url.strip() else "")))
        if self.service.sources.automatic:
            self.call_from_thread(self.check_source, info.id)

    @work(thread=True, group="source-check", exit_on_error=False)
    def check_source(self, source_id: int) -> None:
        """Fetch a new source in the background (status, final URL, title); the reviewer
        goes on working meanwhile."""
        checked = self.service.sources.check_one(source_id)
        self.call_from_thread(self._source_checked, checked)

    def _source_checked(self, checked: SourceInfo) -> None:
        if checked.dead:
            self.notify(f"Source on claim #{checked.claim_id} looks dead: "
                        f"{one_line(checked.error or '', 160)}\n{one_line(checked.url, 160)}",
                        title="Dead link", severity="warning", timeout=8, markup=False)
        self.broadcast_change(checked.claim_id)

    # ------------------------------------------------------------------ undo, export

    def _changed(self, entry: UndoEntry) -> None:
        self.undo_stack.append(entry)
        self._own_versions[entry.claim_id] = entry.claim_version
        self.notify(f"Saved {entry.label}.", timeout=3, markup=False)
        self.broadcast_change(entry.claim_id)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo in this session.", severity="warning")
            return
        self.undo(self.undo_stack.pop())

    @work(thread=True, group="write", exit_on_error=False)
    def undo(self, entry: UndoEntry) -> None:
        with self._writes:
            expected = self._own_versions.get(entry.claim_id, entry.claim_version)
            try:
                if entry.kind == "verdict":
                    version = self.service.undo_verdict(
                        entry.item_id, expected_version=expected).claim_version
                else:
                    self.service.retract_source(entry.item_id, expected_version=expected)
                    version = self.service.claim_detail(entry.claim_id).row.version
            except StaleVersionError as stale:
                raise FactcheckError(f"cannot undo the {entry.label}: {stale.message}") from None
            self.call_from_thread(self._undone, entry, version)

    def _undone(self, entry: UndoEntry, version: int) -> None:
        self._own_versions[entry.claim_id] = version
        self.notify(f"Undid the {entry.label} (kept in its history).", timeout=3, markup=False)
        self.broadcast_change(entry.claim_id)

    def action_export(self) -> None:
        self.export()

    def export(self) -> None:
        """Export what the claim table shows: its current filter, if any."""
        claims = [s for s in self.screen_stack if isinstance(s, ClaimsScreen)]
        self._export(claims[0].flt if claims else ClaimFilter())

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, flt: ClaimFilter) -> None:
        result = self.service.export_csv(flt=flt)
        active = describe_filter(flt)
        scope = f" (filter: {active})" if active else ""
        self.call_from_thread(self.notify,
                              f"Exported {result.rows} claims{scope} to {result.path}",
                              title="CSV written", timeout=8, markup=False)


def root_cause(error: BaseException) -> BaseException:
    """The first real exception inside (nested) exception groups, e.g. a TaskGroup's."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


def _keys(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) per action, keys of one action joined: "j / down"."""
    by_action: dict[str, tuple[list[str], str]] = {}
    for binding in Binding.make_bindings(bindings):
        if not binding.description:
            continue
        keys, _ = by_action.setdefault(binding.action, ([], binding.description))
        keys.append({"question_mark": "?", "slash": "/"}.get(binding.key, binding.key))
    return [(" / ".join(keys), description) for keys, description in by_action.values()]


def create_app(service: FactcheckService) -> FactcheckApp:
    """The one way to build the app (CLI and tests)."""
    return FactcheckApp(service)
