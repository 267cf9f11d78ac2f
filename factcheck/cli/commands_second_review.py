"""`factcheck approve` and `factcheck return`: a second reviewer's decision on verdicts, when
the desk works with second review (`factcheck config set second_review on`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from factcheck.cli.base import app, service, stdout
from factcheck.config import ReviewerUse
from factcheck.text import one_line

if TYPE_CHECKING:  # `--help` must not load the database stack (tests/test_startup.py)
    from factcheck.services.second_review import Disagreement


def side_by_side(disagreement: Disagreement) -> Table:
    """Both rationales of a disputed claim in two columns, names and ratings on top."""
    table = Table(title=Text(f"claim {disagreement.claim_id}: disputed, for a decision"))
    for side in (disagreement.first, disagreement.second):
        table.add_column(Text(f"{one_line(side.who, 30)}: {side.rating or '-'}"),
                         overflow="fold", ratio=1)
    table.add_row(Text(one_line(disagreement.first.rationale or "(no rationale)", 2000)),
                  Text(one_line(disagreement.second.rationale or "(no rationale)", 2000)))
    return table

ReviewerOpt = Annotated[str | None, typer.Option(
    "--reviewer", help="The second reviewer [env: FACTCHECK_REVIEWER; default: OS user].")]


@app.command()
def approve(
    ctx: typer.Context,
    claim_ids: Annotated[list[int], typer.Argument(metavar="ID...",
                                                   help="Claims whose verdict you approve.")],
    reviewer: ReviewerOpt = None,
) -> None:
    """Approve the verdicts of these claims (second review): all or none; never your own."""
    svc = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE)
    for done in svc.second_review.approve(claim_ids):
        stdout.print(Text(f"claim {done.claim_id}: verdict approved by {done.reviewer}"))
    if not svc.desk.values().second_review:
        stdout.print(Text("note: second review is off for this desk, so verdicts are final "
                          "without approval (factcheck config set second_review on)"))


@app.command("return")
def return_(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="The claim to send back.")],
    comment: Annotated[str, typer.Option("--comment", "-m",
                                         help="Why it goes back (required).")],
    rating: Annotated[str | None, typer.Option(
        "--rating", help="The rating you would give (kept with your decision).")] = None,
    reviewer: ReviewerOpt = None,
) -> None:
    """Return a claim's verdict to its reviewer with a comment (second review)."""
    done = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE).second_review\
        .return_verdict(claim_id, comment, rating=rating)
    stdout.print(Text(f"claim {done.claim_id}: verdict returned by {done.reviewer}"))


@app.command("blind-verdict")
def blind_verdict(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="The claim you review.")],
    rating: Annotated[str, typer.Argument(metavar="RATING", help="Your own rating.")],
    rationale: Annotated[str | None, typer.Option("--rationale", "-m",
                                                  help="Why (your rationale).")] = None,
    reviewer: ReviewerOpt = None,
) -> None:
    """Blind review: record your own verdict before seeing the first; the same rating approves
    it, another one flags the claim for a decision."""
    from factcheck.models import ReviewDecision

    svc = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE)
    done = svc.second_review.record_blind(claim_id, rating, rationale)
    if done.decision is ReviewDecision.APPROVED:
        stdout.print(Text(f"claim {done.claim_id}: agreed: approved"))
        return
    disagreement = svc.second_review.disagreement(claim_id)
    if disagreement is None:  # decided by someone else meanwhile
        stdout.print(Text(f"claim {done.claim_id}: disputed"))
        return
    stdout.print(Text(f"claim {done.claim_id}: disputed: yours {done.rating} vs "
                      f"{one_line(disagreement.first.who, 30)}'s {disagreement.first.rating}"))
    stdout.print(side_by_side(disagreement))
