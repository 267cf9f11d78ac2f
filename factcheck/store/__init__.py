"""The one engine and the Session factory; the only place that knows SQLite pragmas."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlmodel import Session, create_engine

from factcheck import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from factcheck.config import engine_url
from factcheck.errors import FactcheckError

SQLITE_BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "factcheck_write"


def make_engine(url: str) -> Engine:
    """Create the engine; for SQLite, WAL and a busy timeout let two processes share one file."""
    url = engine_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False,
                                                  "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" event below issue BEGIN instead of the driver.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            # A write transaction takes the write lock up front (waiting up to the busy
            # timeout). A deferred one that reads first and then writes fails at once with
            # "database is locked" when another process committed in between.
            write = connection.get_execution_options().get(WRITE_OPTION)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def db_error_reason(exc: SQLAlchemyError) -> str:
    """The driver's own first line ("database is locked", "disk I/O error"), which says more
    than SQLAlchemy's wrapper around it; a unique key that another process stored first
    (a write that was not retried, or kept losing) is said in words."""
    constraint = _unique_violation(exc)
    if constraint is not None:
        return (f"another process stored the same {constraint} at the same time; nothing "
                "was saved, try again")
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]


def _unique_violation(exc: SQLAlchemyError) -> str | None:
    """What a unique-key error was about ("row" when the driver does not say), else None."""
    if not isinstance(exc, IntegrityError):
        return None
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) == "23505":  # PostgreSQL's unique_violation
        name = getattr(getattr(orig, "diag", None), "constraint_name", None)
        return f"row ({name})" if name else "row"
    prefix = "UNIQUE constraint failed: "  # SQLite's wording
    text = str(orig or "")
    return f"row ({text.removeprefix(prefix)})" if text.startswith(prefix) else None


def open_engine(url: str) -> Engine:
    """make_engine, with every way a --db value can be wrong (unknown scheme, missing driver)
    turned into one readable error. It creates no table: `migrations.prepare_database` gives
    the database its schema, or upgrades it, and says when a file is not a database."""
    try:
        engine = make_engine(url)
    except ArgumentError as exc:
        raise FactcheckError(f"cannot open database {_shown(url)}: expected a file path or "
                             f"an SQLAlchemy URL ({exc})") from exc
    except ModuleNotFoundError as exc:
        raise FactcheckError(f"cannot open database {_shown(url)}: its driver "
                             f"({exc.name}) is not installed") from exc
    return engine


def _shown(url: Any) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(str(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


@contextmanager
def unit_of_work(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """One Session per unit of work: committed when the block ends, rolled back on any error.

    `write=True` takes SQLite's write lock at the start of the transaction (see above)."""
    with Session(engine, expire_on_commit=False) as session:
        if write:
            session.connection(execution_options={WRITE_OPTION: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
