"""The `factcheck` command line: parses options, calls the services layer, prints.

`base.py` holds the app and what every command shares; each `commands_*.py` module registers
its commands on it when imported here.

Start-up: `factcheck --help` and shell completion load only typer, rich and the vocabularies.
The services (and with them SQLAlchemy, SQLModel), kiwipiepy and Textual are imported inside
the commands that use them; tests/test_startup.py holds every command module to that.
"""

from __future__ import annotations

from factcheck.cli import (
    commands_assign,  # noqa: F401
    commands_basic,  # noqa: F401
    commands_claims,  # noqa: F401
    commands_config,  # noqa: F401
    commands_db,  # noqa: F401
    commands_extract,  # noqa: F401
    commands_matching,  # noqa: F401
    commands_review,  # noqa: F401
    commands_second_review,  # noqa: F401
    commands_serve,  # noqa: F401
    commands_sources,  # noqa: F401
    commands_stats,  # noqa: F401
)
from factcheck.cli.base import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="factcheck")
