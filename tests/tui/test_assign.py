"""Assigning in the review app: space selects rows, A assigns them, n goes to the next claim
assigned to me that needs work; and the headless ReviewSession behind it."""

from __future__ import annotations

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Select, Static

from factcheck.models import Assignment
from factcheck.services import ClaimFilter, FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.assign import AssignModal
from factcheck.tui.screens.claims import ClaimsScreen
from factcheck.tui.session import ReviewSession
from factcheck.tui.widgets.claim_table import ClaimTable
from tests.tui.conftest import run_app, settle


def test_session_assigns_and_finds_mine(review_svc: FactcheckService) -> None:
    session = ReviewSession(review_svc)
    ids = [row.id for row in review_svc.list_claims()]
    result = session.assign([ids[1], ids[3]], "tester")
    assert result.changed_ids == [ids[1], ids[3]] and result.assigned_by == "tester"
    assert session.next_mine(ids[1], ClaimFilter()) == (ids[3], True)
    assert session.next_mine(ids[3], ClaimFilter()) == (ids[1], True)  # wraps around
    session.assign([ids[1], ids[3]], None)
    # Nothing of mine: the next unreviewed one, and it says so.
    assert session.next_mine(ids[0], ClaimFilter()) == (ids[1], False)


def test_select_two_rows_and_assign_them(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = app.screen.query_one(ClaimTable)
        first = table.selected
        await pilot.press("space", "j", "j", "space")
        await settle(pilot)
        second = table.selected
        assert first and second and table.chosen == {first.id, second.id}
        assert table.render_line(1).text.lstrip().startswith("●")
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, AssignModal)
        await pilot.press(*"lee", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        shown = {row.id: row.assignee for row in table.claims}
        assert shown[first.id] == shown[second.id] == "lee"
        assert sum(1 for v in shown.values() if v is None) == len(shown) - 2
        assert "lee" in table.render_line(1).text and "unassi" in table.render_line(2).text
        assert table.chosen == set()
        with review_svc.workspace.session() as session:
            rows = session.execute(select(Assignment)).scalars().all()
            assert sorted((r.claim_id, r.assignee, r.assigned_by) for r in rows) == sorted(
                [(first.id, "lee", "tester"), (second.id, "lee", "tester")])

    run_app(review_svc, scenario)


def test_n_goes_to_the_next_claim_assigned_to_me(review_svc: FactcheckService) -> None:
    ids = [row.id for row in review_svc.list_claims()]
    review_svc.assignments.assign([ids[4]], "tester")
    review_svc.assignments.assign([ids[1]], "lee")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = app.screen.query_one(ClaimTable)
        await pilot.press("n")
        await settle(pilot)
        assert table.selected and table.selected.id == ids[4]
        await pilot.press("n")  # wraps around to the same one, the only one of mine
        await settle(pilot)
        assert table.selected and table.selected.id == ids[4]

    run_app(review_svc, scenario)


def test_the_queue_filter_shows_mine_unassigned_and_a_named_reviewers(
        review_svc: FactcheckService) -> None:
    ids = [row.id for row in review_svc.list_claims()]
    review_svc.assignments.assign([ids[0], ids[2]], "tester", reviewer="lead")
    review_svc.assignments.assign([ids[1]], "lee", reviewer="lead")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        table = app.screen.query_one(ClaimTable)
        queue = app.screen.query_one("#filter-queue", Select)
        labels = [str(prompt) for prompt, _ in queue._options]
        assert "→ lee" in labels and "→ tester" in labels  # the desk's assignees
        for key, expected in (("mine", [ids[0], ids[2]]), ("unassigned", ids[3:]),
                              ("@lee", [ids[1]])):
            queue.value = key
            await settle(pilot)
            assert [row.id for row in table.claims] == expected, key
        assert "assignee=lee" in str(app.screen.query_one("#status-line", Static).render())
        queue.clear()
        await settle(pilot)
        assert [row.id for row in table.claims] == ids

    run_app(review_svc, scenario)
