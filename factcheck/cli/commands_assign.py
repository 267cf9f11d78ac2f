"""`factcheck assign`: give claims, or whole articles, to a reviewer to work on (or take them
back with --unassign). Assigning is no review change: nobody's verdict becomes stale."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from factcheck.cli.base import app, service, stdout
from factcheck.config import ReviewerUse
from factcheck.errors import FactcheckError
from factcheck.text import one_line

ARTICLE_PREFIX = "article:"


@app.command()
def assign(
    ctx: typer.Context,
    targets: Annotated[list[str], typer.Argument(
        metavar="ARTICLE|CLAIM...",
        help="Claim ids (integers) and article refs (anything else; article:REF for an "
             "article whose ref is a number). An article means all its claims that are "
             "review work (not discarded, not earlier fact-checks).")],
    to: Annotated[str | None, typer.Option("--to", metavar="NAME",
                                           help="Who works on them.")] = None,
    unassign: Annotated[bool, typer.Option("--unassign",
                                           help="Assign them to nobody (instead of --to).")
                        ] = False,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Who assigns [env: FACTCHECK_REVIEWER; default: OS user].")] = None,
) -> None:
    """Assign claims or whole articles to a reviewer: all or none."""
    from factcheck.services.assignments import AssignTarget

    if unassign == (to is not None):
        raise FactcheckError("give either --to NAME or --unassign")
    parsed: list[AssignTarget] = []
    for target in targets:
        if target.startswith(ARTICLE_PREFIX):
            parsed.append(AssignTarget(article_ref=target[len(ARTICLE_PREFIX):]))
        elif target.strip().isdigit():
            parsed.append(AssignTarget(claim_id=int(target)))
        else:
            parsed.append(AssignTarget(article_ref=target))
    svc = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE)
    result = svc.assignments.assign(parsed, None if unassign else to)
    verb = f"assigned {{}} to {one_line(result.assignee, 80)}" if result.assignee \
        else "unassigned {}"
    for group in result.groups:
        article = one_line(group.article_ref or f"#{group.article_id}", 60)
        n = len(group.changed)
        what = (f"{n} claim{'s' if n != 1 else ''} of article {article}" if group.whole_article
                else f"claim{'s' if n != 1 else ''} {', '.join(map(str, group.changed))} of "
                     f"article {article}" if n else f"no claims of article {article}")
        if group.whole_article and not n:
            what = f"no claims of article {article}"
        unchanged = f" ({len(group.unchanged)} already were)" if group.unchanged else ""
        stdout.print(Text(verb.format(what) + unchanged))
