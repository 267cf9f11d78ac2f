"""FactcheckApp: app-wide keys, the palette commands, the one write path, and the one place
where errors reach the reviewer.

Screens post what the reviewer did (factcheck/tui/messages.py); the app writes it through the
`ReviewSession` (factcheck/tui/session.py: undo, own versions, the write lock) in a thread
worker and answers every screen with what changed. The app imports the screens, never the
other way round. Use `create_app(service)`; the CLI and the tests both do.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any, ClassVar

from textual import on, work
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from factcheck.errors import FactcheckError
from factcheck.models import RATING_SCALE, ReviewDecision
from factcheck.services import ClaimFilter, ClaimRow, FactcheckService
from factcheck.text import one_line
from factcheck.tui.messages import (
    AcceptChosen,
    ActionFailed,
    ApproveChosen,
    AssignChosen,
    BlindVerdictChosen,
    BlindVerdictRecorded,
    CandidateAccepted,
    CandidateDiscarded,
    ChangeUndone,
    ClaimChanged,
    ClaimReworded,
    ClaimsAssigned,
    DiscardChosen,
    PairDecided,
    PairJudged,
    ReturnChosen,
    SourceAdded,
    SourceChecked,
    SourceChosen,
    VectorsEmbedded,
    VerdictChosen,
    VerdictConflicted,
    VerdictReturned,
    VerdictReuseChosen,
    VerdictsApproved,
    VerdictSet,
    WordingChosen,
    WorkStateChanged,
)
from factcheck.tui.screens.base import ReviewScreen
from factcheck.tui.screens.claim_actions import ask_verdict
from factcheck.tui.screens.claims import ClaimsScreen, describe_filter
from factcheck.tui.screens.conflict import ConflictModal
from factcheck.tui.screens.help import HelpScreen, HelpSection
from factcheck.tui.screens.login import LoginModal
from factcheck.tui.screens.overview import OverviewScreen
from factcheck.tui.session import ReviewSession, UndoEntry, VerdictConflict
from factcheck.tui.widgets.claim_table import ClaimTable
from factcheck.tui.widgets.review_header import ReviewHeader

# App actions that make no sense while a dialog is open (its keys would type or pick instead).
_NOT_IN_DIALOGS = {"quit", "undo", "export", "refresh", "help", "overview"}


class FactcheckApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "factcheck"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("f1,question_mark", "help", "Help"),
        Binding("u", "undo", "Undo"),
        Binding("e", "export", "Export CSV"),
        Binding("r", "refresh", "Refresh"),
        Binding("V", "embed", "Compute missing sentence vectors", show=False),
        Binding("o", "overview", "Overview"),
    ]

    def __init__(self, service: FactcheckService) -> None:
        super().__init__()
        self.session = ReviewSession(service)

    def on_mount(self) -> None:
        self.push_screen(ClaimsScreen(self.session))
        if self.session.reviewer is None:
            # A served session without a reviewer of its own: the name comes first.
            self.push_screen(LoginModal(), self._named)
        self.run_worker(self._tell_about_waiting_vectors, thread=True, group="startup",
                        exit_on_error=False)

    def _named(self, name: str | None) -> None:
        if name is None:
            return
        self.session.name_reviewer(name)
        for screen in self.screen_stack:
            for header in screen.query(ReviewHeader):
                header.reviewer = name
        self.notify(f"reviewing as {one_line(name, 60)}", title="Reviewer", timeout=5,
                    markup=False)

    # ------------------------------------------------------------------ the one error place

    def report_error(self, error: BaseException) -> None:
        """Every failure the reviewer must see goes through here: one notification."""
        error = root_cause(error)
        if isinstance(error, FactcheckError):
            message = "\n".join(one_line(line, 300) for line in error.lines()[:5])
        else:
            message = f"unexpected error ({type(error).__name__}): {one_line(str(error), 300)}"
        self.notify(message, title="Not done", severity="error", timeout=10, markup=False)

    @on(ActionFailed)
    def _action_failed(self, event: ActionFailed) -> None:
        self.report_error(event.error)

    def _track_worker(self, worker: Worker[Any], state: WorkerState) -> None:
        """Worker bookkeeping for the app and its screens: busy sign and errors."""
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers)
        for screen in self.screen_stack:
            for header in screen.query(ReviewHeader):
                header.busy = busy
        if state == WorkerState.ERROR and worker.error is not None:
            self.report_error(worker.error)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self._track_worker(event.worker, event.state)

    @on(WorkStateChanged)
    def _screen_worker_changed(self, event: WorkStateChanged) -> None:
        self._track_worker(event.worker, event.state)

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

    def action_overview(self) -> None:
        if not isinstance(self.screen, OverviewScreen):
            self.push_screen(OverviewScreen(self.session))

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_sections(self.screen)))

    def action_refresh(self) -> None:
        self._tell_screens(ClaimChanged(None))
        self.notify("Reloaded from the database.", timeout=2)

    def request_verdict(self, row: ClaimRow) -> None:
        """Open the verdict dialog for `row`, as `v` does on a screen."""
        ask_verdict(self, row)

    # ------------------------------------------------------------------ the one write path

    def _write(self, job: Callable[[], Message | None], *, group: str = "write") -> None:
        """Every write: `job` (a ReviewSession call, which takes the session's write lock)
        runs in a thread worker; the answer it returns comes back here as a message, and a
        failure reaches report_error through the worker's state."""
        self.run_worker(partial(self._run_write, job), thread=True, group=group,
                        exit_on_error=False)

    def _run_write(self, job: Callable[[], Message | None]) -> None:
        answer = job()
        if answer is not None:
            self.post_message(answer)

    def _tell_screens(self, change: ClaimChanged) -> None:
        """Each screen gets its own copy (a message is delivered once)."""
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                screen.post_message(dataclasses.replace(change))

    @on(ClaimChanged)
    def _claim_changed(self, event: ClaimChanged) -> None:
        # Every kind of answer (each also has its own handler below, for its notice).
        self._tell_screens(event)

    # ------------------------------------------------------------------ verdicts

    @on(VerdictChosen)
    def _verdict_chosen(self, event: VerdictChosen) -> None:
        claim_id, seen_version, choice = event.claim_id, event.seen_version, event.choice

        def job() -> Message:
            outcome = self.session.set_verdict(claim_id, seen_version, choice)
            if isinstance(outcome, VerdictConflict):
                return VerdictConflicted(claim_id, choice, outcome.stale, outcome.current)
            return VerdictSet(claim_id, outcome)

        self._write(job)

    @on(VerdictReuseChosen)
    def _reuse_chosen(self, event: VerdictReuseChosen) -> None:
        claim_id, seen_version, from_claim_id = (event.claim_id, event.seen_version,
                                                 event.from_claim_id)
        self._write(lambda: VerdictSet(claim_id, self.session.reuse_verdict(
            claim_id, seen_version, from_claim_id)))

    @on(VerdictSet)
    def _verdict_set(self, event: VerdictSet) -> None:
        self._saved(event.entry)

    @on(VerdictConflicted)
    def _verdict_conflicted(self, event: VerdictConflicted) -> None:
        claim_id, current, choice = event.stale.claim_id, event.current, event.choice

        def decided(overwrite: bool | None) -> None:
            if overwrite:
                # Chosen again, now on the claim as the dialog showed it.
                self.post_message(VerdictChosen(claim_id, current.row.version, choice))
            else:
                self.notify(f"Kept the newer verdict on claim #{claim_id}.", markup=False)

        self.push_screen(ConflictModal(choice, event.stale, current), decided)

    def _saved(self, entry: UndoEntry) -> None:
        merged = (f" Merged with {entry.merged} change{'s' if entry.merged != 1 else ''} by "
                  "someone else since you loaded it (sources, tags, duplicates)."
                  if entry.merged > 0 else "")
        self.notify(f"Saved {entry.label}.{merged}", timeout=5 if merged else 3, markup=False)

    # ------------------------------------------------------------------ sources

    @on(SourceChosen)
    def _source_chosen(self, event: SourceChosen) -> None:
        claim_id, choice = event.claim_id, event.choice
        self._write(lambda: SourceAdded(claim_id, self.session.add_source(claim_id, choice),
                                        self.session.checks_new_sources))

    @on(SourceAdded)
    def _source_added(self, event: SourceAdded) -> None:
        self._saved(event.entry)
        if event.check_now:
            self._check_source(event.entry.item_id)

    def _check_source(self, source_id: int) -> None:
        """Fetch a new source in the background (status, final URL, title); the reviewer
        goes on working meanwhile."""
        def job() -> Message:
            checked = self.session.check_source(source_id)
            return SourceChecked(checked.claim_id, checked)

        self._write(job, group="source-check")

    @on(SourceChecked)
    def _source_checked(self, event: SourceChecked) -> None:
        checked = event.source
        if checked.dead:
            self.notify(f"Source on claim #{checked.claim_id} looks dead: "
                        f"{one_line(checked.error or '', 160)}\n{one_line(checked.url, 160)}",
                        title="Dead link", severity="warning", timeout=8, markup=False)

    # ------------------------------------------------------------------ candidates

    @on(AcceptChosen)
    def _accept_chosen(self, event: AcceptChosen) -> None:
        claim_id, seen_version = event.claim_id, event.seen_version
        self._write(lambda: CandidateAccepted(claim_id, self.session.accept_candidate(
            claim_id, seen_version)))

    @on(CandidateAccepted)
    def _candidate_accepted(self, event: CandidateAccepted) -> None:
        self.notify(f"Accepted claim #{event.row.id}: it is now review work.", timeout=3,
                    markup=False)

    @on(AssignChosen)
    def _assign_chosen(self, event: AssignChosen) -> None:
        claim_ids, to = event.claim_ids, event.to
        self._write(lambda: ClaimsAssigned(None, self.session.assign(claim_ids, to)))

    @on(ClaimsAssigned)
    def _claims_assigned(self, event: ClaimsAssigned) -> None:
        n = len(event.result.changed_ids)
        whom = event.result.assignee
        what = f"{n} claim{'s' if n != 1 else ''}"
        self.notify(f"Assigned {what} to {one_line(whom, 40)}." if whom
                    else f"Unassigned {what}.", timeout=3, markup=False)

    @on(ApproveChosen)
    def _approve_chosen(self, event: ApproveChosen) -> None:
        claim_ids = event.claim_ids
        one = claim_ids[0] if len(claim_ids) == 1 else None
        self._write(lambda: VerdictsApproved(one, tuple(self.session.approve(claim_ids))))

    @on(VerdictsApproved)
    def _verdicts_approved(self, event: VerdictsApproved) -> None:
        n = len(event.decisions)
        what = f"claim #{event.decisions[0].claim_id}" if n == 1 else f"{n} claims"
        self.notify(f"Approved the verdict of {what}.", timeout=3, markup=False)

    @on(BlindVerdictChosen)
    def _blind_verdict_chosen(self, event: BlindVerdictChosen) -> None:
        claim_id, choice = event.claim_id, event.choice

        def job() -> Message:
            decision = self.session.record_blind(claim_id, choice)
            disagreement = self.session.service.second_review.disagreement(claim_id)
            if disagreement is None:
                return BlindVerdictRecorded(claim_id, decision)
            return BlindVerdictRecorded(claim_id, decision, disagreement.first.who,
                                        disagreement.first.rating)

        self._write(job)

    @on(BlindVerdictRecorded)
    def _blind_verdict_recorded(self, event: BlindVerdictRecorded) -> None:
        done = event.decision
        if done.decision is ReviewDecision.APPROVED:
            self.notify(f"Claim #{done.claim_id}: your {done.rating} agrees with the first "
                        "verdict, so it is approved.", timeout=4, markup=False)
        elif event.first_by is not None:
            self.notify(f"Claim #{done.claim_id}: your {done.rating} differs from "
                        f"{one_line(event.first_by, 30)}'s {event.first_rating}: flagged as "
                        "disputed; both rationales are in its detail view.", timeout=6,
                        severity="warning", markup=False)
        else:
            self.notify(f"Claim #{done.claim_id}: disputed.", markup=False)

    @on(ReturnChosen)
    def _return_chosen(self, event: ReturnChosen) -> None:
        claim_id, comment = event.claim_id, event.comment
        self._write(lambda: VerdictReturned(claim_id, self.session.return_verdict(
            claim_id, comment)))

    @on(VerdictReturned)
    def _verdict_returned(self, event: VerdictReturned) -> None:
        self.notify(f"Returned the verdict of claim #{event.decision.claim_id} to its "
                    "reviewer.", timeout=3, markup=False)

    @on(DiscardChosen)
    def _discard_chosen(self, event: DiscardChosen) -> None:
        claim_id, seen_version = event.claim_id, event.seen_version
        self._write(lambda: CandidateDiscarded(claim_id, self.session.discard_candidate(
            claim_id, seen_version)))

    @on(CandidateDiscarded)
    def _candidate_discarded(self, event: CandidateDiscarded) -> None:
        self.notify(f"Discarded claim #{event.row.id} (kept; a accepts it again).", timeout=3,
                    markup=False)

    @on(WordingChosen)
    def _wording_chosen(self, event: WordingChosen) -> None:
        claim_id, seen_version, text = event.claim_id, event.seen_version, event.text
        self._write(lambda: ClaimReworded(claim_id, self.session.edit_claim_text(
            claim_id, seen_version, text)))

    @on(ClaimReworded)
    def _claim_reworded(self, event: ClaimReworded) -> None:
        self.notify(f"Saved the new wording of claim #{event.row.id} (the old one is kept).",
                    timeout=3, markup=False)

    # ------------------------------------------------------------------ vectors

    def action_embed(self) -> None:
        """Compute the sentence vectors claims lack (an upgraded database, claims imported
        with the encoder off), then match those claims again; progress shows in the header."""
        def job() -> Message:
            try:
                report = self.session.embed_waiting(on_progress=self._show_activity)
            finally:
                self.call_from_thread(self._set_activity, "")
            return VectorsEmbedded(None, report.summary() if report else None)

        self._write(job, group="vectors")

    def _show_activity(self, done: int, total: int, what: str) -> None:
        # (called in the worker thread)
        self.call_from_thread(self._set_activity, f"{what} {done:,}/{total:,}" if total else what)

    def _set_activity(self, activity: str) -> None:
        for screen in self.screen_stack:
            for header in screen.query(ReviewHeader):
                header.activity = activity

    @on(VectorsEmbedded)
    def _vectors_embedded(self, event: VectorsEmbedded) -> None:
        if event.summary is None:
            self.notify("Every claim has a sentence vector.", timeout=3)
        else:
            self.notify(f"Sentence vectors computed; matched again: {event.summary}",
                        title="Vectors", timeout=6, markup=False)

    def _tell_about_waiting_vectors(self) -> None:
        """On start: claims without a sentence vector match by their words only; say so once
        (and how to catch up), from a worker, as it reads the database."""
        waiting = self.session.vectors_waiting()
        if waiting:
            self.call_from_thread(
                self.notify, f"{waiting:,} claims wait for a sentence vector (they match by "
                f"their words only): press V to compute them.", title="Vectors", timeout=8,
                markup=False)

    # ------------------------------------------------------------------ duplicates

    @on(PairJudged)
    def _pair_judged(self, event: PairJudged) -> None:
        claim_id, other_id, same = event.claim_id, event.other_id, event.same

        def job() -> Message:
            self.session.judge_pair(claim_id, other_id, same=same)
            return PairDecided(None, claim_id, other_id, same)

        self._write(job)

    @on(PairDecided)
    def _pair_decided(self, event: PairDecided) -> None:
        word = "confirmed as the same claim" if event.same else "rejected (not suggested again)"
        self.notify(f"#{event.first_id} and #{event.second_id} {word}.", timeout=3,
                    markup=False)

    # ------------------------------------------------------------------ undo, export

    def action_undo(self) -> None:
        if not self.session.can_undo:
            self.notify("Nothing to undo in this session.", severity="warning")
            return

        def job() -> Message | None:
            undone = self.session.undo_last()
            # None: a quick second `u` found the last change already taken back.
            return None if undone is None else ChangeUndone(undone.entry.claim_id,
                                                            undone.entry)

        self._write(job)

    @on(ChangeUndone)
    def _change_undone(self, event: ChangeUndone) -> None:
        self.notify(f"Undid the {event.entry.label} (kept in its history).", timeout=3,
                    markup=False)

    def action_export(self) -> None:
        self.export()

    def export(self) -> None:
        """Export what the claim table shows: its current filter, if any."""
        claims = [s for s in self.screen_stack if isinstance(s, ClaimsScreen)]
        # (exported in id order: the viewer's queue order is for the table only)
        self._export(dataclasses.replace(claims[0].flt, viewer=None) if claims else ClaimFilter())

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, flt: ClaimFilter) -> None:
        # A read and a file written, no claim changes: not one of the session's writes.
        result = self.session.service.export_csv(flt=flt)
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
