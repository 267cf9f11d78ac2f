"""The workspace: one database and the settings to work on it.

Every service takes the workspace and opens its units of work through `session()`, the one
place where a database failure becomes a readable FactcheckError. Services never reach into
each other's private parts; a service that needs another is handed it when it is made (see
`FactcheckService`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.store import db_error_reason, open_engine, unit_of_work
from factcheck.store.migrations import UpgradeOutcome, prepare_database


def file_beside_database(db_url: str, suffix: str) -> Path | None:
    """A file beside an SQLite database file (`factcheck.db` + suffix), for what can be
    rebuilt from it (the saved indexes); None for other databases and in-memory ones."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database \
            or url.database == ":memory:" or url.database.startswith("file:"):
        return None
    database = Path(url.database)
    return database.with_name(database.name + suffix)


class Workspace:
    """Owns the engine (one per process and database) and the settings read at start."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = open_engine(settings.db_url)
        # Creates the schema of a new database, or upgrades an older one in place (after a
        # backup); None when it was at head already. The CLI says what was upgraded.
        self.upgrade: UpgradeOutcome | None = prepare_database(self.engine)

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error.
        `write=True` takes SQLite's write lock up front, so two processes writing wait for
        each other instead of failing. Database failures (a locked file, a full disk) become
        one FactcheckError instead of a traceback."""
        try:
            with unit_of_work(self.engine, write=write) as session:
                yield session
        except SQLAlchemyError as exc:
            raise FactcheckError(f"database error: {db_error_reason(exc)}") from exc

    @property
    def team_database(self) -> bool:
        """Whether several reviewers share this database (config.is_team_database): the
        one question services and the CLI ask."""
        return self.settings.team_database

    def reviewer(self, given: str | None = None) -> str:
        """Who makes a change: the name given for it, else the workspace's reviewer. A
        change nobody is named for is refused (a review app still asking for the name)."""
        who = (given or "").strip() or self.settings.reviewer
        if not who:
            raise FactcheckError("no reviewer named yet: give your name first; nothing was "
                                 "changed")
        return who

    def file_beside_database(self, suffix: str) -> Path | None:
        """See `file_beside_database`."""
        return file_beside_database(self.settings.db_url, suffix)

    def close(self) -> None:
        self.engine.dispose()
