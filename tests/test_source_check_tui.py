"""The TUI checks a new source in a background worker and marks dead links (real app, Pilot,
real local HTTP server)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from factcheck.config import Settings
from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp, create_app
from factcheck.tui.screens.detail import DetailScreen
from factcheck.tui.screens.source import SourceModal
from factcheck.tui.widgets.claim_table import ClaimTable
from tests.http_server import PAGE_TITLE, LocalSite


async def _settle(pilot: Pilot[None]) -> None:
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        if all(w.is_finished for w in app.workers):
            await pilot.pause()
            if all(w.is_finished for w in app.workers):
                return
        await asyncio.sleep(0.05)
    raise AssertionError("workers did not settle")


def _sources_block(app: FactcheckApp) -> str:
    return str(app.screen.query_one("#block-sources").render())


async def _add_source(pilot: Pilot[None], url: str) -> None:
    await pilot.press("s")
    assert isinstance(pilot.app.screen, SourceModal)
    await pilot.press(*url)
    await pilot.press("enter")
    await _settle(pilot)


@pytest.fixture
def checking_svc(sample_svc: FactcheckService,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[FactcheckService]:
    """The sample database opened by a command that checks new sources (settings are read
    when a command starts)."""
    monkeypatch.setenv("FACTCHECK_CHECK_SOURCES", "on")
    monkeypatch.setenv("FACTCHECK_FETCH_TIMEOUT", "0.3")
    monkeypatch.setenv("FACTCHECK_ALLOW_PRIVATE_URLS", "1")  # the local server is 127.0.0.1
    service = FactcheckService(Settings.load(db=sample_svc.settings.db_url, reviewer="tester"))
    yield service
    service.close()


def test_new_sources_are_checked_in_the_background_and_dead_ones_marked(
        checking_svc: FactcheckService, http_site: LocalSite) -> None:
    sample_svc = checking_svc
    dead_url, alive_url = http_site.url("/missing-tui"), http_site.url("/redirect/1")

    async def main() -> None:
        app = create_app(sample_svc)
        async with app.run_test(size=(110, 40)) as pilot:
            await _settle(pilot)
            await pilot.press("enter")
            await _settle(pilot)
            assert isinstance(app.screen, DetailScreen)
            await _add_source(pilot, dead_url)
            notices = [str(n.message) for n in app._notifications]
            assert any("looks dead" in n and "HTTP 404" in n for n in notices)
            assert "✗ DEAD HTTP 404 Not Found" in _sources_block(app)
            await pilot.press("escape")
            table = app.screen.query_one(ClaimTable)
            first_row = [str(c) for c in table.get_row_at(0)]
            assert "1✗" in first_row  # the dead link is marked in the claims table too
            await pilot.press("enter")
            await _settle(pilot)
            await _add_source(pilot, alive_url)
            shown = _sources_block(app)
            assert f"“{PAGE_TITLE}”" in shown and "✓ 200" in shown
            assert http_site.url("/page") in shown  # where the redirect led

    asyncio.run(main())
    stored = {s.url: s for s in sample_svc.claim_detail(
        sample_svc.list_claims()[0].id).sources}
    assert stored[dead_url].dead and stored[dead_url].http_status == 404
    assert stored[alive_url].title == PAGE_TITLE


@pytest.mark.usefixtures("allow_private_urls")  # before sample_svc: its settings allow it
def test_hostile_page_title_is_shown_as_text(sample_svc: FactcheckService,
                                             http_site: LocalSite) -> None:
    claim_id = sample_svc.list_claims()[0].id
    source = sample_svc.add_source(claim_id, http_site.url("/hostile-title"))
    sample_svc.sources.check_one(source.id)

    async def main() -> None:
        app = create_app(sample_svc)
        async with app.run_test(size=(110, 40)) as pilot:
            await _settle(pilot)
            await pilot.press("enter")
            await _settle(pilot)
            shown = _sources_block(app)
            assert "[bold red]Win[/]" in shown  # markup shown literally, not applied
            assert "\x1b" not in shown and "\x07" not in shown

    asyncio.run(main())
