"""`factcheck review [PATH...]`: import claim lists, then open the Textual review app.

Textual is imported inside the command, so `import factcheck.cli` never loads it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from factcheck.cli.base import REVIEWER_DEFAULT, app, run_import, service, stderr, stdout
from factcheck.config import ReviewerUse, database_url

if TYPE_CHECKING:
    from factcheck.services import FactcheckService

SAMPLE_FOLDER = Path("claims")
EMPTY_DATABASE = ("The database is empty. Start with: factcheck review PATH "
                  "(claim list files or folders, e.g. claims/)")


@app.command()
def review(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Claim list files or folders to import before the app opens.")] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help=f"Who reviews [{REVIEWER_DEFAULT}].")] = None,
    ask_reviewer: Annotated[bool, typer.Option(
        "--ask-reviewer", hidden=True,
        help="Without --reviewer or FACTCHECK_REVIEWER, ask the reviewer's name in the app "
             "before anything can be changed (how `factcheck serve` starts a browser session "
             "that has no reviewer of its own).")] = False,
) -> None:
    """Review claims in the terminal: verdicts, sources, undo, export (keys: F1 or ?)."""
    if not paths and not _sample_offered() and _database_missing(ctx):
        # Nothing to import and nothing to review: say how to start, leave no empty database.
        stdout.print(Text(EMPTY_DATABASE))
        raise typer.Exit(0)
    svc = service(ctx, reviewer=reviewer,
                  reviewer_use=ReviewerUse.ASK if ask_reviewer else ReviewerUse.CHANGE)
    if paths:
        report = run_import(svc, paths)
        if report.errors:
            stderr.print(Text("review not opened: fix the files above, or leave them out"))
            raise typer.Exit(1)
    elif svc.count_claims() == 0:
        if not _offer_sample(svc):
            stdout.print(Text(EMPTY_DATABASE))
            raise typer.Exit(0)

    from factcheck.tui.app import create_app

    create_app(svc).run()


def _sample_offered() -> bool:
    """Whether an empty database would be offered the ./claims sample (needs a terminal)."""
    return SAMPLE_FOLDER.is_dir() and sys.stdin.isatty()


def _database_missing(ctx: typer.Context) -> bool:
    """True when the database is an SQLite file that does not exist yet (opening it would
    create it); other databases (a server URL) are never called missing."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url((ctx.find_root().obj or {}).get("db")))
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return False
    return not Path(url.database).exists()


def _offer_sample(svc: FactcheckService) -> bool:
    """Empty database, no paths: offer to import ./claims if it is there."""
    if not _sample_offered():
        return False
    if not typer.confirm(f"The database is empty. Import the claim lists in {SAMPLE_FOLDER}/ "
                         "now?", default=True):
        return False
    report = run_import(svc, [SAMPLE_FOLDER])
    return not report.errors and svc.count_claims() > 0
