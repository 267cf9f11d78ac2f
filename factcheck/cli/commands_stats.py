"""`factcheck stats`: the desk overview (the TUI's `o` screen) as tables or JSON."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from factcheck.cli.base import app, service, stdout
from factcheck.config import ReviewerUse
from factcheck.text import counted, one_line, safe_json


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i == 0 else "right")
    return table


@app.command()
def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    days: Annotated[int, typer.Option("--days", min=1, max=366,
                                      help="Days of throughput to show.")] = 28,
) -> None:
    """The desk overview: claims by status, verdicts, reviewers, throughput, agreement."""
    # (imported here: the command line starts without the database stack)
    from factcheck.services.stats import describe_agreement, describe_seconds

    view = service(ctx, reviewer_use=ReviewerUse.READ).stats.overview(days=days)
    if as_json:
        sys.stdout.write(safe_json(view.as_json()) + "\n")
        return
    status = _table("Claims by status", "status", "claims")
    for name, n in view.by_status.items():
        status.add_row(Text(name), str(n))
    rating = _table("Verdicts by rating", "rating", "claims")
    for name, n in view.by_rating.items():
        rating.add_row(Text(name), str(n))
    states = _table("Review state", "state", "claims")
    for name, n in view.review_states.items():
        states.add_row(Text(name), str(n))
    states.add_row(Text("returns ever"), str(view.returns_ever))
    articles = _table("Articles (most claims)", "article", "claims", "with verdict")
    for a in view.by_article:
        articles.add_row(Text(one_line(a.title or a.ref or f"#{a.article_id}", 50)),
                         str(a.claims), str(a.verdicts))
    outlets = _table("Outlets", "outlet", "claims", "with verdict")
    for o in view.by_outlet:
        outlets.add_row(Text(one_line(o.outlet, 40) or "(none)"), str(o.claims), str(o.verdicts))
    people = _table("Reviewers", "name", "verdicts", "approvals", "returns", "assigned")
    for r in view.by_reviewer:
        people.add_row(Text(one_line(r.name, 30)), str(r.verdicts), str(r.approvals),
                       str(r.returns), str(r.assigned))
    for table in (status, rating, states, articles, outlets, people):
        stdout.print(table)
    first, last = view.days[0], view.days[-1]
    total = sum(d.verdicts for d in view.days)
    approvals = sum(d.approvals for d in view.days)
    stdout.print(Text(f"{first.day}..{last.day}: {counted(total, 'verdict')}, "
                      f"{counted(approvals, 'approval')}"))
    median = describe_seconds(view.median_seconds_to_approval)
    stdout.print(Text(f"median import to approval: {median}"
                      f" over {counted(view.approved_claims, 'approved claim')}"))
    stdout.print(Text(describe_agreement(view.agreement)))
