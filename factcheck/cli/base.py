"""The command line's shared parts: the typer app and its groups, the consoles, the one error
handler, and the helpers every command uses (the service for the command's database, the
import with its progress bar, the claim filter options).

No SQL and no domain logic here. Every FactcheckError becomes one `error:` line per problem
on stderr and exit code 1; no traceback reaches the user.

Start-up: `factcheck --help` and shell completion load only typer, rich and the vocabularies.
The services (and with them SQLAlchemy, SQLModel), kiwipiepy and Textual are imported inside
the commands that use them; a test holds every command module to that.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text
from typer.core import TyperGroup
from typer.exceptions import TyperException

from factcheck import __version__
from factcheck.config import ReviewerUse, Settings
from factcheck.errors import FactcheckError
from factcheck.text import one_line
from factcheck.vocabulary import ClaimStatus, Rating

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


# Every `--reviewer` option says the same about where the name comes from.
REVIEWER_DEFAULT = ("env: FACTCHECK_REVIEWER; default: the OS user; required on a team "
                    "database (PostgreSQL)")

app = typer.Typer(
    cls=_UserErrorGroup,
    help="factcheck: import claim lists and earlier fact-checks, review claims, record verdicts "
         "and sources, export CSV or schema.org ClaimReview.",
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
            import_limit_mb: float | None = None, *,
            reviewer_use: ReviewerUse = ReviewerUse.READ) -> FactcheckService:
    """The service on the command's database. A command that changes anything says so
    (`reviewer_use=ReviewerUse.CHANGE`): on a team database it refuses to start, before the
    database is opened, unless the reviewer is named."""
    from factcheck.services import FactcheckService

    root = ctx.find_root()
    db = (root.obj or {}).get("db")
    svc = FactcheckService(Settings.load(db=db, reviewer=reviewer,
                                         import_limit_mb=import_limit_mb,
                                         reviewer_use=reviewer_use))
    ctx.call_on_close(svc.close)
    if svc.upgrade is not None:
        stderr.print(Text(svc.upgrade.describe()))
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
    if report.resumed_matching:
        stderr.print(Text(f"finished the duplicate matching an earlier import left undone: "
                          f"{report.resumed_matching} claims"))
    for line in report.errors:
        stderr.print(Text(f"error: {one_line(line)}"))
    stdout.print(Text(report.summary()))
    return report


StatusOpt = Annotated[ClaimStatus | None, typer.Option("--status", help="Only this status.")]
ArticleOpt = Annotated[str | None, typer.Option("--article", help="Only this article ref.")]
VerdictOpt = Annotated[str | None, typer.Option(
    "--verdict", help="Only this rating, or 'none' for claims without a verdict.")]


def claim_filter(status: ClaimStatus | None, article: str | None, verdict: str | None,
            language: str | None = None, search: str | None = None) -> ClaimFilter:
    from factcheck.services import ClaimFilter

    if verdict and verdict != "none" and verdict not in {r.value for r in Rating}:
        raise FactcheckError(f'unknown rating "{verdict}" for --verdict: expected none or one '
                             f'of {", ".join(r.value for r in Rating)}')
    return ClaimFilter(status=status.value if status else None, article_ref=article,
                       verdict=verdict, language=language, search=search)
