"""Pilot: a reviewer accepts (a), discards (d) and rewords (t) extracted candidates."""

from __future__ import annotations

import json

from textual.pilot import Pilot
from textual.widgets import Input

from factcheck.io.json_import import parse_claim_text
from factcheck.models import ClaimStatus
from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.candidates import EditTextModal
from factcheck.tui.screens.claims import ClaimsScreen
from factcheck.tui.screens.detail import DetailScreen
from factcheck.tui.widgets.claim_table import ClaimTable
from tests.tui.conftest import run_app, settle

DOCUMENT = {
    "article": {"ref": "bike-t", "title": "공공자전거 1000만 건", "language": "ko"},
    "claims": [
        {"text": "한빛시 공공자전거 이용이 1000만 건을 넘었다.", "tags": ["extracted"]},
        {"text": "시민들의 반응도 뜨겁다.", "tags": ["extracted"]},
        {"text": "대여소는 모두 1250곳이다.", "tags": ["extracted"]},
    ],
}


def test_accept_discard_and_edit_candidates_by_keys(svc: FactcheckService) -> None:
    bundles = parse_claim_text(json.dumps(DOCUMENT, ensure_ascii=False), label="t")
    ids = svc.import_bundles(bundles, label="t", status=ClaimStatus.CANDIDATE).new_claim_ids

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, ClaimsScreen)
        header = str(app.screen.query_one("#header").render())
        assert "0 / 0 reviewed" in header  # candidates are not review work yet
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("j", "d")
        await settle(pilot)
        await pilot.press("j", "t")
        await settle(pilot)
        assert isinstance(app.screen, EditTextModal)
        field = app.screen.query_one("#text", Input)
        field.value = "한빛시의 공공자전거 대여소는 모두 1250곳이다."
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        statuses = {row.id: row.status for row in app.screen.query_one(ClaimTable).claims}
        assert statuses[ids[0]] == "unreviewed" and statuses[ids[1]] == "discarded"
        header = str(app.screen.query_one("#header").render())
        assert "0 / 1 reviewed" in header

    run_app(svc, scenario)
    assert svc.claim_detail(ids[0]).row.status == "unreviewed"
    assert svc.claim_detail(ids[1]).row.status == "discarded"
    edited = svc.claim_detail(ids[2]).row
    assert edited.text == "한빛시의 공공자전거 대여소는 모두 1250곳이다."
    assert edited.status == "candidate"
    assert [c.old_value for c in svc.claim_changes(ids[2])] == ["대여소는 모두 1250곳이다."]


def test_discarding_reviewed_work_is_refused_with_a_notice(svc: FactcheckService) -> None:
    bundles = parse_claim_text(json.dumps(DOCUMENT, ensure_ascii=False), label="t")
    ids = svc.import_bundles(bundles, label="t", status=ClaimStatus.CANDIDATE).new_claim_ids
    svc.accept_candidate(ids[0])
    svc.set_verdict(ids[0], "true")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("d")
        await settle(pilot)
        notices = [str(n.message) for n in app._notifications]
        assert any("cannot be discarded" in n for n in notices), notices

    run_app(svc, scenario)
    assert svc.claim_detail(ids[0]).row.status == "reviewed"


def test_reword_and_accept_from_the_detail_view(svc: FactcheckService) -> None:
    bundles = parse_claim_text(json.dumps(DOCUMENT, ensure_ascii=False), label="t")
    ids = svc.import_bundles(bundles, label="t", status=ClaimStatus.CANDIDATE).new_claim_ids

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, EditTextModal)
        reworded = "한빛시 공공자전거 누적 이용이 1000만 건을 넘었다."
        app.screen.query_one("#text", Input).value = reworded
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        shown = str(app.screen.query_one("#block-claim").render())
        assert "누적 이용이 1000만 건" in shown and "unreviewed" in shown
        history = str(app.screen.query_one("#block-history").render())
        assert "reworded; before: 한빛시 공공자전거 이용이 1000만 건을 넘었다." in history
        assert "candidate → unreviewed" in history

    run_app(svc, scenario)
    row = svc.claim_detail(ids[0]).row
    assert (row.text, row.status, row.version) == (
        "한빛시 공공자전거 누적 이용이 1000만 건을 넘었다.", "unreviewed", 3)
