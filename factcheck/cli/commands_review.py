"""`factcheck review [PATH...]`: import claim lists, then open the Textual review app.

Textual is imported inside the command, so `import factcheck.cli` never loads it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from factcheck.cli import app, run_import, service, stderr, stdout
from factcheck.services import FactcheckService

SAMPLE_FOLDER = Path("claims")


@app.command()
def review(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Claim list files or folders to import before the app opens.")] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Who reviews [env: FACTCHECK_REVIEWER; default: OS user].")] = None,
) -> None:
    """Review claims in the terminal: verdicts, sources, undo, export (keys: F1 or ?)."""
    svc = service(ctx, reviewer=reviewer)
    if paths:
        report = run_import(svc, paths)
        if report.errors:
            stderr.print(Text("review not opened: fix the files above, or leave them out"))
            raise typer.Exit(1)
    elif svc.count_claims() == 0:
        if not _offer_sample(svc):
            stdout.print(Text("The database is empty. Start with: factcheck review PATH "
                              "(claim list files or folders, e.g. claims/)"))
            raise typer.Exit(0)

    from factcheck.tui.app import create_app

    create_app(svc).run()


def _offer_sample(svc: FactcheckService) -> bool:
    """Empty database, no paths: offer to import ./claims if it is there."""
    if not SAMPLE_FOLDER.is_dir() or not sys.stdin.isatty():
        return False
    if not typer.confirm(f"The database is empty. Import the claim lists in {SAMPLE_FOLDER}/ "
                         "now?", default=True):
        return False
    report = run_import(svc, [SAMPLE_FOLDER])
    return not report.errors and svc.count_claims() > 0
