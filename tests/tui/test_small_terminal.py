"""80x24, the smallest terminal we support: dialogs fit, the table's src, status and verdict
columns stay on screen, filter labels do not wrap."""

from __future__ import annotations

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Select

from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.source import SourceModal
from factcheck.tui.screens.verdict import VerdictModal
from factcheck.tui.widgets.claim_table import ClaimTable
from tests.tui.conftest import run_app, settle

SMALL = (80, 24)


def _on_screen(app: FactcheckApp, widget: Widget) -> None:
    """The widget lies inside the terminal and is what is drawn at its place (not clipped
    away by its dialog)."""
    region = widget.region
    assert region.area > 0, widget
    assert Region(0, 0, *SMALL).contains_region(region), (widget, region)
    shown, _ = app.screen.get_widget_at(region.x + 1, region.y + region.height // 2)
    assert shown is widget or widget in shown.ancestors, (widget, shown)


def test_verdict_dialog_fits_with_rationale_and_hint(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("v", "5")
        await pilot.pause()
        assert isinstance(app.screen, VerdictModal)
        rationale = app.screen.query_one("#rationale", Input)
        assert app.focused is rationale
        _on_screen(app, rationale)
        _on_screen(app, app.screen.query_one("#hint"))
        _on_screen(app, app.screen.query_one("#ratings"))

    run_app(review_svc, scenario, size=SMALL)


def test_source_dialog_fits(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SourceModal)
        for selector in ("#url", "#stance", "#note"):
            _on_screen(app, app.screen.query_one(selector))

    run_app(review_svc, scenario, size=SMALL)


def test_claim_column_shrinks_so_src_status_and_verdict_show(
        review_svc: FactcheckService) -> None:
    first = review_svc.list_claims()[0].id
    review_svc.add_source(first, "https://example.org/a")
    review_svc.set_verdict(first, "mostly-false")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        assert table.virtual_size.width <= table.size.width  # nothing off to the right
        header = table.render_line(0).text
        for label in ("status", "verdict", "src"):
            assert label in header, header
        row = table.render_line(1).text
        assert "mostly-false" in row and row.rstrip().endswith("1"), row

    run_app(review_svc, scenario, size=SMALL)


def test_filter_labels_stay_on_one_line(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        for name in ("status", "article", "verdict", "language", "queue"):
            select = app.screen.query_one(f"#filter-{name}", Select)
            label = select.query_one("SelectCurrent #label")
            assert label.render_line(0).text.strip().startswith(name), name

    run_app(review_svc, scenario, size=SMALL)
