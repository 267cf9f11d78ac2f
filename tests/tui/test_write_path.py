"""Pilot: the compare screen's and the candidates' writes go through the app's one write path
(the review session: its lock, its own versions, its undo), so a quick second key is not a
conflict with yourself, while a change by someone else still is."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from factcheck.config import Settings
from factcheck.io.json_import import parse_claim_text
from factcheck.models import ClaimStatus
from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.candidates import EditTextModal
from factcheck.tui.screens.claims import ClaimsScreen
from factcheck.tui.screens.compare import CompareScreen
from factcheck.tui.widgets.claim_table import ClaimTable
from tests.tui.conftest import run_app, settle

CANDIDATES = {
    "article": {"ref": "bikes", "title": "공공자전거", "language": "ko"},
    "claims": [{"text": "한빛시 공공자전거 이용이 1000만 건을 넘었다.", "tags": ["extracted"]}],
}


@pytest.fixture
def alice(db_url: str, svc: FactcheckService) -> Iterator[FactcheckService]:
    """Another reviewer on the same database file."""
    other = FactcheckService(Settings.load(db=db_url, reviewer="alice"))
    yield other
    other.close()


def _errors(app: FactcheckApp) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


async def _burst(pilot: Pilot[None], keys: str) -> None:
    """Keys typed faster than the screen reloads: all queued before the first write is back."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key))
    await pilot.pause()


async def _compare(app: FactcheckApp, pilot: Pilot[None], claim_id: int) -> CompareScreen:
    table = app.screen.query_one(ClaimTable)
    table.move_cursor(row=[row.id for row in table.claims].index(claim_id), animate=False)
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(app.screen, CompareScreen)
    return app.screen


def _candidate(svc: FactcheckService) -> int:
    bundles = parse_claim_text(json.dumps(CANDIDATES, ensure_ascii=False), label="t")
    return svc.import_bundles(bundles, label="t", status=ClaimStatus.CANDIDATE).new_claim_ids[0]


def test_reusing_a_verdict_twice_quickly_is_no_conflict_and_both_undo(
        sample_svc: FactcheckService) -> None:
    ids = {row.claim_ref: row.id for row in sample_svc.list_claims()}
    k6, b4 = ids["k6"], ids["b4"]
    sample_svc.set_verdict(b4, "mostly-true", reviewer="park")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await _compare(app, pilot, k6)
        await _burst(pilot, "cc")  # the second on claim A as shown before the first was saved
        await settle(pilot)
        assert _errors(app) == []
        assert sum("reused from" in str(n.message) for n in app._notifications) == 2
        await pilot.press("escape", "u", "u")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen) and _errors(app) == []

    run_app(sample_svc, scenario)
    history = sample_svc.claim_detail(k6).history
    assert [(v.rating, v.reused_from_claim_id == b4) for v in history] == [
        ("mostly-true", True), ("mostly-true", True), ("mostly-true", False), (None, False)]
    assert sample_svc.claim_detail(k6).row.verdict is None


def test_reusing_onto_a_claim_someone_else_changed_is_refused(
        sample_svc: FactcheckService, alice: FactcheckService) -> None:
    ids = {row.claim_ref: row.id for row in sample_svc.list_claims()}
    k6, b4 = ids["k6"], ids["b4"]
    sample_svc.set_verdict(b4, "mostly-true", reviewer="park")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await _compare(app, pilot, k6)
        alice.set_verdict(k6, "false", rationale="alice checked it herself")
        await pilot.press("c")
        await settle(pilot)
        errors = _errors(app)
        assert len(errors) == 1 and "changed since it was loaded" in errors[0], errors
        assert isinstance(app.screen, CompareScreen) and app.is_running

    run_app(sample_svc, scenario)
    assert [v.reviewer for v in sample_svc.claim_detail(k6).history] == ["alice"]


def test_rewording_right_after_accepting_is_no_conflict(svc: FactcheckService) -> None:
    claim_id = _candidate(svc)
    reworded = "한빛시 공공자전거 누적 이용이 1000만 건을 넘었다."

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await _burst(pilot, "at")  # the wording dialog opens on the row as it was before `a`
        await settle(pilot)
        assert isinstance(app.screen, EditTextModal)
        assert app.screen.row.status == "candidate"
        app.screen.query_one("#text", Input).value = reworded
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert _errors(app) == []

    run_app(svc, scenario)
    row = svc.claim_detail(claim_id).row
    assert (row.text, row.status, row.version) == (reworded, "unreviewed", 3)


def test_accepting_a_candidate_someone_else_reworded_is_refused(
        svc: FactcheckService, alice: FactcheckService) -> None:
    claim_id = _candidate(svc)

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        alice.edit_claim_text(claim_id, "한빛시 공공자전거 이용이 2024년 1000만 건을 넘었다.")
        await pilot.press("a")
        await settle(pilot)
        errors = _errors(app)
        assert len(errors) == 1 and "changed since it was loaded" in errors[0], errors

    run_app(svc, scenario)
    assert svc.claim_detail(claim_id).row.status == "candidate"


def test_undoing_our_source_after_someone_elses_source_opens_no_conflict(
        svc: FactcheckService, alice: FactcheckService) -> None:
    """Our own just-added source is ours to take back: alice's source in between is no
    conflict (the undo is checked like the source, not against the whole claim)."""
    assert not svc.import_paths([Path("claims")]).errors
    claim_id = svc.list_claims()[0].id

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("s", *"https://example.org/mine", "enter")
        await settle(pilot)
        alice.add_source(claim_id, "https://example.org/alice", stance="supports")
        await pilot.press("u")
        await settle(pilot)
        assert _errors(app) == []
        assert isinstance(app.screen, ClaimsScreen)  # no conflict dialog, nothing in the way

    run_app(svc, scenario)
    detail = svc.claim_detail(claim_id)
    assert [s.url for s in detail.sources] == ["https://example.org/alice"]
    assert [(s.url, s.retracted_by) for s in detail.retracted_sources] == [
        ("https://example.org/mine", "tester")]


def test_accepting_a_candidate_after_someone_elses_source_is_saved(
        svc: FactcheckService, alice: FactcheckService) -> None:
    claim_id = _candidate(svc)

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        alice.add_source(claim_id, "https://example.org/alice")
        await pilot.press("a")
        await settle(pilot)
        assert _errors(app) == []

    run_app(svc, scenario)
    assert svc.claim_detail(claim_id).row.status == "unreviewed"


def test_a_session_without_a_reviewer_asks_the_name_first(
        db_url: str, svc: FactcheckService, monkeypatch: pytest.MonkeyPatch) -> None:
    """How a served browser session without a reviewer of its own starts: the login prompt
    comes first, escape does not get past it, and the header then names the reviewer (its
    name escaped like all outside text)."""
    from factcheck.config import ReviewerUse
    from factcheck.tui.screens.login import LoginModal
    from factcheck.tui.widgets.review_header import ReviewHeader

    assert not svc.import_paths([Path("claims")]).errors
    monkeypatch.delenv("FACTCHECK_REVIEWER")
    asking = FactcheckService(Settings.load(db=db_url, reviewer_use=ReviewerUse.ASK))
    name = "kim [b]x[/b]"

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, LoginModal)
        await pilot.press("escape", "v")  # neither closes it nor opens the verdict dialog
        await settle(pilot)
        assert isinstance(app.screen, LoginModal)
        name_input = app.screen.query_one("#reviewer-name", Input)
        assert name_input.value == "v"  # a key types into the prompt, nothing else
        name_input.value = "   "
        await pilot.press("enter")  # no name: refused, the prompt stays
        await settle(pilot)
        assert isinstance(app.screen, LoginModal) and _errors(app)
        name_input.value = name
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        header = app.screen.query_one(ReviewHeader)
        shown = header.render().plain
        assert "reviewer: kim [b]x[/b]" in shown  # markup stays literal
        await pilot.press("v", "5", *"named", "enter")
        await settle(pilot)

    try:
        run_app(asking, scenario)
    finally:
        asking.close()
    first = svc.list_claims()[0].id
    assert [v.reviewer for v in svc.claim_detail(first).history] == [name]
