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
from factcheck.services import ClaimFilter, FactcheckService


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
