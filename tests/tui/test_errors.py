"""The app never closes with a traceback: failures in key actions, dialog callbacks and
background work reach the reviewer as one notification, and the app keeps working."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.claims import ClaimsScreen
from factcheck.tui.screens.source import SourceModal
from factcheck.tui.screens.verdict import VerdictModal
from tests.tui.conftest import run_app, settle


def _errors(app: FactcheckApp) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


class _Broken(ModalScreen[str]):
    """A dialog whose key action fails, and which answers "boom" on enter."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "fail", "Fail"),
                                             Binding("enter", "answer", "Answer")]

    def compose(self) -> ComposeResult:
        yield Label("broken")

    def action_fail(self) -> None:
        raise RuntimeError("the action broke")

    def action_answer(self) -> None:
        self.dismiss("boom")


def test_a_malformed_source_url_keeps_the_dialog_and_what_was_typed(
        review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("s", *"http://[::1", "tab", "tab", *"the note", "enter")
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, SourceModal)
        assert app.screen.query_one("#url", Input).value == "http://[::1"
        assert app.screen.query_one("#note", Input).value == "the note"
        errors = _errors(app)
        assert len(errors) == 1 and "http://[::1" in errors[0]

    run_app(review_svc, scenario)
    assert review_svc.claim_detail(review_svc.list_claims()[0].id).sources == []


def test_failing_action_and_dialog_callback_are_notifications(
        review_svc: FactcheckService) -> None:
    def callback(answer: str | None) -> None:
        raise ValueError(f"callback got {answer}")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        app.push_screen(_Broken(), callback)
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, _Broken)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ClaimsScreen)
        assert _errors(app) == ["unexpected error (RuntimeError): the action broke",
                                "unexpected error (ValueError): callback got boom"]
        await pilot.press("v")  # still working
        assert isinstance(app.screen, VerdictModal)

    run_app(review_svc, scenario)


def test_an_exception_group_shows_its_real_cause(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        inner = ExceptionGroup("more", [ConnectionError("connection refused by host")])
        app.report_error(ExceptionGroup("unhandled errors in a TaskGroup", [inner]))
        await pilot.pause()
        assert _errors(app) == [
            "unexpected error (ConnectionError): connection refused by host"]

    run_app(review_svc, scenario)
