"""The overview screen: `o` opens it over the claims, its figures come from the database,
escape goes back."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Sparkline, Static

from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.claims import ClaimsScreen
from factcheck.tui.screens.overview import OverviewScreen
from tests.test_stats import seed
from tests.tui.conftest import run_app, settle


def _text(app: FactcheckApp, selector: str) -> str:
    from rich.console import Console
    console = Console(width=100, record=True)
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


def test_o_opens_the_overview_and_escape_closes_it(svc: FactcheckService) -> None:
    seed(svc)

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        status = _text(app, "#status")
        assert "reviewed" in status and "returns ever" in status
        assert "kim" in _text(app, "#reviewers")
        assert "Budget <b>[bold]" in _text(app, "#articles")
        assert "Cohen's kappa 0.14" in _text(app, "#summary")
        assert len(app.screen.query_one(Sparkline).data or []) == 28
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)

    run_app(svc, scenario)
