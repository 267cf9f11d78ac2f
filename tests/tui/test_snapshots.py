"""Snapshots at 100x30 (pytest-textual-snapshot): main screen, detail view, verdict modal,
with Korean and English claims and one markup-bearing claim. Update after an intended change
with `uv run pytest tests/tui/test_snapshots.py --snapshot-update` and look at the SVGs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import update
from textual.pilot import Pilot

from factcheck.models import Claim, Source, Verdict
from factcheck.services import FactcheckService
from factcheck.store import unit_of_work
from factcheck.tui.app import create_app
from tests.tui.conftest import SIZE, settle

FIXED_TIME = datetime(2025, 3, 27, 9, 30, tzinfo=UTC)

SnapCompare = Callable[..., bool]

# One set of pictures (the file names are the test names): taken on SQLite. The TUI's other
# tests run on PostgreSQL too.
pytestmark = pytest.mark.sqlite_only("one set of screen pictures, named after the test")


def _freeze_times(service: FactcheckService) -> None:
    """History lines show when things happened; pin them so the picture does not age."""
    with unit_of_work(service.workspace.engine) as session:
        session.execute(update(Verdict).values(created_at=FIXED_TIME))
        session.execute(update(Source).values(added_at=FIXED_TIME))
        # (the detail view says who imported the claim, and when)
        session.execute(update(Claim).values(created_at=FIXED_TIME))


def _reviewed(service: FactcheckService) -> FactcheckService:
    ids = [row.id for row in service.list_claims()]
    service.add_source(ids[1], "https://dart.example/ipo", stance="supports",
                       note="IPO 예비심사 청구서")
    service.set_verdict(ids[1], "mostly-true", rationale="청구서는 냈지만 상장은 아직",
                        reviewer="kim")
    service.set_verdict(ids[3], "false", rationale="Not the largest in percentage terms",
                        reviewer="tester")
    _freeze_times(service)
    return service


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)


def test_main_screen(snap_compare: SnapCompare, review_svc: FactcheckService) -> None:
    app = create_app(_reviewed(review_svc))
    assert snap_compare(app, terminal_size=SIZE, run_before=_ready)


def test_detail_view(snap_compare: SnapCompare, review_svc: FactcheckService) -> None:
    app = create_app(_reviewed(review_svc))

    async def open_detail(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_detail)


def test_verdict_modal(snap_compare: SnapCompare, review_svc: FactcheckService) -> None:
    app = create_app(_reviewed(review_svc))

    async def pick_false(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("v", "5", *"거래소 자료에 없음")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=pick_false)


def test_markup_claim_is_literal(snap_compare: SnapCompare,
                                 review_svc: FactcheckService) -> None:
    """The last claim holds `[bold red]x[/]`, an escape sequence and a bell: all shown as text,
    in the table row and in its detail view."""
    _freeze_times(review_svc)
    app = create_app(review_svc)

    async def open_markup_claim(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("G", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_markup_claim)


def test_overview_screen(snap_compare: SnapCompare, svc: FactcheckService) -> None:
    from datetime import date

    from factcheck.tui.screens.overview import OverviewScreen
    from tests.test_stats import seed

    seed(svc)

    async def open_overview(pilot: Pilot[None]) -> None:
        await settle(pilot)
        app: Any = pilot.app
        app.clear_notifications()  # (the startup note on sentence vectors would cover it)
        # (a fixed day, so that the chart's range does not move)
        app.push_screen(OverviewScreen(app.session, today=date(2026, 3, 12)))
        await settle(pilot)

    app = create_app(svc)
    assert snap_compare(app, terminal_size=SIZE, run_before=open_overview)
