"""Pilot tests: each review action, driven by keys, reaches the database (or the screen)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select

from factcheck.config import Settings
from factcheck.services import ClaimFilter, FactcheckService
from factcheck.store import queries as q
from factcheck.store import unit_of_work
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.claims import ClaimsScreen
from factcheck.tui.screens.conflict import ConflictModal
from factcheck.tui.screens.detail import DetailScreen
from factcheck.tui.screens.help import HelpScreen
from factcheck.tui.screens.source import SourceModal
from factcheck.tui.screens.verdict import VerdictModal
from factcheck.tui.widgets.claim_table import PAGE_SIZE, ClaimTable
from tests.tui.conftest import run_app, settle


def _table(app: FactcheckApp) -> ClaimTable:
    return app.screen.query_one(ClaimTable)


def _shown_ids(app: FactcheckApp) -> list[int]:
    return [row.id for row in _table(app).claims]


def _notices(app: FactcheckApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _type(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


def test_the_sample_shows_with_progress(sample_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, ClaimsScreen)
        assert len(_shown_ids(app)) == 24
        header = str(app.screen.query_one("#header").render())
        assert "tester" in header and "0 / 24 reviewed" in header

    run_app(sample_svc, scenario)


def test_verdict_by_keys_persists_with_its_rationale(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("j", "v")
        assert isinstance(app.screen, VerdictModal)
        await pilot.press("5")
        await _type(pilot, "no record in the exchange data")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        second = _table(app).claims[1]
        assert (second.verdict, second.status) == ("false", "reviewed")
        assert "1 / 6 reviewed" in str(app.screen.query_one("#header").render())

    run_app(review_svc, scenario)
    second_id = review_svc.list_claims()[1].id
    detail = review_svc.claim_detail(second_id)
    assert [(v.rating, v.rationale, v.reviewer) for v in detail.history] == [
        ("false", "no record in the exchange data", "tester")]


def test_escape_cancels_the_verdict_and_nothing_is_written(
        review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("v", "3", *"half", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)

    run_app(review_svc, scenario)
    assert review_svc.count_claims(ClaimFilter(verdict="none")) == 6


def test_enter_without_a_rating_keeps_the_dialog_open(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("v", "tab", *"why", "enter")
        assert isinstance(app.screen, VerdictModal)
        assert any("Pick a rating" in n for n in _notices(app))

    run_app(review_svc, scenario)


def test_source_added_with_stance_and_note(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("s")
        assert isinstance(app.screen, SourceModal)
        await _type(pilot, "https://krx.example/daily")
        await pilot.press("tab", "tab")
        await _type(pilot, "exchange data")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        first = _table(app).claims[0]
        assert (first.source_count, first.status) == (1, "in_review")

    run_app(review_svc, scenario)
    first_id = review_svc.list_claims()[0].id
    sources = review_svc.claim_detail(first_id).sources
    assert [(s.url, s.stance, s.note, s.added_by) for s in sources] == [
        ("https://krx.example/daily", "context", "exchange data", "tester")]


def test_a_bad_source_url_is_refused_and_what_was_typed_stays(
        review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("s", *"ftp://x", "enter")
        assert isinstance(app.screen, SourceModal)
        assert app.screen.query_one("#url", Input).value == "ftp://x"
        assert any("refused" in n for n in _notices(app))

    run_app(review_svc, scenario)
    assert review_svc.claim_detail(review_svc.list_claims()[0].id).sources == []


def test_filter_and_search_narrow_the_table(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        assert len(_shown_ids(app)) == 6
        app.screen.query_one("#filter-language", Select).value = "en"
        await settle(pilot)
        assert [r.language for r in _table(app).claims] == ["en"] * 3
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await _type(pilot, "kai-fu")
        await pilot.press("enter")
        await settle(pilot)
        assert [r.speaker for r in _table(app).claims] == ["Kai-Fu Lee"]
        assert isinstance(app.focused, ClaimTable)
        app.screen.query_one("#filter-language", Select).value = "ko"
        await settle(pilot)
        assert _table(app).claims == []
        status_line = str(app.screen.query_one("#status-line").render())
        assert "No claim matches" in status_line

    run_app(review_svc, scenario)


def test_korean_search_and_verdict_filter(review_svc: FactcheckService) -> None:
    review_svc.set_verdict(review_svc.list_claims()[2].id, "mixed")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"지푸", "enter")
        await settle(pilot)
        assert [r.claim_ref for r in _table(app).claims] == ["k2"]
        app.screen.query_one("#search", Input).value = ""
        app.screen.query_one("#filter-verdict", Select).value = "mixed"
        await pilot.pause(0.4)
        await settle(pilot)
        assert [r.claim_ref for r in _table(app).claims] == ["k3"]

    run_app(review_svc, scenario)


def test_n_finds_the_next_unreviewed_and_wraps(review_svc: FactcheckService) -> None:
    ids = [r.id for r in review_svc.list_claims()]
    for claim_id in ids[1:3]:
        review_svc.set_verdict(claim_id, "true")
    review_svc.set_verdict(ids[5], "true")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = _table(app)
        assert table.selected and table.selected.id == ids[0]
        await pilot.press("n")
        await settle(pilot)
        assert table.selected and table.selected.id == ids[3]
        await pilot.press("n")
        await settle(pilot)
        assert table.selected and table.selected.id == ids[4]
        await pilot.press("n")  # past the end: wraps to the first open claim
        await settle(pilot)
        assert table.selected and table.selected.id == ids[0]

    run_app(review_svc, scenario)


def test_undo_appends_history_and_retracts_sources(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("v", "1", *"first", "enter")
        await settle(pilot)
        await pilot.press("s", *"https://example.org/a", "enter")
        await settle(pilot)
        await pilot.press("u")  # the source
        await settle(pilot)
        row = _table(app).claims[0]
        assert (row.verdict, row.source_count) == ("true", 0)
        await pilot.press("u")  # the verdict
        await settle(pilot)
        row = _table(app).claims[0]
        assert (row.verdict, row.status) == (None, "unreviewed")
        await pilot.press("u")
        await settle(pilot)
        assert any("Nothing to undo" in n for n in _notices(app))

    run_app(review_svc, scenario)
    claim_id = review_svc.list_claims()[0].id
    detail = review_svc.claim_detail(claim_id)
    assert [(v.rating, v.undoes_verdict_id is not None) for v in detail.history] == [
        ("true", False), (None, True)]
    with unit_of_work(review_svc.workspace.engine) as session:
        kept = q.sources_by_claim(session=session, claim_ids=[claim_id], include_retracted=True)
    assert [s.retracted_at is not None for s in kept[claim_id]] == [True]


def test_export_writes_a_file_and_shows_its_path(review_svc: FactcheckService,
                                                  workdir: Path) -> None:
    review_svc.desk.set("second_review", "off")  # the verdict is final at once
    review_svc.set_verdict(review_svc.list_claims()[0].id, "false", rationale="checked")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("e")
        await settle(pilot)
        written = list((workdir / "exports").glob("*.csv"))
        assert len(written) == 1
        assert any(str(written[0].relative_to(workdir)) in n for n in _notices(app))
        content = written[0].read_text("utf-8-sig")
        assert "checked" in content and "false" in content

    run_app(review_svc, scenario)


def test_a_failed_export_is_one_notification_not_a_traceback(
        review_svc: FactcheckService, workdir: Path) -> None:
    (workdir / "exports").write_text("a file where the folder should be")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("e")
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "cannot write export" in str(errors[0].message)
        assert isinstance(app.screen, ClaimsScreen)

    run_app(review_svc, scenario)


def test_stale_verdict_shows_the_newer_one_and_overwrite_wins(
        review_svc: FactcheckService, db_url: str) -> None:
    other = FactcheckService(Settings.load(db=db_url, reviewer="alice"))

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        claim_id = _table(app).claims[0].id
        other.set_verdict(claim_id, "true", rationale="alice read the filing")
        await pilot.press("v", "5", *"mine", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictModal)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "true" in shown and "alice" in shown and "alice read the filing" in shown
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)

    try:
        run_app(review_svc, scenario)
        claim_id = review_svc.list_claims()[0].id
        history = review_svc.claim_detail(claim_id).history
        assert [(v.rating, v.reviewer) for v in history] == [("true", "alice"),
                                                             ("false", "tester")]
    finally:
        other.close()


def test_stale_verdict_keep_theirs_writes_nothing(review_svc: FactcheckService,
                                                  db_url: str) -> None:
    other = FactcheckService(Settings.load(db=db_url, reviewer="alice"))

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        claim_id = _table(app).claims[0].id
        other.set_verdict(claim_id, "true")
        await pilot.press("v", "5", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictModal)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert _table(app).claims[0].verdict == "true"  # the table shows the newer state

    try:
        run_app(review_svc, scenario)
        claim_id = review_svc.list_claims()[0].id
        assert [v.reviewer for v in review_svc.claim_detail(claim_id).history] == ["alice"]
    finally:
        other.close()


def test_refresh_shows_another_reviewers_changes(review_svc: FactcheckService,
                                                  db_url: str) -> None:
    other = FactcheckService(Settings.load(db=db_url, reviewer="alice"))

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        other.set_verdict(_table(app).claims[3].id, "misleading")
        assert _table(app).claims[3].verdict is None
        await pilot.press("r")
        await settle(pilot)
        assert _table(app).claims[3].verdict == "misleading"

    try:
        run_app(review_svc, scenario)
    finally:
        other.close()


def test_detail_view_shows_sources_and_history(review_svc: FactcheckService) -> None:
    claim_id = review_svc.list_claims()[1].id
    review_svc.add_source(claim_id, "https://dart.example/ipo", stance="supports",
                          note="the filing")
    review_svc.set_verdict(claim_id, "mostly-true", rationale="filed, not listed yet")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query(".block"))
        for expected in ("지푸 AI 대변인", "3월 25일 기자회견", "https://dart.example/ipo",
                         "the filing", "supports", "mostly-true", "filed, not listed yet",
                         "AI타임스"):
            assert expected in shown
        await pilot.press("v", "2", "enter")  # the verdict key works in the detail view too
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "Verdict history (2)" in str(app.screen.query_one("#block-history").render())
        await pilot.press("escape")
        assert isinstance(app.screen, ClaimsScreen)

    run_app(review_svc, scenario)


def test_markup_in_claims_is_shown_literally(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        row = _table(app).claims[5]
        cell = _table(app).get_row_at(5)[2]
        assert str(cell).startswith("[bold red]x[/] is \\x1b[31mred")
        assert "\x1b" not in str(cell) and "\x07" not in str(cell)
        assert cell.spans == []
        assert row.text.startswith("[bold red]x[/]")

    run_app(review_svc, scenario)


def test_paging_with_vim_keys(svc: FactcheckService) -> None:
    total = PAGE_SIZE * 2 + 17
    with unit_of_work(svc.workspace.engine) as session:
        from factcheck.models import Article

        article = Article(ref="big", title="big")
        session.add(article)
        session.flush()
        q.insert_claims(session=session, rows=[
            {"article_id": article.id, "text": f"claim number {i}", "language": "en"}
            for i in range(total)])

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = _table(app)
        assert (table.total, len(table.claims)) == (total, PAGE_SIZE)
        await pilot.press("G")
        await settle(pilot)
        assert table.selected and table.selected.text == f"claim number {total - 1}"
        await pilot.press("g")
        await settle(pilot)
        assert table.selected and table.selected.text == "claim number 0"
        await pilot.press("k")  # already at the very top: stays
        for _ in range(PAGE_SIZE - 1):
            await pilot.press("j")
        assert table.page_start == 0
        await pilot.press("j")  # past the page edge: the next page
        await settle(pilot)
        assert table.page_start == PAGE_SIZE
        assert table.selected and table.selected.text == f"claim number {PAGE_SIZE}"
        await pilot.press("k")
        await settle(pilot)
        assert table.selected and table.selected.text == f"claim number {PAGE_SIZE - 1}"

    run_app(svc, scenario)


def test_help_lists_the_keys(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            assert isinstance(app.screen, HelpScreen)
            text = str(app.screen.query_one("Static").render())
            for expected in ("Verdict", "Next mine", "Undo", "Export CSV", "j / down",
                             "G / end", "not-checkable", "ctrl+p"):
                assert expected in text
            await pilot.press("escape")
            assert isinstance(app.screen, ClaimsScreen)

    run_app(review_svc, scenario)


def test_palette_offers_the_actions(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Verdict", "Source", "Next mine", "Search", "Undo", "Export CSV",
                "Refresh", "Help", "Top", "Bottom"} <= titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Verdict")
        await command.callback()
        await pilot.pause()
        assert isinstance(app.screen, VerdictModal)

    run_app(review_svc, scenario)


def test_q_quits(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    run_app(review_svc, scenario)


def test_undo_is_refused_when_another_reviewer_changed_the_claim(
        review_svc: FactcheckService, db_url: str) -> None:
    other = FactcheckService(Settings.load(db=db_url, reviewer="alice"))

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("v", "1", "enter")
        await settle(pilot)
        other.set_verdict(_table(app).claims[0].id, "mixed", rationale="alice's")
        await pilot.press("u")
        await settle(pilot)
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "cannot undo" in errors[0] and "alice" in errors[0]

    try:
        run_app(review_svc, scenario)
        history = review_svc.claim_detail(review_svc.list_claims()[0].id).history
        assert [(v.rating, v.reviewer) for v in history] == [("true", "tester"),
                                                             ("mixed", "alice")]
    finally:
        other.close()


def test_korean_and_english_rows_align_in_the_table(review_svc: FactcheckService) -> None:
    from rich.cells import cell_len

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = _table(app)
        starts = set()
        for y in range(1, 1 + len(table.claims)):  # line 0 is the header
            line = table.render_line(y).text
            status_at = min(i for i in (line.find(" unreviewed"), line.find(" reviewed"))
                            if i >= 0)
            starts.add(cell_len(line[:status_at]))
        assert len(starts) == 1, starts

    run_app(review_svc, scenario)


def test_quick_keys_do_not_trip_over_the_sessions_own_changes(
        review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        seen_before = _table(app).claims[0]
        await pilot.press("s", *"https://example.org/b", "enter")
        await settle(pilot)
        # A verdict asked on the row as it was before the table reloaded after our own
        # source (a fast reviewer outruns the reload): it is not stale for this session.
        app.request_verdict(seen_before)
        await pilot.press("7", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)  # no conflict with ourselves
        row = _table(app).claims[0]
        assert (row.verdict, row.source_count) == ("unproven", 1)
        await pilot.press("u", "u")
        await settle(pilot)
        row = _table(app).claims[0]
        assert (row.verdict, row.source_count, row.status) == (None, 0, "unreviewed")
        assert not [n for n in app._notifications if n.severity == "error"]

    run_app(review_svc, scenario)


def test_a_claim_that_reorders_itself_shows_its_override(svc: FactcheckService,
                                                          workdir: Path) -> None:
    """A right-to-left override would make the table read "... 5% of jobs" while the claim
    says otherwise: the table and the detail view show it as an escape."""
    hostile = "The ministry cut \u202esboj fo %5\u200b."
    (workdir / "rlo.json").write_text(json.dumps(
        {"article": {"ref": "rlo"}, "claims": [{"text": hostile}]}), "utf-8")
    assert not svc.import_paths([workdir / "rlo.json"]).errors

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        cell = str(_table(app).get_row_at(0)[2])
        assert "\u202e" not in cell and "\u200b" not in cell
        assert "\\u202esboj" in cell
        await pilot.press("enter")
        await settle(pilot)
        shown = "".join(str(w.render()) for w in app.screen.query("Static"))
        assert "\\u202esboj fo %5\\u200b." in shown and "\u202e" not in shown

    run_app(svc, scenario)


def test_another_reviewers_source_is_merged_and_shown_not_a_conflict(
        review_svc: FactcheckService, db_url: str) -> None:
    other = FactcheckService(Settings.load(db=db_url, reviewer="alice"))

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        claim_id = app.screen.claim_id
        assert "https://example.org/alices" not in str(
            app.screen.query_one("#block-sources").render())
        other.add_source(claim_id, "https://example.org/alices", stance="refutes",
                         note="alice's find")
        await pilot.press("v", "5", *"mine", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)  # no conflict dialog
        sources = str(app.screen.query_one("#block-sources").render())
        assert "https://example.org/alices" in sources and "alice" in sources
        assert "Verdict history (1)" in str(app.screen.query_one("#block-history").render())
        assert any("Merged with 1 change by someone else" in notice
                   for notice in _notices(app))

    try:
        run_app(review_svc, scenario)
        claim_id = review_svc.list_claims()[0].id
        detail = review_svc.claim_detail(claim_id)
        assert [(s.url, s.added_by) for s in detail.sources] == [
            ("https://example.org/alices", "alice")]
        assert [(v.rating, v.reviewer) for v in detail.history] == [("false", "tester")]
    finally:
        other.close()
