"""The workspace: one database and the settings to work on it.

Every service takes the workspace and opens its units of work through `session()`, the one
place where a database failure becomes a readable FactcheckError. Services never reach into
each other's private parts; a service that needs another is handed it when it is made (see
`FactcheckService`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.store import db_error_reason, open_engine, unit_of_work
from factcheck.store.conflicts import is_retryable
from factcheck.store.migrations import UpgradeOutcome, prepare_database

T = TypeVar("T")
# How many times a write unit of work runs when PostgreSQL keeps aborting it because another
# transaction got there first (each run sees more of the other's rows; two is nearly always
# enough).
WRITE_ATTEMPTS = 4


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

    def write_retrying(self, work: Callable[[Session], T]) -> T:
        """`work(session)` as one write unit of work, run again from the start when the
        database aborted it because a concurrent transaction stored the same unique key
        first, or deadlocked with it (see store.conflicts.is_retryable): the next run finds
        that transaction's rows. `work` must start from what it reads in its session (it may
        run more than once). Other failures, and the last attempt's, are one FactcheckError."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with unit_of_work(self.engine, write=True) as session:
                    return work(session)
            except SQLAlchemyError as exc:
                if attempt < WRITE_ATTEMPTS and is_retryable(exc):
                    continue
                raise FactcheckError(f"database error: {db_error_reason(exc)}") from exc
        raise AssertionError("unreachable: the last attempt returns or raises")

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

    def snapshots_in_database(self) -> bool:
        """Whether the matching index snapshots are stored in the database itself: for every
        database that is not SQLite (an SQLite file keeps them beside it; an in-memory one
        has no other process to share them with)."""
        return make_url(self.settings.db_url).get_backend_name() != "sqlite"

    def close(self) -> None:
        self.engine.dispose()
