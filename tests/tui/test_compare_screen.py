"""Pilot tests for duplicates in the TUI: markers, matches in the detail view, compare screen."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.claims import ClaimsScreen
from factcheck.tui.screens.compare import CompareScreen
from factcheck.tui.screens.detail import DetailScreen
from factcheck.tui.widgets.claim_table import ClaimTable
from tests.tui.conftest import run_app, settle


def _ids(svc: FactcheckService) -> dict[str, int]:
    return {row.claim_ref or "": row.id for row in svc.list_claims()}


async def _select(app: FactcheckApp, pilot: Pilot[None], claim_id: int) -> None:
    table = app.screen.query_one(ClaimTable)
    table.move_cursor(row=[row.id for row in table.claims].index(claim_id), animate=False)
    await pilot.pause()


def _shown(screen: object, selector: str) -> str:
    assert isinstance(screen, CompareScreen | DetailScreen)
    return str(screen.query_one(selector, Static).render())


def test_marker_column_shows_claims_with_duplicates(sample_svc: FactcheckService) -> None:
    ids = _ids(sample_svc)

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = app.screen.query_one(ClaimTable)
        assert str(table.get_cell(str(ids["k6"]), "marker")) == "≡"
        assert str(table.get_cell(str(ids["b4"]), "marker")) == "≡"
        # k8 (Crowdworks) has no duplicate anywhere.
        assert str(table.get_cell(str(ids["k8"]), "marker")) == ""

    run_app(sample_svc, scenario)


def test_detail_view_lists_matches_with_differences(sample_svc: FactcheckService) -> None:
    ids = _ids(sample_svc)

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await _select(app, pilot, ids["k10"])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        block = _shown(app.screen, "#block-matches")
        assert "Matches" in block
        # The 7-year claim shows up as related, with the reason it is not the same claim.
        assert "related" in block and "7개월" in block and "7년" in block

    run_app(sample_svc, scenario)


def test_compare_screen_rejects_confirms_and_reuses_the_verdict(
        sample_svc: FactcheckService) -> None:
    ids = _ids(sample_svc)
    k6, b4 = ids["k6"], ids["b4"]
    sample_svc.set_verdict(b4, "mostly-true", rationale="Kai-Fu Lee interview", reviewer="park")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await _select(app, pilot, k6)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen.other_id == b4  # the best match first
        assert "살아남을" in _shown(screen, "#claim-a")
        assert "mostly-true" in _shown(screen, "#claim-b")
        assert "same" in _shown(screen, "#link")

        await pilot.press("x")
        await settle(pilot)
        link = sample_svc.matching.link_between(k6, b4)
        assert link is not None and link.status == "rejected"
        assert "rejected" in _shown(screen, "#link")

        await pilot.press("y")
        await settle(pilot)
        link = sample_svc.matching.link_between(k6, b4)
        assert link is not None and link.status == "confirmed"

        await pilot.press("c")
        await settle(pilot)
        history = sample_svc.claim_detail(k6).history
        assert history[-1].rating == "mostly-true"
        assert history[-1].reused_from_claim_id == b4
        assert history[-1].reviewer == "tester"
        assert "mostly-true" in _shown(screen, "#claim-a")

        # Reuse goes through the session's undo like any verdict.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        await pilot.press("u")
        await settle(pilot)
        assert sample_svc.claim_detail(k6).row.verdict is None

    run_app(sample_svc, scenario)


def test_compare_steps_through_the_matches(sample_svc: FactcheckService) -> None:
    ids = _ids(sample_svc)

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await _select(app, pilot, ids["k6"])
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        first = screen.other_id
        await pilot.press("n")
        await settle(pilot)
        assert screen.other_id not in (first, None)
        await pilot.press("p")
        await settle(pilot)
        assert screen.other_id == first

    run_app(sample_svc, scenario)


def test_compare_without_matches_says_so(sample_svc: FactcheckService, tmp_path: Path) -> None:
    lonely_file = tmp_path / "lonely.json"
    lonely_file.write_text(json.dumps({
        "article": {"ref": "weather", "title": "Weather"},
        "claims": [{"ref": "w1", "text": "Heavy snow closed every ski lift in the Alps."}]}),
        "utf-8")
    assert not sample_svc.import_paths([lonely_file]).errors
    lonely = _ids(sample_svc)["w1"]
    assert sample_svc.matching.matches_of(lonely) == []

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await _select(app, pilot, lonely)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert any("no matching claim" in str(n.message) for n in app._notifications)

    run_app(sample_svc, scenario)
