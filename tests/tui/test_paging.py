"""Fast keys across a page turn: moves that arrive while the next page loads are kept."""

from __future__ import annotations

import pytest
from textual import events
from textual.pilot import Pilot

from factcheck.models import Article
from factcheck.services import FactcheckService
from factcheck.store import queries as q
from factcheck.store import unit_of_work
from factcheck.tui.app import FactcheckApp
from factcheck.tui.widgets.claim_table import PAGE_SIZE, ClaimTable
from tests.tui.conftest import run_app, settle

TOTAL = 5000


@pytest.fixture
def big_svc(svc: FactcheckService) -> FactcheckService:
    with unit_of_work(svc.workspace.engine) as session:
        article = Article(ref="big", title="big")
        session.add(article)
        session.flush()
        q.insert_claims(session=session, rows=[
            {"article_id": article.id, "text": f"claim number {i + 1}", "language": "en"}
            for i in range(TOTAL)])
    return svc


async def _burst(pilot: Pilot[None], keys: str) -> None:
    """Keys as a terminal delivers a held or fast-typed key: all queued before the app gets
    to them, while the page they cross into is still loading (pilot.press would wait for the
    app to go idle after each key)."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key))
    await pilot.pause()


def _at(app: FactcheckApp) -> str:
    selected = app.screen.query_one(ClaimTable).selected
    assert selected is not None
    return selected.text


def test_fast_j_across_the_page_edge_loses_no_key(big_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = app.screen.query_one(ClaimTable)
        table.move_cursor(row=97, animate=False)
        assert _at(app) == "claim number 98"
        await _burst(pilot, "jjjjjj")
        await settle(pilot)
        assert table.page_start == PAGE_SIZE
        assert _at(app) == "claim number 104"
        await _burst(pilot, "kkkkkk")  # and back across the edge
        await settle(pilot)
        assert (table.page_start, _at(app)) == (0, "claim number 98")

    run_app(big_svc, scenario)


def test_fast_k_from_the_bottom_crosses_two_pages(big_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await _burst(pilot, "G" + "k" * 105)
        await settle(pilot)
        assert _at(app) == f"claim number {TOTAL - 105}"
        await _burst(pilot, "gjjj")
        await settle(pilot)
        assert _at(app) == "claim number 4"

    run_app(big_svc, scenario)
