"""`factcheck dupes` and `factcheck match`: duplicate claims and search by text."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from factcheck.cli.base import REVIEWER_DEFAULT, app, service, stderr, stdout
from factcheck.config import ReviewerUse
from factcheck.errors import FactcheckError
from factcheck.text import one_line, safe_json
from factcheck.vocabulary import LinkStatus, MatchLevel

if TYPE_CHECKING:
    from factcheck.services.earlier import EarlierReviewInfo
    from factcheck.services.matching import ClaimRef, DuplicatePair, QueryResult

dupes_app = typer.Typer(help="Duplicate claims across articles: list, confirm, reject.",
                        invoke_without_command=True)
app.add_typer(dupes_app, name="dupes")


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on stderr (only on a terminal), fed by the services' callbacks."""
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=stderr, transient=True,
                  disable=not stderr.is_terminal) as bar:
        task = bar.add_task("", total=None)

        def on_progress(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what)

        yield on_progress


@dupes_app.callback()
def dupes(
    ctx: typer.Context,
    level: Annotated[MatchLevel | None, typer.Option("--level", help="Only this level.")] = None,
    status: Annotated[list[LinkStatus] | None, typer.Option(
        "--status", metavar="<auto|open|confirmed|rejected>",
        help="Only links with this status (repeatable) [default: all but rejected].")] = None,
    rescan: Annotated[bool, typer.Option(
        "--rescan", help="Match every stored claim again before listing (keeps reviewer "
                         "decisions).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array of pairs.")] = False,
) -> None:
    """List duplicate claims: `same` (linked automatically), `suggested` (waiting for a
    reviewer) and `related` (alike, but a checkable fact differs)."""
    if ctx.invoked_subcommand is not None:
        return
    matching = service(ctx).matching
    if rescan:
        with _progress("matching") as on_progress:
            report = matching.detect_all(on_progress=on_progress)
        stderr.print(Text(report.summary()))
    pairs = matching.duplicates(level=level, statuses=status or None)
    unmatched = matching.unmatched()
    # (notes on stderr: the listing, --json included, stays what it is)
    if unmatched.total:
        stderr.print(Text(f"note: {unmatched.describe()}"))
    without_vector = matching.vectors.waiting()
    if without_vector:
        stderr.print(Text(f"note: {without_vector} claim{'s' if without_vector != 1 else ''} "
                          "wait for a sentence vector (matched by their words only so far); "
                          "`factcheck embed` computes them and matches them again"))
    if as_json:
        sys.stdout.write(safe_json([p.as_json() for p in pairs]) + "\n")
        return
    if not pairs:
        stdout.print("no duplicate pairs")
        return
    _print_pairs(pairs)


@app.command("embed")
def embed(ctx: typer.Context) -> None:
    """Compute the sentence vectors that claims lack (imported with FACTCHECK_ENCODER=off,
    from an older version, or cut short), then match those claims again by meaning.

    Resumable: each batch is saved as it is done, so an interrupted run loses nothing and the
    next one goes on where it stopped."""
    matching = service(ctx).matching
    if not matching.vectors.enabled:
        raise FactcheckError("matching by meaning is off (FACTCHECK_ENCODER=off): nothing to "
                             "embed")
    with _progress("vectors") as on_progress:
        report = matching.embed_waiting(on_progress=on_progress)
    if report is None:
        stdout.print("every claim has a sentence vector")
        return
    stdout.print(Text(f"embedded and matched again: {report.summary()}"))


def _print_pairs(pairs: list[DuplicatePair]) -> None:
    table = Table(title=f"{len(pairs)} pairs", title_justify="left")
    for name in ("a", "b", "score", "level", "status", "claims / differences"):
        table.add_column(name, overflow="fold", no_wrap=name != "claims / differences")
    for pair in pairs:
        body = Text("a ", style="dim")
        body.append(one_line(pair.a.text, 90))
        body.append("\nb ", style="dim")
        body.append(one_line(pair.b.text, 90))
        if pair.differences:
            body.append("\ndiffers in: " + one_line("; ".join(pair.differences), 120),
                        style="yellow")
        table.add_row(Text(_short(pair.a)), Text(_short(pair.b)),
                      f"{pair.score:.0f}", pair.level, pair.status, body)
    stdout.print(table)


def _short(claim: ClaimRef) -> str:
    return f"#{claim.id} {one_line(claim.claim_ref, 12)}".strip()


ReviewerOpt = Annotated[str | None, typer.Option(
    "--reviewer", help=f"Who decides [{REVIEWER_DEFAULT}].")]


@dupes_app.command("confirm")
def dupes_confirm(
    ctx: typer.Context,
    a: Annotated[int, typer.Argument(help="Claim id.")],
    b: Annotated[int, typer.Argument(help="The other claim id.")],
    reviewer: ReviewerOpt = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Confirm even when a checkable fact differs (a number, a negation, "
                        "a direction, an entity...).")] = False,
) -> None:
    """Confirm that two claims are the same claim (they join one cluster).

    A pair whose claims differ in a checkable fact is refused unless --force (then confirmed
    with a warning naming what differs); a pair the matcher never paired is confirmed with a
    warning on stderr."""
    matching = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE).matching
    pair = matching.confirm(a, b, force=force)
    if pair.differences:
        stderr.print(Text(f"warning: claims {pair.a.id} and {pair.b.id} differ in: "
                          f"{one_line('; '.join(pair.differences), 200)}; confirmed anyway"))
    if not pair.matched:
        stderr.print(Text(f"warning: claims {pair.a.id} and {pair.b.id} were not paired by "
                          f"the matcher (score {pair.score:.0f}); confirmed anyway"))
    stdout.print(Text(f"claims {pair.a.id} and {pair.b.id}: duplicate confirmed"))


@dupes_app.command("reject")
def dupes_reject(
    ctx: typer.Context,
    a: Annotated[int, typer.Argument(help="Claim id.")],
    b: Annotated[int, typer.Argument(help="The other claim id.")],
    reviewer: ReviewerOpt = None,
) -> None:
    """Reject a suggested pair: the two claims are never suggested again."""
    matching = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE).matching
    pair = matching.reject(a, b)
    stdout.print(Text(f"claims {pair.a.id} and {pair.b.id}: duplicate rejected"))


@app.command("match")
def match(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="A claim to look up.")] = None,
    queries: Annotated[Path | None, typer.Option(
        "--queries", help="File with one text per line, or JSONL objects with id and text; "
                          "all are answered in one run.")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Matches per text.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array, one object "
                                                         "per query.")] = False,
    nearest: Annotated[bool, typer.Option(
        "--all", help="Also list the nearest stored claims that are no match at any level "
                      "(their level is null in --json, - in the table), up to --top.")] = False,
) -> None:
    """Find stored claims like a text (or like each text of a file), best first.

    Only matches with a level are listed: `same` (the same claim), `suggested` (likely the
    same claim, for a reviewer to decide) and `related` (alike, but a checkable fact differs:
    its differences say which). Claims of fewer than 8 words (5 in Korean) are never `same`.
    --all adds the nearest other stored claims, as plain search results."""
    if (text is None) == (queries is None):
        raise FactcheckError("give either a TEXT or --queries FILE")
    from factcheck.services.matching import Query, read_queries

    batch = read_queries(queries) if queries is not None else [Query("1", text or "")]
    if not any(qy.text.strip() for qy in batch):
        raise FactcheckError("the text to match is empty")
    svc = service(ctx)
    with _progress("matching") as on_progress:
        results = svc.matching.match_texts(batch, top_k=top, on_progress=on_progress,
                                           nearest=nearest)
    # A match that is another publisher's fact-check says what they found.
    earlier = svc.earlier.of_claims(sorted({m.claim.id for r in results for m in r.matches}))
    if as_json:
        out = []
        for result in results:
            record = result.as_json()
            for found, item in zip(result.matches, record["matches"], strict=True):
                check = earlier.get(found.claim.id)
                item["earlier_check"] = check.as_json() if check else None
            out.append(record)
        sys.stdout.write(safe_json(out) + "\n")
        return
    for result in results:
        _print_matches(result, earlier, show_query=len(results) > 1 or queries is not None)


def _print_matches(result: QueryResult, earlier: Mapping[int, EarlierReviewInfo], *,
                   show_query: bool) -> None:
    if show_query:
        stdout.print(Text(f"query {one_line(str(result.query_id))}: {one_line(result.query, 100)}",
                          style="bold"))
    if not result.matches:
        stdout.print(Text("  no stored claim is like it" if show_query
                          else "no stored claim is like it"))
        return
    table = Table(show_header=True, title_justify="left")
    for name in ("id", "article/ref", "score", "level", "claim / differences"):
        table.add_column(name, overflow="fold", no_wrap=name != "claim / differences")
    for found in result.matches:
        body = Text(one_line(found.claim.text, 110))
        if found.differences:
            body.append("\ndiffers in: " + one_line("; ".join(found.differences), 110),
                        style="yellow")
        check = earlier.get(found.claim.id)
        if check is not None:
            body.append("\n" + one_line(check.line(), 160), style="cyan")
        table.add_row(str(found.claim.id),
                      Text(one_line(f"{found.claim.article_ref or '-'}/"
                                    f"{found.claim.claim_ref or '-'}", 34)),
                      f"{found.score:.0f}", found.level or "-", body)
    stdout.print(table)
