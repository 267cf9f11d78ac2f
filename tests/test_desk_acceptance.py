"""Acceptance of issue 15 (second review, the desk overview), tried as a new user would: two
reviewers, kim and lee, on one database, everything through the real command line (and, at
the end, the real review app), nothing of ours mocked.

kim proposes "false" on a claim, lee returns it with a comment, kim revises to
"mostly-false", lee approves; the export carries the approved verdict (a merely proposed one
only with `--include proposed`, marked); `claims show` has the whole trail; `stats` and the
review app's overview (`o`) show one approved verdict, one return and the agreement figures.

Runs on the SQLite file of the working folder and, with FACTCHECK_TEST_POSTGRES set, on a
PostgreSQL database of its own (tests/conftest.py)."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.config import Settings
from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.overview import OverviewScreen
from factcheck.tui.widgets.claim_table import ClaimTable
from tests.conftest import FIXTURES
from tests.tui.conftest import run_app, settle

# One article, claims 1..3 in file order. The claim kim and lee work on is the last one, so
# that "first in kim's queue" is not simply id order.
CLAIMS = FIXTURES / "desk-acceptance.json"
DECIDED, PROPOSED, UNTOUCHED = "3", "2", "1"
COMMENT = "The filing says 5 billion in the first year only: read p. 4 again"


def cli(runner: CliRunner, *args: str) -> str:
    """One command as a user types it; it must succeed. Its stdout."""
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
    return result.stdout


def listed(runner: CliRunner, *args: str) -> list[tuple[int, str | None]]:
    """(claim id, review state) of `claims list --json`, in the order listed."""
    return [(r["id"], r["review_state"])
            for r in json.loads(cli(runner, "claims", "list", "--json", *args))]


def csv_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["claim_id"]: row for row in csv.DictReader(fh)}


def claimreviews(path: Path) -> dict[str, dict[str, Any]]:
    """The exported ClaimReviews by claim id (the last part of their url)."""
    return {item["url"].rsplit("/", 1)[1]: item for item in json.loads(path.read_text("utf-8"))}


def open_desk(runner: CliRunner, workdir: Path) -> None:
    """A new desk: the claim list imported, second review on, the ClaimReview settings."""
    shutil.copy(CLAIMS, workdir / CLAIMS.name)
    assert "claims 3 added" in cli(runner, "import", CLAIMS.name)
    cli(runner, "config", "set", "second_review", "on")
    cli(runner, "config", "set", "org.name", "Desk Check")
    cli(runner, "config", "set", "org.url", "https://desk.example")
    cli(runner, "config", "set", "review_url", "https://desk.example/checks/{claim_id}")


def kim_proposes_lee_returns(runner: CliRunner, *return_options: str) -> None:
    assert cli(runner, "verdict", DECIDED, "false", "--reviewer", "kim",
               "--rationale", "the filing says 3 billion") == f"claim {DECIDED}: false (by kim)\n"
    # kim's other work: a verdict nobody has approved (it stays proposed to the end).
    cli(runner, "verdict", PROPOSED, "true", "--reviewer", "kim",
        "--rationale", "the statistics office confirms it")
    assert cli(runner, "return", DECIDED, "--comment", COMMENT, *return_options,
               "--reviewer", "lee") == f"claim {DECIDED}: verdict returned by lee\n"


def kim_revises_lee_approves(runner: CliRunner) -> None:
    cli(runner, "verdict", DECIDED, "mostly-false", "--reviewer", "kim",
        "--rationale", "5 billion in the first year, less after")
    assert (int(DECIDED), "proposed") in listed(runner)  # a new verdict starts proposed again
    assert cli(runner, "approve", DECIDED, "--reviewer", "lee") == (
        f"claim {DECIDED}: verdict approved by lee\n")


def review_app(db_url: str, reviewer: str,
               scenario: Callable[[FactcheckApp, Pilot[None]], Awaitable[None]]) -> None:
    """The review app as `factcheck review --reviewer NAME` opens it on the same database."""
    service = FactcheckService(Settings.load(db=db_url, reviewer=reviewer))
    try:
        run_app(service, scenario)
    finally:
        service.close()


def overview_text(app: FactcheckApp, selector: str) -> str:
    from rich.console import Console
    from textual.widgets import Static

    console = Console(width=100, record=True)
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


def row(text: str, label: str) -> list[str]:
    """The cells of the table row starting with `label` (one line of rendered text)."""
    (line,) = [ln for ln in text.splitlines() if re.match(rf"\s*{re.escape(label)}\s", ln)]
    return line.split()[len(label.split()):]


def test_kim_proposes_lee_returns_kim_revises_lee_approves(
        workdir: Path, db_url: str, runner: CliRunner) -> None:
    open_desk(runner, workdir)
    kim_proposes_lee_returns(runner)

    # The list says where each verdict stands; kim's returned verdict tops kim's queue (the
    # rest in id order), not anybody else's.
    assert listed(runner) == listed(runner, "--reviewer", "lee") == [
        (1, None), (2, "proposed"), (3, "returned")]
    assert listed(runner, "--reviewer", "kim") == [(3, "returned"), (1, None), (2, "proposed")]
    table = cli(runner, "claims", "list", "--reviewer", "kim")
    ids = [line.split("│")[1].strip() for line in table.splitlines()
           if line.startswith("│")]
    assert ids == ["3", "1", "2"]

    # The same queue in the review app, opened by kim.
    async def kims_queue(tui: FactcheckApp, pilot: Pilot[None]) -> None:
        rows = tui.screen.query_one(ClaimTable).claims
        assert [(r.id, r.review_state) for r in rows] == [
            (3, "returned"), (1, None), (2, "proposed")]

    review_app(db_url, "kim", kims_queue)

    kim_revises_lee_approves(runner)
    assert listed(runner) == [(1, None), (2, "proposed"), (3, "approved")]

    # ---- export: the approved verdict; the proposed one only when asked for, and marked.
    cli(runner, "export", "--out", "approved.csv")
    rows = csv_rows(Path("approved.csv"))
    assert sorted(rows) == ["1", "2", "3"]  # one row per claim
    done = rows[DECIDED]
    assert (done["verdict"], done["rating_value"], done["reviewer"], done["review_state"],
            done["rationale"]) == ("mostly-false", "2", "kim", "approved",
                                   "5 billion in the first year, less after")
    assert (rows[PROPOSED]["verdict"], rows[PROPOSED]["rating_value"],
            rows[PROPOSED]["rationale"]) == ("", "", "")  # left out: not approved
    assert rows[UNTOUCHED]["verdict"] == ""
    cli(runner, "export", "--out", "all.csv", "--include", "proposed")
    rows = csv_rows(Path("all.csv"))
    assert (rows[PROPOSED]["verdict"], rows[PROPOSED]["review_state"]) == ("true", "proposed")
    assert (rows[DECIDED]["verdict"], rows[DECIDED]["review_state"]) == (
        "mostly-false", "approved")

    assert "wrote 1 ClaimReview " in cli(runner, "export", "--format", "claimreview",
                                         "--out", "approved.json")
    (review,) = claimreviews(Path("approved.json")).values()
    assert review["url"] == "https://desk.example/checks/3"
    assert review["claimReviewed"] == "The new tax will raise 5 billion a year."
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 2, "bestRating": 5,
                                      "worstRating": 1, "alternateName": "Mostly false"}
    assert "creativeWorkStatus" not in review
    cli(runner, "export", "--format", "claimreview", "--out", "all.json",
        "--include", "proposed")
    reviews = claimreviews(Path("all.json"))
    assert sorted(reviews) == [PROPOSED, DECIDED]
    assert reviews[PROPOSED]["creativeWorkStatus"] == "Draft"
    assert reviews[PROPOSED]["reviewRating"]["alternateName"] == "True"
    assert "creativeWorkStatus" not in reviews[DECIDED]

    # ---- claims show: both verdicts, the return with its comment, the approval.
    trail = json.loads(cli(runner, "claims", "show", DECIDED, "--json"))["review_trail"]
    assert [(s["kind"], s["who"], s["rating"], s["text"]) for s in trail] == [
        ("verdict", "kim", "false", "the filing says 3 billion"),
        ("returned", "lee", None, COMMENT),
        ("verdict", "kim", "mostly-false", "5 billion in the first year, less after"),
        ("approved", "lee", None, None)]
    shown = cli(runner, "claims", "show", DECIDED)
    assert "verdict: mostly-false by kim" in shown and "(approved)" in shown
    steps = shown.split("review trail (4):\n", 1)[1].splitlines()[:4]
    assert [re.sub(r"^\s*\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+", "", s) for s in steps] == [
        "kim  verdict false: the filing says 3 billion",
        f"lee  returned: {COMMENT}",
        "kim  verdict mostly-false: 5 billion in the first year, less after",
        "lee  approved"]

    # ---- stats. Counted by hand from the current verdicts (the newest per claim): claim 3
    # mostly-false by kim, approved; claim 2 true by kim, proposed; claim 1 none. One return
    # ever (lee's, on kim's first verdict). Agreement (store/stats.py agreement_pairs): per
    # verdict its first decision that is an approval or carries lee's own rating. Kim's
    # "false" was returned without --rating: no pair. "mostly-false" was approved: the pair
    # (mostly-false, mostly-false). The proposed verdict has no decision: no pair. So 1 pair,
    # 1 agreeing, share 1.0; kappa: po = 1, pe = (1*1)/1**2 = 1, and (po - pe) / (1 - pe) is
    # undefined: services/stats.py cohen_kappa gives None ("n/a").
    stats = json.loads(cli(runner, "stats", "--json"))
    assert stats["review_states"] == {"proposed": 1, "approved": 1, "returned": 0,
                                      "disputed": 0}
    assert stats["returns_ever"] == 1
    assert stats["approved_claims"] == 1
    assert stats["by_status"] == {"reviewed": 2, "unreviewed": 1}
    assert {k: v for k, v in stats["by_rating"].items() if v} == {"true": 1, "mostly-false": 1}
    assert [(r["name"], r["verdicts"], r["approvals"], r["returns"], r["assigned"])
            for r in stats["by_reviewer"]] == [("kim", 2, 0, 0, 0), ("lee", 0, 1, 1, 0)]
    # Three verdicts recorded (false, true, mostly-false), one approval, all today.
    assert (sum(d["verdicts"] for d in stats["days"]),
            sum(d["approvals"] for d in stats["days"])) == (3, 1)
    assert stats["agreement"] == {"pairs": 1, "agreeing": 1, "blind_pairs": 0, "share": 1.0,
                                  "kappa": None}
    text = cli(runner, "stats")
    assert "agreement: 100% of 1 pair (0 blind), Cohen's kappa n/a" in text
    assert "over 1 approved claim" in text

    # ---- the review app's overview (o) on the same database shows the same.
    async def overview(tui: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(tui.screen, OverviewScreen)
        status = overview_text(tui, "#status")
        assert row(status, "· approved") == ["1"]
        assert row(status, "· proposed") == ["1"]
        assert row(status, "· returned") == ["0"]
        assert row(status, "returns ever") == ["1"]
        ratings = overview_text(tui, "#ratings")
        assert row(ratings, "mostly-false") == ["1"] and row(ratings, "false") == ["0"]
        people = overview_text(tui, "#reviewers")  # name, verdicts, approvals, returns, assigned
        assert row(people, "kim") == ["2", "0", "0", "0"]
        assert row(people, "lee") == ["0", "1", "1", "0"]
        summary = overview_text(tui, "#summary")
        assert "(1 approved)" in summary
        assert "agreement: 100% of 1 pair (0 blind), Cohen's kappa n/a" in summary

    review_app(db_url, "lee", overview)


def test_a_return_with_the_rating_lee_would_give_counts_in_the_agreement(
        workdir: Path, db_url: str, runner: CliRunner) -> None:
    """The same flow, lee returning with `--rating mostly-false` (what they would give).
    Pairs by hand: kim's "false" returned with lee's "mostly-false" (disagree); kim's
    "mostly-false" approved (agree); the proposed "true" none. 2 pairs, 1 agreeing, share
    1/2. Marginals: first false 1, mostly-false 1; second mostly-false 2. po = 1/2,
    pe = (1*0 + 1*2) / 2**2 = 1/2, kappa = (1/2 - 1/2) / (1 - 1/2) = 0: agreement no better
    than chance, shown as 0.00 (not n/a)."""
    open_desk(runner, workdir)
    kim_proposes_lee_returns(runner, "--rating", "mostly-false")
    kim_revises_lee_approves(runner)
    stats = json.loads(cli(runner, "stats", "--json"))
    assert (stats["review_states"]["approved"], stats["returns_ever"]) == (1, 1)
    assert stats["agreement"] == {"pairs": 2, "agreeing": 1, "blind_pairs": 0, "share": 0.5,
                                  "kappa": 0.0}
    assert "agreement: 50% of 2 pairs (0 blind), Cohen's kappa 0.00" in cli(runner, "stats")

    async def overview(tui: FactcheckApp, pilot: Pilot[None]) -> None:
        await pilot.press("o")
        await settle(pilot)
        assert "agreement: 50% of 2 pairs (0 blind), Cohen's kappa 0.00" in overview_text(
            tui, "#summary")

    review_app(db_url, "lee", overview)
