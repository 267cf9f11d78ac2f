"""Small things a reviewer reads: spacing in the matches and help, the escape key in the
search box, every active filter named, export of what the table shows."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.compare import CompareScreen
from factcheck.tui.screens.detail import DetailScreen
from factcheck.tui.screens.help import HelpScreen
from factcheck.tui.widgets.claim_table import ClaimTable
from tests.tui.conftest import run_app, settle


def _table(app: FactcheckApp) -> ClaimTable:
    return app.screen.query_one(ClaimTable)


def _status_line(app: FactcheckApp) -> str:
    return str(app.screen.query_one("#status-line", Static).render())


def test_match_level_and_status_are_apart(sample_svc: FactcheckService) -> None:
    b1 = next(r.id for r in sample_svc.list_claims() if r.claim_ref == "b1")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = _table(app)
        table.move_cursor(row=[r.id for r in table.claims].index(b1), animate=False)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        matches = str(app.screen.query_one("#block-matches", Static).render())
        assert "suggested open" in matches and "suggestedopen" not in matches

    run_app(sample_svc, scenario)


def test_compare_help_separates_long_keys(sample_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = str(app.screen.query_one(Static).render()).splitlines()
        back = next(line for line in lines if "escape / backspace" in line)
        assert back.split("escape / backspace")[1].startswith(" ")

    run_app(sample_svc, scenario)


def test_escape_in_the_search_box_clears_the_search(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"kai-fu", "enter")
        await settle(pilot)
        assert len(_table(app).claims) == 1  # enter keeps the search
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == ""
        assert isinstance(app.focused, ClaimTable)
        assert len(_table(app).claims) == 6
        assert "filter" not in _status_line(app)
        await pilot.press("question_mark")
        help_text = str(app.screen.query_one(Static).render())
        assert "Clear the search, back to the table" in help_text

    run_app(review_svc, scenario)


def test_status_line_names_every_active_filter(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        app.screen.query_one("#filter-language", Select).value = "en"
        app.screen.query_one("#filter-status", Select).value = "unreviewed"
        await pilot.press("slash", *"only", "enter")
        await settle(pilot)
        line = _status_line(app)
        assert 'filter: status=unreviewed, language=en, search "only"' in line, line

    run_app(review_svc, scenario)


def test_export_writes_what_the_table_shows(review_svc: FactcheckService,
                                            workdir: Path) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        app.screen.query_one("#filter-article", Select).value = "en-wire"
        await settle(pilot)
        await pilot.press("slash", *"a", "enter")
        await settle(pilot)
        shown = len(_table(app).claims)
        assert 0 < shown < 6
        await pilot.press("e")
        await settle(pilot)
        written = list((workdir / "exports").glob("*.csv"))
        assert len(written) == 1
        with written[0].open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == shown
        notice = next(str(n.message) for n in app._notifications if "Exported" in str(n.message))
        assert notice.startswith(f'Exported {shown} claims (filter: article=en-wire, search "a")'
                                 f" to {written[0].relative_to(workdir)}"), notice

    run_app(review_svc, scenario)
