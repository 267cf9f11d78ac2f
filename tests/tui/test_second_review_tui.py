"""Second review in the review app: y approves another reviewer's verdict, x returns it with a
required comment; and the headless ReviewSession behind both. The app runs as "tester"; the
verdicts are kim's, written through the service as another reviewer's process would."""

from __future__ import annotations

from textual.pilot import Pilot

from factcheck.errors import FactcheckError
from factcheck.models import Rating, ReviewState
from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.claims import ClaimsScreen
from factcheck.tui.screens.return_verdict import ReturnModal
from factcheck.tui.session import ReviewSession
from factcheck.tui.widgets.claim_table import ClaimTable
from tests.tui.conftest import run_app, settle


def kims_verdicts(svc: FactcheckService, n: int) -> list[int]:
    svc.desk.set("second_review", "on", reviewer="lead")
    ids = [row.id for row in svc.list_claims()][:n]
    for claim_id in ids:
        svc.set_verdict(claim_id, Rating.FALSE, rationale="the ministry's figure is 3%",
                        reviewer="kim")
    return ids


def test_session_approves_and_returns_as_its_reviewer(review_svc: FactcheckService) -> None:
    ids = kims_verdicts(review_svc, 2)
    session = ReviewSession(review_svc)
    (done,) = session.approve([ids[0]])
    assert done.reviewer == "tester"
    assert review_svc.second_review.state(ids[0]) is ReviewState.APPROVED
    session.return_verdict(ids[1], "which ministry? cite the release")
    assert review_svc.second_review.state(ids[1]) is ReviewState.RETURNED
    try:
        session.return_verdict(ids[1], "  ")
    except FactcheckError as error:
        assert "needs a comment" in str(error)
    else:
        raise AssertionError("a return without a comment was taken")


def test_y_approves_the_chosen_rows(review_svc: FactcheckService) -> None:
    ids = kims_verdicts(review_svc, 2)

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = app.screen.query_one(ClaimTable)
        assert table.selected and table.selected.id == ids[0]
        await pilot.press("space", "j", "space", "y")
        await settle(pilot)
        assert [review_svc.second_review.state(i) for i in ids] == [ReviewState.APPROVED] * 2
        shown = {row.id: row.review_state for row in table.claims}
        assert shown[ids[0]] == shown[ids[1]] == ReviewState.APPROVED.value
        await pilot.press("y")  # again: refused in one line, nothing written twice
        await settle(pilot)
        assert any("approved already" in str(n.message) for n in app._notifications)
        trail = review_svc.second_review.trail(ids[1])
        assert [(s.kind, s.who) for s in trail] == [("verdict", "kim"), ("approved", "tester")]

    run_app(review_svc, scenario)


def test_x_returns_with_a_required_comment(review_svc: FactcheckService) -> None:
    (claim_id,) = kims_verdicts(review_svc, 1)

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = app.screen.query_one(ClaimTable)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ReturnModal)
        await pilot.press("enter")  # no comment: the dialog stays and says why
        await settle(pilot)
        assert isinstance(app.screen, ReturnModal)
        assert review_svc.second_review.state(claim_id) is ReviewState.PROPOSED
        await pilot.press(*"cite the release", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert review_svc.second_review.state(claim_id) is ReviewState.RETURNED
        (row,) = [r for r in table.claims if r.id == claim_id]
        assert row.review_state == ReviewState.RETURNED.value
        steps = review_svc.second_review.trail(claim_id)
        assert (steps[-1].kind, steps[-1].who, steps[-1].text) == (
            "returned", "tester", "cite the release")

    run_app(review_svc, scenario)
