"""`factcheck db ...`: the database's revision and row counts, an explicit upgrade, a backup.

Like every command module this imports nothing of the database stack at module level (the
services are imported inside the commands), so `factcheck --help` stays quick.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from factcheck.cli.base import app, stdout
from factcheck.text import safe_json

if TYPE_CHECKING:
    from factcheck.services.database import DatabaseStatus

db_app = typer.Typer(help="The database: revision and row counts, upgrade, backup.",
                     no_args_is_help=True)
app.add_typer(db_app, name="db")


def _db_url(ctx: typer.Context) -> str:
    from factcheck.config import database_url

    return database_url((ctx.find_root().obj or {}).get("db"))


_STATES = {
    "head": "head",
    "behind": "older than head: upgraded when a command opens it, or by `factcheck db upgrade`",
    "legacy": "made by the release before migrations: upgraded when a command opens it, or by "
              "`factcheck db upgrade`",
    "empty": "empty: the tables are made when a command opens it",
    "newer": "made by a newer factcheck: this one does not open it",
}


def _status_lines(st: DatabaseStatus) -> list[str]:
    lines = [f"database  {st.url}",
             f"revision  {st.current_revision or 'none'} ({_STATES.get(st.state, st.state)})",
             f"head      {st.head_revision}"]
    if st.row_counts:
        width = max(len(name) for name in st.row_counts)
        lines.append("rows")
        lines += [f"  {name:<{width}}  {count:>9,}" for name, count in st.row_counts.items()]
    if st.pending:
        lines.append("claims still waiting")
        width = max(len(name) for name in st.pending)
        lines += [f"  {name:<{width}}  {count:>9,}" for name, count in st.pending.items()]
        if any(st.pending.values()):
            lines.append("  (the next import finishes matching cut short; "
                         "`factcheck dupes --rescan` matches all; `factcheck embed` computes "
                         "missing vectors)")
    return lines


@db_app.command("status")
def db_status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Where the database is (no password shown), its revision and head, rows per table.

    Only reads: an older database is not upgraded by this command."""
    from factcheck.config import encoder_setting
    from factcheck.services import database

    st = database.status(_db_url(ctx), encoder_setting())
    if as_json:
        sys.stdout.write(safe_json(st.to_json()) + "\n")
        return
    for line in _status_lines(st):
        stdout.print(Text(line))


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Upgrade the database to head now (every command does it on open; this is for scripts).

    An SQLite file is backed up beside itself first; a failed upgrade leaves it as it was."""
    from factcheck.services import database

    stdout.print(Text(database.upgrade(_db_url(ctx))))


@db_app.command("backup")
def db_backup(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Where to write it [default: beside the database, "
                      "<file>.backup-<revision>-<timestamp>].")] = None,
) -> None:
    """Copy an SQLite database with SQLite's online backup (others may keep working)."""
    from factcheck.services import database

    path = database.backup(_db_url(ctx), out)
    stdout.print(Text(f"backed up to {path}"))
