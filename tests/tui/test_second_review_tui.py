"""Second review in the review app: y approves another reviewer's verdict, x returns it with a
required comment; and the headless ReviewSession behind both. The app runs as "tester"; the
verdicts are kim's, written through the service as another reviewer's process would."""

from __future__ import annotations

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from factcheck.errors import FactcheckError
from factcheck.models import Rating, ReviewState
from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.claims import ClaimsScreen
from factcheck.tui.screens.detail import DetailScreen
from factcheck.tui.screens.return_verdict import ReturnModal
from factcheck.tui.session import ReviewSession, VerdictChoice
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


def _block(app: FactcheckApp, name: str) -> str:
    """What a detail-view block shows, as the reviewer reads it (one string)."""
    static = app.screen.query_one(f"#block-{name}", Static)
    if not static.display:
        return ""
    return "\n".join(line.text for line in static.render_lines(
        static.region.reset_offset if static.region.area else Region(0, 0, 120, 40)))


def test_blind_review_hides_kims_verdict_and_a_different_one_is_disputed(
        review_svc: FactcheckService) -> None:
    (claim_id,) = kims_verdicts(review_svc, 1)
    review_svc.desk.set("blind_review", "on", reviewer="lead")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = app.screen.query_one(ClaimTable)
        (row,) = [r for r in table.claims if r.id == claim_id]
        # The tester, second reviewer, sees that there is a verdict, not which.
        assert row.verdict_hidden and row.verdict is None and row.rationale is None
        assert "hidden" in table.render_line(1).text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "verdict: hidden (blind review" in _block(app, "claim")
        assert "hidden until you give your own" in _block(app, "review")
        for name in ("claim", "review", "history"):
            assert "3%" not in _block(app, name) and "false" not in _block(app, name)
        # y is refused before a blind verdict of their own.
        await pilot.press("y")
        await settle(pilot)
        assert any("record your own verdict first" in str(n.message)
                   for n in app._notifications)
        # Their own verdict, mostly-true, differs from kim's false: disputed.
        await pilot.press("v", "2", *"the 2023 report says 30%", "enter")
        await settle(pilot)
        assert review_svc.second_review.state(claim_id) is ReviewState.DISPUTED
        assert any("differs from kim's false" in str(n.message) for n in app._notifications)
        review = _block(app, "review")
        assert "disputed" in review
        assert "kim: false" in review and "tester: mostly-true" in review
        assert "the ministry's figure is 3%" in review
        assert "the 2023 report says 30%" in review
        # kim's verdict itself was not touched: it is still the claim's verdict.
        assert review_svc.list_claims()[0].verdict == "false"
        assert "verdict: false (disputed)" in _block(app, "claim")

    run_app(review_svc, scenario, size=(120, 40))


def test_a_same_blind_verdict_approves(review_svc: FactcheckService) -> None:
    (claim_id,) = kims_verdicts(review_svc, 1)
    review_svc.desk.set("blind_review", "on", reviewer="lead")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("v", "5", "enter")  # false, as kim said
        await settle(pilot)
        assert review_svc.second_review.state(claim_id) is ReviewState.APPROVED
        row = app.screen.query_one(ClaimTable).claims[0]
        assert (row.verdict, row.review_state, row.verdict_hidden) == ("false", "approved",
                                                                      False)

    run_app(review_svc, scenario)


def test_the_detail_view_shows_the_review_trail_and_approves(
        review_svc: FactcheckService) -> None:
    (claim_id,) = kims_verdicts(review_svc, 1)
    review_svc.second_review.return_verdict(claim_id, "which ministry?", reviewer="lee")
    review_svc.set_verdict(claim_id, Rating.MOSTLY_FALSE, rationale="the finance ministry",
                           reviewer="kim")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        trail = _block(app, "review")
        lines = [line for line in trail.splitlines() if line.strip()]
        assert "Review trail (3)" in lines[0]
        assert [kind in trail for kind in ("verdict false", "returned", "which ministry?",
                                          "verdict mostly-false")] == [True] * 4
        assert trail.index("verdict false") < trail.index("returned") < trail.index(
            "verdict mostly-false")
        assert "verdict: mostly-false (proposed)" in _block(app, "claim")
        await pilot.press("y")
        await settle(pilot)
        assert review_svc.second_review.state(claim_id) is ReviewState.APPROVED
        assert "approved" in _block(app, "review").split("verdict mostly-false")[1]
        assert "verdict: mostly-false (approved)" in _block(app, "claim")

    run_app(review_svc, scenario, size=(120, 40))


def test_without_second_review_the_detail_view_has_no_trail(
        review_svc: FactcheckService) -> None:
    review_svc.desk.set("second_review", "off", reviewer="lead")  # on for a team database
    claim_id = review_svc.list_claims()[0].id
    review_svc.set_verdict(claim_id, Rating.FALSE, reviewer="kim")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        assert _block(app, "review") == ""
        assert "(proposed)" not in _block(app, "claim")

    run_app(review_svc, scenario)


def test_w_shows_the_verdicts_by_others_to_approve(review_svc: FactcheckService) -> None:
    kims = kims_verdicts(review_svc, 2)
    ids = [row.id for row in review_svc.list_claims()]
    mine = ids[3]
    review_svc.set_verdict(mine, Rating.TRUE, reviewer="tester")  # not mine to approve
    review_svc.second_review.approve([kims[1]], reviewer="lee")   # decided already

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = app.screen.query_one(ClaimTable)
        await pilot.press("w")
        await settle(pilot)
        assert [row.id for row in table.claims] == [kims[0]]
        assert "queue=to-approve" in str(app.screen.query_one("#status-line",
                                                               Static).render())
        await pilot.press("y")  # approve it from the queue: it leaves the queue
        await settle(pilot)
        assert review_svc.second_review.state(kims[0]) is ReviewState.APPROVED
        assert table.claims == []
        await pilot.press("w")  # again: every claim
        await settle(pilot)
        assert [row.id for row in table.claims] == ids

    run_app(review_svc, scenario)


def test_session_records_a_blind_verdict_as_its_reviewer(review_svc: FactcheckService) -> None:
    ids = kims_verdicts(review_svc, 2)
    review_svc.desk.set("blind_review", "on", reviewer="lead")
    session = ReviewSession(review_svc)
    same = session.record_blind(ids[0], VerdictChoice(Rating.FALSE, "no such figure"))
    other = session.record_blind(ids[1], VerdictChoice(Rating.TRUE, None))
    assert (same.decision, same.reviewer, other.decision) == (
        ReviewState.APPROVED.value, "tester", ReviewState.DISPUTED.value)
    try:
        session.record_blind(ids[1], VerdictChoice(Rating.MIXED, None))
    except FactcheckError as error:
        assert "disputed already" in str(error)
    else:
        raise AssertionError("a second blind verdict on a decided claim was taken")
