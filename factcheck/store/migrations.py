"""The schema's version: alembic migrations run on open, backups, and the database's status.

Every command calls `prepare_database` once, right after the engine is made:

- a database at head costs one query (its revision against `factcheck.migrations.HEAD`), and
  alembic is not even imported;
- an empty database gets the schema by running every migration;
- a database from the release before migrations (today's tables, no `alembic_version`) is
  stamped as the baseline revision, whose tables it has (an older release's database gets
  those it lacks, as that release did on open), and one at an older revision is upgraded,
  both in place: an SQLite file is first backed up beside itself
  (`<file>.backup-<revision>-<timestamp>`, SQLite's online backup API) and the upgrade runs
  in one transaction, under the write lock, with the revision read again inside it (two
  processes opening an old file at once make one backup and one upgrade). A failed upgrade
  is rolled back, so the file is as it was;
- a database at a revision this code does not know (a newer factcheck's) is refused.

Nothing here is SQLite-only outside the backup and the `_sqlite` branches.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from factcheck import migrations as _package
from factcheck.errors import FactcheckError
from factcheck.store import SQLITE_BUSY_TIMEOUT_MS, WRITE_OPTION, _shown
from factcheck.store.conflicts import MIGRATION_LOCK_KEY, advisory_lock

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

__all__ = ["DatabaseStatus", "UpgradeOutcome", "backup_database",
           "database_status", "head_revision", "prepare_database", "upgrade_database"]

MIGRATIONS_DIR = Path(_package.__file__).resolve().parent
VERSION_TABLE = "alembic_version"
# The tables of the baseline revision: a database without alembic_version that has any of
# them was made by a release before migrations; one with none of them is new.
BASELINE_TABLES = frozenset({"article", "claim", "claimchange", "claimnorm", "duplicatelink",
                             "formchange", "matchstate", "source", "verdict"})
# How long a process waits for another one's upgrade (backup included) of the same file.
MIGRATION_LOCK_WAIT_MS = 300_000

VersionLocations = Sequence[str | os.PathLike[str]] | None


@dataclass(frozen=True)
class UpgradeOutcome:
    """What `prepare_database` did to an existing database (an empty one being given the
    schema is not an upgrade: that returns None)."""

    from_revision: str | None  # None: the release before migrations (no alembic_version)
    to_revision: str
    backup: Path | None  # None for a database that is not an SQLite file
    database: str = "the database"  # the file, or the URL without its password

    def describe(self) -> str:
        """The one line a command prints after opening an upgraded database."""
        start = ("the release before migrations" if self.from_revision is None
                 else f"revision {self.from_revision}")
        line = f"upgraded {self.database} from {start} to revision {self.to_revision}"
        return line + (f" (backup: {self.backup})" if self.backup else "")


@dataclass(frozen=True)
class DatabaseStatus:
    url: str  # without its password
    current_revision: str | None  # None: empty, or made by the release before migrations
    head_revision: str
    state: str  # "head" | "behind" | "legacy" | "empty" | "newer"
    row_counts: dict[str, int] = field(default_factory=dict)
    # Claims whose work is unfinished, by kind (filled in by the services at head)
    pending: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        found = {"url": self.url, "current_revision": self.current_revision,
                 "head_revision": self.head_revision, "state": self.state,
                 "row_counts": dict(self.row_counts)}
        return {**found, "pending": dict(self.pending)} if self.pending else found


# ---------------------------------------------------------------------------- alembic set-up


def alembic_config(version_locations: VersionLocations = None) -> Config:
    """The alembic configuration, built in code: it works from an installed package.

    `version_locations` adds folders of revisions after the package's own (tests use it)."""
    from alembic.config import Config

    config = Config()
    locations = [MIGRATIONS_DIR / "versions", *(Path(p) for p in version_locations or ())]
    config.set_main_option("script_location", _ini_value(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations",
                           os.pathsep.join(_ini_value(p) for p in locations))
    return config


def _ini_value(path: Path) -> str:
    return str(path).replace("%", "%%")  # Config interpolates %(name)s


@lru_cache(maxsize=8)
def _script(version_locations: tuple[str, ...] = ()) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(version_locations))


def _locations_key(version_locations: VersionLocations) -> tuple[str, ...]:
    return tuple(str(Path(p).resolve()) for p in version_locations or ())


def head_revision(version_locations: VersionLocations = None) -> str:
    """The newest revision this code knows."""
    head = _script(_locations_key(version_locations)).get_current_head()
    assert head is not None, "factcheck/migrations/versions has no revision"
    return head


def _known_revisions(script: ScriptDirectory) -> set[str]:
    return {s.revision for s in script.walk_revisions()}


# ---------------------------------------------------------------------------- open


def prepare_database(engine: Engine, *,
                     version_locations: VersionLocations = None) -> UpgradeOutcome | None:
    """Bring the database to head; see the module docstring. Returns what was upgraded, or
    None when nothing was (at head already, or an empty database given the schema)."""
    quick = _quick_revision(engine)
    if not version_locations and quick == _package.HEAD:
        return None
    return _prepare(engine, _locations_key(version_locations), quick)[0]


def upgrade_database(engine: Engine, *, version_locations: VersionLocations = None) -> str:
    """`prepare_database` on request (`factcheck db upgrade`): the line saying what it did."""
    locations = _locations_key(version_locations)
    outcome, created = _prepare(engine, locations, _quick_revision(engine))
    if outcome is not None:
        return outcome.describe()
    head = head_revision(version_locations)
    if created:
        return f"created {_display_name(engine)} at revision {head}"
    return f"{_display_name(engine)} is at head already (revision {head})"


def _quick_revision(engine: Engine) -> str | None:
    """The revision in one query; None when it cannot be read that simply (no version table,
    not a database, ...): the careful path finds out which."""
    try:
        with engine.connect() as conn:
            value = conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar()
    except SQLAlchemyError:
        return None
    return None if value is None else str(value)


@dataclass(frozen=True)
class _State:
    tables: frozenset[str]
    revisions: tuple[str, ...]  # what alembic_version holds (one row: history is linear)

    @property
    def current(self) -> str | None:
        return self.revisions[0] if self.revisions else None

    @property
    def empty(self) -> bool:
        """No revision and none of factcheck's tables: a new database."""
        return not self.revisions and not self.tables & BASELINE_TABLES

    @property
    def legacy(self) -> bool:
        """Made by the release before migrations: its tables, no revision."""
        return not self.revisions and not self.empty


def _read_state(conn: Connection) -> _State:
    tables = frozenset(inspect(conn).get_table_names())
    revisions: tuple[str, ...] = ()
    if VERSION_TABLE in tables:
        rows = conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalars()
        revisions = tuple(sorted(str(r) for r in rows))
    return _State(tables, revisions)


def _check_known(state: _State, script: ScriptDirectory, head: str, shown: str) -> None:
    unknown = [r for r in state.revisions if r not in _known_revisions(script)]
    if unknown:
        raise FactcheckError(f"cannot open database {shown}: made by a newer factcheck: "
                             f"revision {', '.join(unknown)}; this one knows up to {head}")
    if len(state.revisions) > 1:
        raise FactcheckError(f"cannot open database {shown}: it is at several revisions at "
                             f"once ({', '.join(state.revisions)}); expected one")


def _prepare(engine: Engine, locations: tuple[str, ...],
             quick: str | None) -> tuple[UpgradeOutcome | None, bool]:
    """What was upgraded (None: nothing), and whether the schema was created. `quick` is the
    revision read without the lock: a newer one is refused at once, without waiting for it."""
    shown = _shown(engine.url)
    head = head_revision(locations)
    if quick is not None:
        _check_known(_State(frozenset({VERSION_TABLE}), (quick,)), _script(locations), head,
                     shown)
    with _opening(shown), _migration_lock(engine) as conn:
        # Read again under the lock: another process may have upgraded it meanwhile.
        state = _read_state(conn)
        _check_known(state, _script(locations), head, shown)
        if state.current == head:
            return None, False
        if state.empty:
            _run(conn, locations, state, shown=shown, backup=None, head=head)
            return None, True
        backup = None
        if _sqlite_file(engine) is not None:
            # Read through another connection: this one holds the write lock, and SQLite's
            # backup would wait for it forever. Others read on (WAL); none can write.
            source = engine.raw_connection()
            try:
                backup = _backup_to(source.driver_connection,
                                    _backup_path(engine, state.current or "legacy"), shown)
            finally:
                source.close()
        _run(conn, locations, state, shown=shown, backup=backup, head=head)
        return UpgradeOutcome(from_revision=state.current, to_revision=head, backup=backup,
                              database=_display_name(engine)), False


@contextmanager
def _opening(shown: str) -> Iterator[None]:
    """Any database error while opening is the one-line `cannot open database` error."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise FactcheckError(f"cannot open database {shown}: {_reason(exc)}") from exc


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection inside one transaction that holds the write lock, committed at the end
    of the block and rolled back on any error.

    On SQLite: BEGIN IMMEDIATE, waiting up to MIGRATION_LOCK_WAIT_MS for another process's
    upgrade (backup included), and foreign keys off while tables are rebuilt (batch mode drops
    and recreates a table that others refer to; `_run` checks the references before commit).
    SQLite's DDL is transactional, so a failed upgrade leaves nothing behind.

    On PostgreSQL: a transaction-level advisory lock (MIGRATION_LOCK_KEY), taken first, so
    that processes opening a new or older database at once wait for each other's migration
    (their CREATE TABLEs would otherwise collide) and then read the revision it left.
    PostgreSQL's DDL is transactional too, and the lock ends with the transaction."""
    with engine.connect() as conn:
        raw: Any = conn.connection.dbapi_connection if _sqlite(engine) else None
        if raw is not None:
            # These PRAGMAs take effect only outside a transaction: on the driver's connection.
            raw.execute("PRAGMA foreign_keys=OFF")
            raw.execute(f"PRAGMA busy_timeout={MIGRATION_LOCK_WAIT_MS}")
        try:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                if raw is not None:
                    raw.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
                advisory_lock(conn, [MIGRATION_LOCK_KEY])
                yield conn
        finally:
            if raw is not None:
                with suppress(sqlite3.Error):
                    raw.execute("PRAGMA foreign_keys=ON")
                    raw.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def _run(conn: Connection, locations: tuple[str, ...], state: _State, *, shown: str,
         backup: Path | None, head: str) -> None:
    """Upgrade to head inside the caller's transaction (alembic joins it). A legacy database
    starts from no revision like an empty one: the baseline makes only the tables it lacks
    (none, for one from the release before migrations), so it is in effect stamped.

    An error is re-raised as one line saying the database was left as it was: the caller's
    transaction is rolled back as the error leaves it."""
    from alembic import command

    config = alembic_config(locations)
    config.attributes["connection"] = conn
    check_references = conn.dialect.name == "sqlite" and not state.empty
    try:
        broken_before = _foreign_key_problems(conn) if check_references else 0
        command.upgrade(config, "head")
        if check_references and _foreign_key_problems(conn) > broken_before:
            raise FactcheckError("it left references to rows that do not exist")
    except Exception as exc:
        if state.empty:
            raise  # a new database: nothing to keep, the plain error says enough
        start = ("the release before migrations" if state.legacy
                 else f"revision {state.current}")
        reason = exc.message if isinstance(exc, FactcheckError) else _reason(exc)
        kept = f" (backup: {backup})" if backup else ""
        raise FactcheckError(f"cannot upgrade database {shown} from {start} to revision "
                             f"{head}: {reason}; it was left as it was{kept}") from exc


def _foreign_key_problems(conn: Connection) -> int:
    return len(conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall())


# ---------------------------------------------------------------------------- status


def database_status(engine: Engine, *,
                    version_locations: VersionLocations = None) -> DatabaseStatus:
    """Where the database is, its revision and head, and the rows of each of its tables.
    Reads only: an older database is not upgraded, a newer one is reported, not refused."""
    locations = _locations_key(version_locations)
    shown = _shown(engine.url)
    _refuse_missing_file(engine)
    with _opening(shown), engine.connect() as conn:
        state = _read_state(conn)
        counts = {name: int(conn.execute(select(func.count()).select_from(table(name)))
                            .scalar_one())
                  for name in sorted(state.tables - {VERSION_TABLE})}
    head = head_revision(locations)
    if state.current == head:
        condition = "head"
    elif state.empty:
        condition = "empty"
    elif state.legacy:
        condition = "legacy"
    elif any(r not in _known_revisions(_script(locations)) for r in state.revisions):
        condition = "newer"
    else:
        condition = "behind"
    return DatabaseStatus(url=shown, current_revision=state.current, head_revision=head,
                          state=condition, row_counts=counts)


# ---------------------------------------------------------------------------- backup


def backup_database(engine: Engine, out: Path | None = None) -> Path:
    """Copy an SQLite database with the online backup API (other processes may keep working)
    to `out`, else beside it as `<file>.backup-<revision>-<timestamp>`. Returns the path."""
    shown = _shown(engine.url)
    if not _sqlite(engine):
        raise FactcheckError(f"cannot back up {shown}: only SQLite files are backed up here; "
                             f"use the database's own tools (pg_dump for PostgreSQL)")
    if out is None and _sqlite_file(engine) is None:
        raise FactcheckError(f"cannot back up {shown}: an in-memory database has no file to "
                             f"back up beside; give --out")
    _refuse_missing_file(engine)
    if out is not None and out.exists():
        raise FactcheckError(f"cannot back up {shown} to {out}: it exists already")
    with _opening(shown), engine.connect() as conn:
        if out is None:
            state = _read_state(conn)
            out = _backup_path(engine, state.current or ("empty" if state.empty else "legacy"))
        return _backup_to(conn.connection.driver_connection, out, shown)


def _backup_to(source: Any, out: Path, shown: str) -> Path:
    """Copy the database of the driver connection `source` (not one inside a write
    transaction) to `out`, through a partial file so that `out` is only ever a whole copy."""
    partial = out.with_name(out.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        with closing(sqlite3.connect(partial)) as target:
            source.backup(target)
        os.replace(partial, out)
    except (OSError, sqlite3.Error) as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FactcheckError(f"cannot back up {shown} to {out}: {reason}") from exc
    return out


def _backup_path(engine: Engine, revision: str) -> Path:
    database = _sqlite_file(engine)
    assert database is not None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # local time: the name is for people
    path = database.with_name(f"{database.name}.backup-{revision}-{stamp}")
    n = 1
    while path.exists() or path.with_name(path.name + ".partial").exists():
        n += 1
        path = database.with_name(f"{database.name}.backup-{revision}-{stamp}-{n}")
    return path


def _refuse_missing_file(engine: Engine) -> None:
    """Reading commands do not create an SQLite file by connecting to it."""
    path = _sqlite_file(engine)
    if path is not None and not path.exists():
        raise FactcheckError(f"no database at {path}")


def _sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_file(engine: Engine) -> Path | None:
    """The file of an SQLite database, as given (relative stays relative); None otherwise."""
    database = engine.url.database if _sqlite(engine) else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _display_name(engine: Engine) -> str:
    path = _sqlite_file(engine)
    return str(path) if path is not None else _shown(engine.url)
