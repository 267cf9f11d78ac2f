"""The `factcheck` command line: parses options, calls the services layer, prints.

No SQL and no domain logic here. Every FactcheckError becomes one `error:` line per problem
on stderr and exit code 1; no traceback reaches the user.

Start-up: `factcheck --help` and shell completion load only typer, rich and the vocabularies.
The services (and with them SQLAlchemy, SQLModel), kiwipiepy and Textual are imported inside
the commands that use them; a test holds every command module to that.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup
from typer.exceptions import TyperException

from factcheck import __version__
from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.text import one_line
from factcheck.vocabulary import ClaimStatus, Rating, Stance

if TYPE_CHECKING:
    from factcheck.services import ClaimFilter, FactcheckService, ImportReport

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class _UserErrorGroup(TyperGroup):
    """Turns FactcheckError from any command into clean `error:` lines and exit code 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FactcheckError as exc:
            for line in exc.lines():
                stderr.print(Text(f"error: {one_line(line)}"))
            raise typer.Exit(1) from None
        except (TyperException, typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            # A bug, not bad input: still one line for the user; the traceback on request.
            if os.environ.get("FACTCHECK_DEBUG"):
                raise
            stderr.print(Text(f"error: unexpected {type(exc).__name__}: {one_line(str(exc), 300)}"
                              " (set FACTCHECK_DEBUG=1 to see the traceback)"))
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_UserErrorGroup,
    help="factcheck: import claim lists, review claims, record verdicts and sources, export CSV.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
claims_app = typer.Typer(help="List and inspect claims.", no_args_is_help=True)
source_app = typer.Typer(help="Attach sources (URL, stance, note) to claims.",
                         no_args_is_help=True)
app.add_typer(claims_app, name="claims")
app.add_typer(source_app, name="source")


def _version(value: bool) -> None:
    if value:
        stdout.print(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", help="Database file or SQLAlchemy URL [env: FACTCHECK_DB; default: "
                     "factcheck.db in the working folder].")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    ctx.obj = {"db": db}


def service(ctx: typer.Context, reviewer: str | None = None,
            import_limit_mb: float | None = None) -> FactcheckService:
    from factcheck.services import FactcheckService

    root = ctx.find_root()
    db = (root.obj or {}).get("db")
    svc = FactcheckService(Settings.load(db=db, reviewer=reviewer,
                                         import_limit_mb=import_limit_mb))
    ctx.call_on_close(svc.close)
    return svc


def run_import(svc: FactcheckService, paths: list[Path]) -> ImportReport:
    """Import with a progress bar on stderr; errors and the summary line are printed."""
    with Progress(TextColumn("importing"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=stderr, transient=True,
                  disable=not stderr.is_terminal) as bar:
        task = bar.add_task("", total=None)

        def on_progress(done: int, total: int, current: str) -> None:
            bar.update(task, completed=done, total=total, description=one_line(current, 50))

        report = svc.import_paths(paths, on_progress=on_progress)
    for line in report.errors:
        stderr.print(Text(f"error: {one_line(line)}"))
    stdout.print(Text(report.summary()))
    return report


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH", help="Claim list files (*.json, *.jsonl) or folders holding them.")],
    max_mb: Annotated[float | None, typer.Option(
        "--max-mb", help="Refuse files larger than this many MB [env: "
                         "FACTCHECK_IMPORT_LIMIT_MB; default: 256].")] = None,
) -> None:
    """Import claim lists. Each file is all-or-nothing; importing a file again adds nothing."""
    report = run_import(service(ctx, import_limit_mb=max_mb), paths)
    if report.errors:
        raise typer.Exit(1)


StatusOpt = Annotated[ClaimStatus | None, typer.Option("--status", help="Only this status.")]
ArticleOpt = Annotated[str | None, typer.Option("--article", help="Only this article ref.")]
VerdictOpt = Annotated[str | None, typer.Option(
    "--verdict", help="Only this rating, or 'none' for claims without a verdict.")]


def _filter(status: ClaimStatus | None, article: str | None, verdict: str | None,
            language: str | None = None, search: str | None = None) -> ClaimFilter:
    from factcheck.services import ClaimFilter

    if verdict and verdict != "none" and verdict not in {r.value for r in Rating}:
        raise FactcheckError(f'unknown rating "{verdict}" for --verdict: expected none or one '
                             f'of {", ".join(r.value for r in Rating)}')
    return ClaimFilter(status=status.value if status else None, article_ref=article,
                       verdict=verdict, language=language, search=search)


@claims_app.command("list")
def claims_list(
    ctx: typer.Context,
    status: StatusOpt = None,
    article: ArticleOpt = None,
    verdict: VerdictOpt = None,
    language: Annotated[str | None, typer.Option("--language", help="Only this language.")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Text contained in the claim "
                                                                "or speaker.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array (one object per "
                                                         "claim, with its sources).")] = False,
) -> None:
    """List claims with their current verdict and sources."""
    svc = service(ctx)
    flt = _filter(status, article, verdict, language, search)
    if as_json:
        records = svc.claim_records(flt)
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return
    print_claim_table(svc, flt)


def print_claim_table(svc: FactcheckService, flt: ClaimFilter | None = None) -> None:
    rows = svc.list_claims(flt)
    table = Table(title=f"{len(rows)} claims", title_justify="left", expand=False)
    for name in ("id", "article", "ref", "status", "verdict", "src", "claim"):
        table.add_column(name, overflow="fold", no_wrap=name != "claim")
    for row in rows:
        table.add_row(str(row.id), Text(one_line(row.article_ref or row.article_title, 28)),
                      Text(one_line(row.claim_ref)), row.status, row.verdict or "-",
                      Text(f"{row.source_count}✗", style="bold red") if row.dead_source_count
                      else str(row.source_count), Text(one_line(row.text, 120)))
    stdout.print(table)


@app.command()
def verdict(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(help="Claim id (see `claims list`).")],
    rating: Annotated[Rating, typer.Argument(help="The rating.")],
    rationale: Annotated[str | None, typer.Option("--rationale", "-m",
                                                  help="Why: the reasoning behind it.")] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Who decides [env: FACTCHECK_REVIEWER; default: OS user].")] = None,
) -> None:
    """Set a claim's verdict (appends to its history; nothing is overwritten)."""
    result = service(ctx, reviewer=reviewer).set_verdict(claim_id, rating, rationale=rationale)
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
        "--reviewer", help="Who adds it [env: FACTCHECK_REVIEWER; default: OS user].")] = None,
    no_check: Annotated[bool, typer.Option(
        "--no-check", help="Do not fetch the URL now; check later with `sources check` "
                           "[env: FACTCHECK_CHECK_SOURCES=off].")] = False,
) -> None:
    """Attach a source to a claim; its URL is fetched at once to record status and title."""
    from factcheck.urls import has_credentials

    svc = service(ctx, reviewer=reviewer)
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
        "--out", help="CSV path [default: exports/verdicts-<timestamp>.csv].")] = None,
    status: StatusOpt = None,
    article: ArticleOpt = None,
    verdict: VerdictOpt = None,
    excel: Annotated[bool, typer.Option("--excel", help="Add a BOM and CRLF line ends so "
                                                        "Excel opens Korean text right.")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="Do not neutralise cells that a "
                                                    "spreadsheet would run as formulas.")] = False,
) -> None:
    """Export claims and verdicts to CSV (one row per claim)."""
    result = service(ctx).export_csv(out, _filter(status, article, verdict), excel=excel,
                                     raw=raw)
    noun = "row" if result.rows == 1 else "rows"
    stdout.print(Text(f"wrote {result.rows} {noun} to {result.path}"))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the claim-list import format."""
    from factcheck.services.export import import_schema

    sys.stdout.write(import_schema())


def main() -> None:
    app(prog_name="factcheck")


# Feature command modules register themselves on `app` when imported (keep this at the end:
# they import `app` and the helpers above).
from factcheck.cli import (  # noqa: E402
    commands_claims,  # noqa: F401
    commands_extract,  # noqa: F401
    commands_matching,  # noqa: F401
    commands_review,  # noqa: F401
    commands_sources,  # noqa: F401
)
