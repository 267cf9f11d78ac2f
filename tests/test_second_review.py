"""Second review: proposed until a second reviewer approves or returns it; only approved
verdicts exported while it is on; every step in the claim's trail."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import FactcheckError
from factcheck.services import ClaimFilter, FactcheckService, ReviewQueue


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def csv_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["claim_id"]: row for row in csv.DictReader(fh)}


def test_it_is_off_on_a_laptop_and_on_for_a_team_database(svc: FactcheckService,
                                                           backend: str) -> None:
    assert svc.desk.values().second_review is (backend == "postgresql")
    svc.desk.set("second_review", "on")
    assert svc.desk.values().second_review is True
    svc.desk.set("second_review", "off")
    assert svc.desk.values().second_review is False
    with pytest.raises(FactcheckError, match="second_review: expected on or off"):
        svc.desk.set("second_review", "maybe")


def test_acceptance_kim_proposes_lee_returns_kim_revises_lee_approves(
        workdir: Path, runner: CliRunner) -> None:
    assert run(runner, "import", "claims")[0] == 0
    assert run(runner, "config", "set", "second_review", "on")[0] == 0
    claim = "1"
    code, out, err = run(runner, "verdict", claim, "false", "--reviewer", "kim",
                         "-m", "the ministry denied it")
    assert code == 0, err
    code, out, _ = run(runner, "claims", "list", "--json")
    assert next(r for r in json.loads(out) if r["id"] == 1)["review_state"] == "proposed"
    # Not exported while proposed.
    run(runner, "export", "--out", "before.csv")
    assert csv_rows(Path("before.csv"))[claim]["verdict"] == ""

    code, _, err = run(runner, "return", claim, "--comment", "", "--reviewer", "lee")
    assert code == 1 and "needs a comment" in err
    code, out, err = run(runner, "return", claim, "--comment", "The filing says 5, not 3",
                         "--reviewer", "lee")
    assert (code, out) == (0, "claim 1: verdict returned by lee\n"), err
    code, _, err = run(runner, "approve", claim, "--reviewer", "kim")
    assert code == 1
    assert err == ("error: claim 1: kim gave its verdict, so a second reviewer must decide "
                   "on it; nothing was changed\n")

    assert run(runner, "verdict", claim, "mostly-false", "--reviewer", "kim",
               "-m", "revised after the filing")[0] == 0
    code, out, err = run(runner, "approve", claim, "--reviewer", "lee")
    assert (code, out) == (0, "claim 1: verdict approved by lee\n"), err
    code, _, err = run(runner, "approve", claim, "--reviewer", "lee")
    assert code == 1 and "approved already" in err

    run(runner, "export", "--out", "after.csv")
    row = csv_rows(Path("after.csv"))[claim]
    assert (row["verdict"], row["review_state"], row["reviewer"]) == (
        "mostly-false", "approved", "kim")

    code, out, _ = run(runner, "claims", "show", claim, "--json")
    trail = [(s["kind"], s["who"], s["rating"], s["text"])
             for s in json.loads(out)["review_trail"]]
    assert trail == [("verdict", "kim", "false", "the ministry denied it"),
                     ("returned", "lee", None, "The filing says 5, not 3"),
                     ("verdict", "kim", "mostly-false", "revised after the filing"),
                     ("approved", "lee", None, None)]
    code, out, _ = run(runner, "claims", "show", claim)
    assert "verdict: mostly-false by kim" in out and "(approved)" in out
    assert "lee  returned: The filing says 5, not 3" in out


def test_a_new_verdict_starts_proposed_again(svc: FactcheckService) -> None:
    svc.import_paths([Path("claims")])
    svc.desk.set("second_review", "on")
    svc.set_verdict(1, "true", reviewer="kim")
    svc.second_review.approve([1], reviewer="lee")
    assert svc.claim_detail(1).row.review_state == "approved"
    svc.set_verdict(1, "mixed", reviewer="park")
    assert svc.claim_detail(1).row.review_state == "proposed"
    assert [r.id for r in svc.list_claims(ClaimFilter(review_state="proposed"))] == [1]
    assert svc.list_claims(ClaimFilter(review_state="approved")) == []


def test_approving_many_is_all_or_nothing(svc: FactcheckService) -> None:
    svc.import_paths([Path("claims")])
    svc.set_verdict(1, "true", reviewer="kim")
    svc.set_verdict(2, "false", reviewer="lee")
    with pytest.raises(FactcheckError) as err:
        svc.second_review.approve([1, 2, 3], reviewer="lee")
    assert err.value.message == ("claim 2: lee gave its verdict, so a second reviewer must "
                                 "decide on it; nothing was changed")
    assert svc.second_review.state(1) == "proposed"
    with pytest.raises(FactcheckError, match="claim 3 has no verdict to approve"):
        svc.second_review.approve([3], reviewer="lee")
    assert [d.claim_id for d in svc.second_review.approve([1], reviewer="lee")] == [1]


def test_claimreview_exports_only_approved_unless_asked(svc: FactcheckService) -> None:
    svc.import_paths([Path("claims")])
    for key, value in {"org.name": "Desk", "org.url": "https://desk.example",
                       "review_url": "https://desk.example/c/{claim_id}",
                       "second_review": "on"}.items():
        svc.desk.set(key, value)
    svc.set_verdict(1, "false", reviewer="kim")
    svc.set_verdict(2, "true", reviewer="kim")
    svc.second_review.approve([1], reviewer="lee")
    assert svc.export_claimreview(Path("approved.json")).rows == 1
    (item,) = json.loads(Path("approved.json").read_text("utf-8"))
    assert item["url"].endswith("/c/1") and "creativeWorkStatus" not in item
    assert svc.export_claimreview(Path("all.json"), include_proposed=True).rows == 2
    items = {i["url"].rsplit("/", 1)[1]: i for i in
             json.loads(Path("all.json").read_text("utf-8"))}
    assert items["2"]["creativeWorkStatus"] == "Draft" and "creativeWorkStatus" not in items["1"]

    svc.desk.set("second_review", "off")  # verdicts final: exported as they are
    assert svc.export_claimreview(Path("off.json")).rows == 2
    assert all("creativeWorkStatus" not in i
               for i in json.loads(Path("off.json").read_text("utf-8")))


def blind_desk(svc: FactcheckService) -> None:
    svc.import_paths([Path("claims")])
    svc.desk.set("second_review", "on")
    svc.desk.set("blind_review", "on")


def test_blind_equal_verdicts_approve(svc: FactcheckService) -> None:
    blind_desk(svc)
    svc.set_verdict(1, "false", reviewer="kim", rationale="denied")

    def seen_by(viewer: str) -> tuple[str | None, bool, list[str]]:
        (row,) = svc.list_claims(ClaimFilter(claim_ids=(1,), viewer=viewer))
        detail = svc.claim_detail(1, viewer=viewer)
        assert detail.row == row
        return row.verdict, row.verdict_hidden, [h.reviewer for h in detail.history]

    # lee, the second reviewer, does not see kim's verdict, nor its rationale, yet.
    assert seen_by("lee") == (None, True, [])
    (row,) = svc.list_claims(ClaimFilter(claim_ids=(1,), viewer="lee"))
    assert (row.rationale, row.reviewer, row.review_state) == (None, None, "proposed")
    assert seen_by("kim") == ("false", False, ["kim"])
    # Without a viewer (exports, JSON, the desk's figures) everything is there.
    assert svc.list_claims(ClaimFilter(claim_ids=(1,)))[0].verdict == "false"
    done = svc.second_review.record_blind(1, "false", "no such law", reviewer="lee")
    assert done.decision == "approved"
    assert svc.second_review.state(1) == "approved"
    assert seen_by("lee") == ("false", False, ["kim"])
    last = svc.second_review.trail(1)[-1]
    assert (last.kind, last.who, last.rating, last.text) == ("approved", "lee", "false",
                                                             "no such law")


def test_blind_different_verdicts_are_disputed_side_by_side(
        workdir: Path, runner: CliRunner) -> None:
    assert run(runner, "import", "claims")[0] == 0
    run(runner, "config", "set", "second_review", "on")
    run(runner, "config", "set", "blind_review", "on")
    run(runner, "verdict", "1", "false", "--reviewer", "kim", "-m", "the ministry denied it")
    # lee, who reviews it blind, sees that there is a verdict, not which one.
    code, out, _ = run(runner, "claims", "show", "1", "--reviewer", "lee")
    assert "verdict: hidden (blind review" in out
    assert "the ministry denied it" not in out and "false" not in out
    code, out, _ = run(runner, "claims", "list", "--reviewer", "lee")
    line = next(line for line in out.splitlines()
                if "│" in line and line.split("│")[1].strip() == "1")
    assert "hidden" in line and "false" not in line
    code, out, _ = run(runner, "claims", "show", "1", "--reviewer", "kim")
    assert "verdict: false by kim" in out
    code, _, err = run(runner, "approve", "1", "--reviewer", "lee")
    assert code == 1 and "record your own verdict first (factcheck blind-verdict 1" in err
    code, _, err = run(runner, "blind-verdict", "1", "true", "--reviewer", "kim")
    assert code == 1 and "kim gave its verdict" in err
    code, out, err = run(runner, "blind-verdict", "1", "true", "--rationale",
                         "the filing confirms it", "--reviewer", "lee")
    assert code == 0, err
    assert "claim 1: disputed: yours true vs kim's false" in out
    assert "the ministry denied it" in out and "the filing confirms it" in out
    code, out, _ = run(runner, "claims", "show", "1")
    assert "(disputed)" in out and "disputed: their rating true" in out
    header = next(line for line in out.splitlines() if "kim: false" in line)
    assert "lee: true" in header  # two columns, one row
    body = next(line for line in out.splitlines()
                if "the ministry denied it" in line and "│" in line)
    assert "the filing confirms it" in body
    # A non-author settles it by approving the first verdict.
    code, out, err = run(runner, "approve", "1", "--reviewer", "park")
    assert (code, out) == (0, "claim 1: verdict approved by park\n"), err


def test_blind_needs_the_setting_and_a_first_verdict(svc: FactcheckService) -> None:
    svc.import_paths([Path("claims")])
    svc.desk.set("second_review", "on")
    svc.set_verdict(1, "false", reviewer="kim")
    with pytest.raises(FactcheckError, match="blind review is off"):
        svc.second_review.record_blind(1, "false", reviewer="lee")
    svc.desk.set("blind_review", "on")
    with pytest.raises(FactcheckError, match="claim 2 has no verdict"):
        svc.second_review.record_blind(2, "false", reviewer="lee")
    with pytest.raises(FactcheckError, match="expected one of"):
        svc.second_review.record_blind(1, "sorta", reviewer="lee")
    svc.second_review.record_blind(1, "mixed", "half of it", reviewer="lee")
    with pytest.raises(FactcheckError, match="disputed already"):
        svc.second_review.record_blind(1, "mixed", reviewer="park")
    disagreement = svc.second_review.disagreement(1)
    assert disagreement is not None
    assert (disagreement.first.who, disagreement.second.who,
            disagreement.second.rationale) == ("kim", "lee", "half of it")
    # The author revises: a new verdict starts proposed again.
    svc.set_verdict(1, "mixed", reviewer="kim")
    assert svc.second_review.state(1) == "proposed"
    assert svc.second_review.disagreement(1) is None


def test_return_keeps_the_rating_they_would_give(workdir: Path, runner: CliRunner) -> None:
    assert run(runner, "import", "claims")[0] == 0
    run(runner, "config", "set", "second_review", "on")
    run(runner, "verdict", "1", "false", "--reviewer", "kim")
    code, _, err = run(runner, "return", "1", "--comment", "see p. 3", "--rating", "mixed",
                       "--reviewer", "lee")
    assert code == 0, err
    code, out, _ = run(runner, "claims", "show", "1", "--json")
    last = json.loads(out)["review_trail"][-1]
    assert (last["kind"], last["rating"], last["text"]) == ("returned", "mixed", "see p. 3")


def test_returned_to_me_comes_first_in_my_queue(svc: FactcheckService) -> None:
    svc.import_paths([Path("claims")])
    svc.desk.set("second_review", "on")
    svc.set_verdict(3, "false", reviewer="kim")
    svc.set_verdict(2, "true", reviewer="lee")
    svc.second_review.return_verdict(3, "check the date", reviewer="lee")
    svc.second_review.return_verdict(2, "check the name", reviewer="kim")
    ids = [r.id for r in svc.list_claims(ClaimFilter(viewer="kim"))]
    assert ids[0] == 3 and sorted(ids[1:]) == ids[1:]
    assert [r.id for r in svc.list_claims(ClaimFilter(viewer="lee"))][0] == 2
    plain = [r.id for r in svc.list_claims(ClaimFilter())]
    assert plain == sorted(plain)
    # The TUI finds a claim's row by its place in that same order.
    assert svc.claim_position(3, ClaimFilter(viewer="kim")) == 0
    assert svc.claim_position(1, ClaimFilter(viewer="kim")) == 1
    assert svc.claim_position(3, ClaimFilter(viewer="lee")) == 2


def test_the_to_approve_and_returned_to_me_queues(svc: FactcheckService, workdir: Path,
                                                  runner: CliRunner) -> None:
    svc.import_paths([Path("claims")])
    svc.desk.set("second_review", "on")
    svc.set_verdict(1, "false", reviewer="kim")   # proposed by kim
    svc.set_verdict(2, "true", reviewer="lee")    # proposed by lee
    svc.set_verdict(3, "mixed", reviewer="kim")   # returned to kim
    svc.second_review.return_verdict(3, "check the date", reviewer="lee")
    svc.set_verdict(4, "true", reviewer="kim")    # approved
    svc.second_review.approve([4], reviewer="lee")

    def ids(queue: ReviewQueue, viewer: str) -> list[int]:
        flt = ClaimFilter(queue=queue, viewer=viewer)
        rows = svc.list_claims(flt)
        assert svc.count_claims(flt) == len(rows)
        return [row.id for row in rows]

    assert ids(ReviewQueue.TO_APPROVE, "lee") == [1]
    assert ids(ReviewQueue.TO_APPROVE, "kim") == [2]
    assert ids(ReviewQueue.TO_APPROVE, "ana") == [1, 2]
    assert ids(ReviewQueue.RETURNED_TO_ME, "kim") == [3]
    assert ids(ReviewQueue.RETURNED_TO_ME, "lee") == []
    # The same lists in the CLI, for the reviewer named.
    code, out, err = run(runner, "claims", "list", "--json", "--queue", "to-approve",
                         "--reviewer", "lee")
    assert code == 0, err
    assert [r["id"] for r in json.loads(out)] == [1]
    code, _, err = run(runner, "claims", "list", "--queue", "mine")
    assert code == 2 and "--queue" in err and "to-approve" in err
