"""`factcheck import`, `verdict`, `source add`, `export`, `schema`: the everyday commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from factcheck.cli.base import (
    REVIEWER_DEFAULT,
    ArticleOpt,
    StatusOpt,
    VerdictOpt,
    app,
    claim_filter,
    run_import,
    service,
    source_app,
    stderr,
    stdout,
)
from factcheck.config import ReviewerUse
from factcheck.text import one_line
from factcheck.vocabulary import ExportFormat, ExportInclude, Rating, Stance


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH", help="Claim list files (*.json, *.jsonl), earlier fact-checks "
                             "(ClaimReview JSON-LD, a saved Fact Check Tools API response, "
                             "saved *.html pages) or folders holding them.")],
    max_mb: Annotated[float | None, typer.Option(
        "--max-mb", help="Refuse files larger than this many MB [env: "
                         "FACTCHECK_IMPORT_LIMIT_MB; default: 256].")] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help=f"Who imports (recorded on the articles and claims) "
                           f"[{REVIEWER_DEFAULT}].")] = None,
) -> None:
    """Import claim lists, or other publishers' earlier fact-checks. Each file is
    all-or-nothing; importing a file again adds nothing."""
    report = run_import(service(ctx, reviewer, import_limit_mb=max_mb,
                                reviewer_use=ReviewerUse.CHANGE), paths)
    if report.errors:
        raise typer.Exit(1)


@app.command()
def verdict(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(help="Claim id (see `claims list`).")],
    rating: Annotated[Rating, typer.Argument(help="The rating.")],
    rationale: Annotated[str | None, typer.Option("--rationale", "-m",
                                                  help="Why: the reasoning behind it.")] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help=f"Who decides [{REVIEWER_DEFAULT}].")] = None,
) -> None:
    """Set a claim's verdict (appends to its history; nothing is overwritten)."""
    svc = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE)
    result = svc.set_verdict(claim_id, rating, rationale=rationale)
    stdout.print(Text(f"claim {claim_id}: {result.rating} (by {result.reviewer})"))


@source_app.command("add")
def source_add(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(help="Claim id (see `claims list`).")],
    url: Annotated[str, typer.Argument(help="http(s) URL of the source.")],
    stance: Annotated[Stance, typer.Option("--stance", help="What the source does to the "
                                                            "claim.")] = Stance.CONTEXT,
    note: Annotated[str | None, typer.Option("--note", help="What the source shows.")] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help=f"Who adds it [{REVIEWER_DEFAULT}].")] = None,
    no_check: Annotated[bool, typer.Option(
        "--no-check", help="Do not fetch the URL now; check later with `sources check` "
                           "[env: FACTCHECK_CHECK_SOURCES=off].")] = False,
) -> None:
    """Attach a source to a claim; its URL is fetched at once to record status and title."""
    from factcheck.urls import has_credentials

    svc = service(ctx, reviewer=reviewer, reviewer_use=ReviewerUse.CHANGE)
    added = svc.add_source(claim_id, url, stance=stance, note=note)
    if has_credentials(url):
        stderr.print(Text("warning: the user name and password in the URL were removed; "
                          "they are never stored or sent"))
    stdout.print(Text(f"claim {claim_id}: source {added.id} added ({added.stance}) "
                      f"{one_line(added.url)}"))
    if not no_check and svc.sources.automatic:
        from factcheck.cli.commands_sources import check_added_source

        check_added_source(svc, added.id)


@app.command()
def export(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Output path [default: exports/verdicts-<timestamp>.csv, "
                      "exports/claimreview-<timestamp>.json].")] = None,
    format_: Annotated[ExportFormat, typer.Option(
        "--format", help="csv: one row per claim; claimreview: schema.org ClaimReview "
                         "JSON-LD, one per claim with a verdict (needs the desk's org.name, "
                         "org.url and review_url: see `factcheck config`); claimreview-feed: "
                         "the same as a schema.org DataFeed.")] = ExportFormat.CSV,
    status: StatusOpt = None,
    article: ArticleOpt = None,
    verdict: VerdictOpt = None,
    excel: Annotated[bool, typer.Option("--excel", help="Add a BOM and CRLF line ends so "
                                                        "Excel opens Korean text right.")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="Do not neutralise cells that a "
                                                    "spreadsheet would run as formulas.")] = False,
    include: Annotated[ExportInclude | None, typer.Option(
        "--include", help="proposed: under second review, also export verdicts not approved "
                          "yet (marked: review_state in CSV, creativeWorkStatus Draft in "
                          "ClaimReview).")] = None,
) -> None:
    """Export claims and verdicts: CSV (one row per claim) or schema.org ClaimReview."""
    flt = claim_filter(status, article, verdict)
    if format_ is ExportFormat.CSV:
        result = service(ctx).export_csv(out, flt, excel=excel, raw=raw,
                                         include_proposed=include is not None)
        noun = "row" if result.rows == 1 else "rows"
    else:
        if excel or raw:
            raise typer.BadParameter("--excel and --raw are for CSV only",
                                     param_hint="--format")
        result = service(ctx).export_claimreview(
            out, flt, feed=format_ is ExportFormat.CLAIMREVIEW_FEED,
            include_proposed=include is not None)
        noun = "ClaimReview" if result.rows == 1 else "ClaimReviews"
    for line in result.warnings:
        stderr.print(Text(f"warning: {one_line(line, 300)}"))
    stdout.print(Text(f"wrote {result.rows} {noun} to {result.path}"))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the claim-list import format."""
    from factcheck.services.export import import_schema

    sys.stdout.write(import_schema())
