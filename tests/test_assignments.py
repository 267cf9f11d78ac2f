"""Assignments: claims or whole articles given to a reviewer, from the service and the CLI;
history rows kept, all or none, and no verdict made stale."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import FactcheckError
from factcheck.models import Assignment
from factcheck.services import ClaimFilter, FactcheckService
from factcheck.services.assignments import AssignTarget
from factcheck.store.queries import UNASSIGNED

ROUNDUP = "blog-ai-weekly-roundup"  # claims 1-6 of the sample


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def assignees(svc: FactcheckService) -> dict[int, str | None]:
    return {row.id: row.assignee for row in svc.list_claims()}


def history_rows(svc: FactcheckService) -> list[tuple[int, str | None, str]]:
    with svc.workspace.session() as session:
        return [(a.claim_id, a.assignee, a.assigned_by)
                for a in session.execute(select(Assignment).order_by(Assignment.id)).scalars()]


def test_assign_an_article_and_a_claim_then_unassign(sample_svc: FactcheckService) -> None:
    svc = sample_svc
    result = svc.assignments.assign([ROUNDUP, 7], "lee", reviewer="kim")
    assert result.changed_ids == [1, 2, 3, 4, 5, 6, 7]
    assert [(g.article_ref, g.whole_article) for g in result.groups] == [
        (ROUNDUP, True), ("wire-china-ai-pivot", False)]
    shown = assignees(svc)
    assert [shown[i] for i in range(1, 9)] == ["lee"] * 7 + [None]
    # Again: nothing changes, no new history rows.
    again = svc.assignments.assign([3], "lee", reviewer="kim")
    assert again.changed_ids == [] and again.groups[0].unchanged == [3]
    assert len(history_rows(svc)) == 7
    svc.assignments.assign([3], None, reviewer="kim")
    assert assignees(svc)[3] is None
    assert history_rows(svc)[-1] == (3, None, "kim")
    assert [a.assignee for a in svc.assignments.history(3)] == ["lee", None]


def test_unknown_target_changes_nothing(sample_svc: FactcheckService) -> None:
    with pytest.raises(FactcheckError, match="no claim with id 999; nothing was changed"):
        sample_svc.assignments.assign([1, 999], "lee")
    with pytest.raises(FactcheckError, match="no article with ref 'nope'"):
        sample_svc.assignments.assign([AssignTarget(claim_id=1), "nope"], "lee")
    assert set(assignees(sample_svc).values()) == {None}
    assert history_rows(sample_svc) == []


@pytest.mark.parametrize("name", ["", "   ", "a\x1bb", "x" * 81])
def test_bad_names_are_refused(sample_svc: FactcheckService, name: str) -> None:
    with pytest.raises(FactcheckError, match="assignee's name"):
        sample_svc.assignments.assign([1], name)
    assert history_rows(sample_svc) == []


def test_assigning_does_not_make_a_verdict_stale(sample_svc: FactcheckService) -> None:
    svc = sample_svc
    loaded = svc.list_claims(ClaimFilter(claim_ids=(2,)))[0].version
    svc.assignments.assign([2], "lee", reviewer="kim")
    assert svc.list_claims(ClaimFilter(claim_ids=(2,)))[0].version == loaded
    svc.set_verdict(2, "false", reviewer="lee", expected_version=loaded)


def test_filter_by_assignee(sample_svc: FactcheckService) -> None:
    sample_svc.assignments.assign([1, 2], "lee")
    assert [r.id for r in sample_svc.list_claims(ClaimFilter(assignee="lee"))] == [1, 2]
    assert sample_svc.count_claims(ClaimFilter(assignee=UNASSIGNED)) == 22
    assert sample_svc.assignments.known_assignees() == ["lee"]


def test_cli_assign_list_and_show(workdir: object, runner: CliRunner) -> None:
    assert run(runner, "import", "claims")[0] == 0
    code, out, err = run(runner, "assign", ROUNDUP, "--to", "lee", "--reviewer", "kim")
    assert (code, out) == (0, f"assigned 6 claims of article {ROUNDUP} to lee\n"), err
    code, out, err = run(runner, "assign", "7", "8", "--to", "tester")
    assert (code, out) == (0, "assigned claims 7, 8 of article wire-china-ai-pivot to "
                              "tester\n"), err
    code, out, err = run(runner, "assign", "8", "article:nope", "--unassign")
    assert code == 1 and err == "error: no article with ref 'nope'; nothing was changed\n"
    code, out, err = run(runner, "assign", "8", "--unassign")
    assert (code, out) == (0, "unassigned claim 8 of article wire-china-ai-pivot\n"), err
    code, _, err = run(runner, "assign", "8")
    assert code == 1 and "--to NAME or --unassign" in err

    def listed(*args: str) -> list[int]:
        code, out, err = run(runner, "claims", "list", "--json", *args)
        assert code == 0, err
        return [r["id"] for r in json.loads(out)]

    assert listed("--assignee", "lee") == [1, 2, 3, 4, 5, 6]
    assert listed("--assignee", "me") == [7]  # FACTCHECK_REVIEWER is tester
    assert listed("--assignee", "none") == list(range(8, 25))
    code, out, _ = run(runner, "claims", "list", "--json")
    assert json.loads(out)[0]["assignee"] == "lee"
    code, out, _ = run(runner, "claims", "list", "--assignee", "none")
    assert "unassigned" in out and "lee" not in out
    code, out, _ = run(runner, "claims", "show", "1")
    assert "assigned to: lee (by kim, " in out
    code, out, _ = run(runner, "claims", "show", "8")
    assert "\nunassigned\n" in out


def test_the_csv_export_says_who_each_claim_is_assigned_to(sample_svc: FactcheckService,
                                                            tmp_path: Path) -> None:
    sample_svc.assignments.assign([1], "lee", reviewer="lead")
    sample_svc.assignments.assign([2], "=HYPERLINK(\"x\")", reviewer="lead")
    out = sample_svc.export_csv(tmp_path / "out.csv").path
    with out.open(encoding="utf-8", newline="") as fh:
        rows = {row["claim_id"]: row["assignee"] for row in csv.DictReader(fh)}
    assert rows["1"] == "lee"
    assert rows["2"] == "'=HYPERLINK(\"x\")"  # a name is outside text: no formula
    assert rows["3"] == ""
