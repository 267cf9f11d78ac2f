"""`factcheck claims list` and `claims show ID`: the claims with their verdicts, and one claim
with its article, sources, whole verdict history, changes and duplicate links."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from factcheck.cli.base import (
    ArticleOpt,
    StatusOpt,
    VerdictOpt,
    claim_filter,
    claims_app,
    service,
    stdout,
)
from factcheck.cli.commands_second_review import side_by_side
from factcheck.text import one_line, safe_json, when

if TYPE_CHECKING:
    from factcheck.services import ClaimFilter, FactcheckService
    from factcheck.services.history import ClaimHistory

MARKS = {"same": "≡", "suggested": "~", "related": "≠"}


@claims_app.command("list")
def claims_list(
    ctx: typer.Context,
    status: StatusOpt = None,
    article: ArticleOpt = None,
    verdict: VerdictOpt = None,
    language: Annotated[str | None, typer.Option("--language", help="Only this language.")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Text contained in the claim "
                                                                "or speaker.")] = None,
    assignee: Annotated[str | None, typer.Option(
        "--assignee", metavar="NAME|me|none",
        help="Only claims assigned to NAME; me: to you (--reviewer); none: unassigned.")] = None,
    queue: Annotated[str | None, typer.Option(
        "--queue", metavar="to-approve|returned-to-me",
        help="Second review: verdicts by others waiting for a decision (proposed or "
             "disputed), or your verdicts that were returned.")] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Who 'me' is; your returned verdicts are listed first "
                           "[env: FACTCHECK_REVIEWER; default: OS user].")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array (one object per "
                                                         "claim, with its sources).")] = False,
) -> None:
    """List claims with their current verdict and sources."""
    from dataclasses import replace

    from factcheck.store.queries import UNASSIGNED, ReviewQueue

    svc = service(ctx, reviewer=reviewer)
    # Your own returned verdicts come first, as in the review app (ordering only).
    flt = replace(claim_filter(status, article, verdict, language, search),
                  viewer=svc.settings.reviewer)
    if queue is not None:
        try:
            chosen = ReviewQueue(queue.strip().lower())
        except ValueError:
            raise typer.BadParameter(
                f"expected one of {', '.join(q.value for q in ReviewQueue)}, got {queue!r}",
                param_hint="--queue") from None
        flt = replace(flt, queue=chosen)
    if assignee is not None:
        name = assignee.strip()
        flt = replace(flt, assignee=UNASSIGNED if name == "none"
                      else svc.workspace.reviewer() if name == "me" else name)
    if as_json:  # for scripts and the desk: every verdict, blind review or not
        records = svc.claim_records(flt)
        sys.stdout.write(safe_json(records) + "\n")
        return
    # In blind review the verdicts the reviewer must give their own on first are hidden.
    print_claim_table(svc, flt)


# Below this terminal width the article and ref columns are left out, so the claim keeps
# room to be read (its article is in claims show and --json).
WIDE_TABLE = 100


def print_claim_table(svc: FactcheckService, flt: ClaimFilter | None = None) -> None:
    rows = svc.list_claims(flt)
    wide = stdout.width >= WIDE_TABLE
    title = f"{len(rows)} claims" + ("" if wide else
                                     f" (article and ref from {WIDE_TABLE} columns)")
    table = Table(title=Text(title), title_justify="left", expand=False)
    names = ["id", "article", "ref", "status", "verdict", "assignee", "src", "claim"]
    if not wide:
        names = [name for name in names if name not in ("article", "ref")]
    for name in names:
        table.add_column(name, overflow="ellipsis" if name == "assignee" else "fold",
                         no_wrap=name != "claim", max_width=12 if name == "assignee" else None)
    for row in rows:
        cells: dict[str, Text | str] = {
            "id": str(row.id),
            "article": Text(one_line(row.article_ref or row.article_title, 28)),
            "ref": Text(one_line(row.claim_ref)),
            "status": row.status,
            "verdict": Text("hidden", style="italic") if row.verdict_hidden
            else row.verdict or "-",
            "assignee": Text(one_line(row.assignee, 24)) if row.assignee
            else Text("unassigned", style="dim"),
            "src": Text(f"{row.source_count}✗", style="bold red") if row.dead_source_count
            else str(row.source_count),
            "claim": Text(one_line(row.text, 120)),
        }
        table.add_row(*(cells[name] for name in names))
    stdout.print(table)


@claims_app.command("show")
def claims_show(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(help="Claim id (see `claims list`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (everything, "
                                                         "blind review or not).")] = False,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Who is looking (blind review hides a verdict from its second "
                           "reviewer) [env: FACTCHECK_REVIEWER; default: OS user].")] = None,
) -> None:
    """Show one claim: article, sources, every verdict (undos included), changes, duplicates."""
    svc = service(ctx, reviewer=reviewer)
    if as_json:
        sys.stdout.write(safe_json(svc.claim_history(claim_id).as_json()) + "\n")
        return
    history = svc.claim_history(claim_id, viewer=svc.settings.reviewer)
    for line in describe_history(history):
        stdout.print(line)
    # A disputed claim waits for a decision: both rationales side by side.
    disagreement = (svc.second_review.disagreement(claim_id)
                    if history.detail.row.review_state == "disputed" else None)
    if disagreement is not None:
        stdout.print(side_by_side(disagreement))


def describe_history(history: ClaimHistory) -> list[Text]:
    """The record as lines of plain Text (outside text is escaped, one line each)."""
    row = history.detail.row
    lines = [Text(f"claim {row.id}  {row.status}, version {row.version}", style="bold"),
             Text(f"  {one_line(row.text)}")]
    article = " · ".join(one_line(part) for part in (row.article_ref, row.article_title,
                                                     row.outlet) if part)
    lines.append(Text(f"article: {article or '-'}"
                      + (f" ({when(row.published)})" if row.published else "")
                      + (f" {one_line(row.article_url)}" if row.article_url else "")))
    if row.speaker:
        lines.append(Text(f"speaker: {one_line(row.speaker)}"))
    lines.append(Text(f"imported: {history.detail.imported_line()}"))
    current = history.assignments[-1] if history.assignments else None
    lines.append(Text(f"assigned to: {one_line(current.assignee, 80)} (by "
                      f"{one_line(current.assigned_by, 30)}, {when(current.at)})"
                      if current is not None and current.assignee else "unassigned"))
    if history.detail.tags:
        lines.append(Text(f"tags: {', '.join(one_line(t) for t in history.detail.tags)}"))
    decisions = [step for step in history.review_trail if step.kind != "verdict"]
    if row.verdict_hidden:
        lines.append(Text(f"verdict: hidden (blind review: give yours first, factcheck "
                          f"blind-verdict {row.id} RATING)", style="italic"))
    else:
        lines.append(Text(f"verdict: {row.verdict or 'none'}"
                          + (f" by {one_line(row.reviewer)}, {when(row.reviewed_at)}"
                             if row.verdict else "")
                          + (f" ({row.review_state})" if row.verdict and decisions else "")))
    if history.earlier_verdict is not None:
        lines.append(Text(one_line(history.earlier_verdict.describe())))
    for earlier in history.earlier_checks:
        level = f" [{earlier.level.value}]" if earlier.level else ""
        lines.append(Text(one_line(earlier.line(), 200) + level))
    lines.append(Text(f"sources ({len(history.detail.sources)}):"))
    for source in history.detail.sources:
        check = "" if source.checked_at is None else (
            f"  ✗ dead: {one_line(source.error or f'HTTP {source.http_status}', 80)}"
            if source.dead else f"  ✓ {source.http_status or ''}")
        title = f' "{one_line(source.title, 80)}"' if source.title and not source.dead else ""
        lines.append(Text(f"  {source.id}. {source.stance} {one_line(source.url)}{check}"
                          f"{title}"))
        if source.note:
            lines.append(Text(f"     {one_line(source.note)}"))
        lines.append(Text(f"     added by {one_line(source.added_by, 30)}, "
                          f"{when(source.added_at)}"))
    retracted = history.detail.retracted_sources
    if retracted:
        lines.append(Text(f"retracted sources ({len(retracted)}):"))
        for source in retracted:
            lines.append(Text(f"  {source.id}. {source.stance} {one_line(source.url)}"))
            lines.append(Text(f"     added by {one_line(source.added_by, 30)}, "
                              f"{when(source.added_at)}; retracted by "
                              f"{one_line(source.retracted_by or '?', 30)}, "
                              f"{when(source.retracted_at)}"))
    lines.append(Text(f"verdict history ({len(history.detail.history)}):"))
    for verdict in history.detail.history:
        what = verdict.rating or "withdrawn"
        if verdict.undoes_verdict_id:
            what += f" (undoes verdict {verdict.undoes_verdict_id})"
        if verdict.reused_from_claim_id:
            what += f" (reused from claim {verdict.reused_from_claim_id})"
        rationale = f": {one_line(verdict.rationale, 200)}" if verdict.rationale else ""
        lines.append(Text(f"  {when(verdict.created_at)}  {one_line(verdict.reviewer, 30)}  "
                          f"{what}{rationale}"))
    if decisions:
        lines.append(Text(f"review trail ({len(history.review_trail)}):"))
        for step in history.review_trail:
            lines.append(Text(f"  {step.line()}"))
    if history.changes:
        lines.append(Text(f"changes ({len(history.changes)}):"))
        for change in history.changes:
            lines.append(Text(f"  {when(change.changed_at)}  {one_line(change.changed_by, 30)}"
                              f"  {change.field}: {one_line(change.old_value, 100)} -> "
                              f"{one_line(change.new_value, 100)}"))
    if history.duplicates:
        lines.append(Text(f"duplicates ({len(history.duplicates)}):"))
        for match in history.duplicates:
            differs = (f"  differs in: {one_line('; '.join(match.differences), 100)}"
                       if match.differences else "")
            decided = (f", by {one_line(match.decided_by, 30)}, {when(match.decided_at)}"
                       if match.decided_by else "")
            lines.append(Text(f"  {MARKS.get(str(match.level), ' ')} {match.other.label} "
                              f"{match.level}, {match.status}{decided}, {match.score:.0f}"
                              f"{differs}"))
            lines.append(Text(f"     {one_line(match.other.text, 120)}"))
    return lines
