"""`factcheck approve` and `factcheck return`: a second reviewer's decision on verdicts, when
the desk works with second review (`factcheck config set second_review on`)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from factcheck.cli.base import app, service, stdout
from factcheck.config import ReviewerUse

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
    reviewer: ReviewerOpt = None,
) -> None:
    """Return a claim's verdict to its reviewer with a comment (second review)."""
    done = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE).second_review\
        .return_verdict(claim_id, comment)
    stdout.print(Text(f"claim {done.claim_id}: verdict returned by {done.reviewer}"))
