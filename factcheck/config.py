"""Settings read once from options and the environment."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from factcheck.errors import FactcheckError
from factcheck.text import one_line

DEFAULT_DB_FILE = "factcheck.db"
DEFAULT_IMPORT_LIMIT_BYTES = 256 * 1024 * 1024
DEFAULT_FETCH_TIMEOUT = 10.0


def database_url(db: str | None = None) -> str:
    """A path or an SQLAlchemy URL from `--db`, else FACTCHECK_DB, else factcheck.db here."""
    value = db or os.environ.get("FACTCHECK_DB") or DEFAULT_DB_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


# The PostgreSQL driver factcheck declares (psycopg 3); a plain `postgresql://` URL would
# otherwise ask SQLAlchemy for psycopg2, which is not installed.
POSTGRES_DRIVER = "postgresql+psycopg"


def engine_url(url: str) -> str:
    """The URL as the engine is made from it: `postgresql://` (and `postgres://`, as libpq
    and many hosting services write it) go through psycopg 3; any other URL is as given."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in {"postgresql", "postgres"}:
        return f"{POSTGRES_DRIVER}://{rest}"
    return url


def is_team_database(db_url: str) -> bool:
    """Whether the database is a team database: one several reviewers share, where every
    change must name who made it. A PostgreSQL database is one (a server is there to be
    shared); an SQLite file is a reviewer's own, on a laptop."""
    scheme = db_url.partition("://")[0].split("+")[0].lower()
    return scheme in {"postgresql", "postgres"}


REVIEWER_MISSING = ("{db} is a team database: name the reviewer with --reviewer NAME or "
                    "FACTCHECK_REVIEWER=NAME (every change records who made it)")


def named_reviewer(name: str | None = None) -> str | None:
    """`--reviewer`, else FACTCHECK_REVIEWER; None when neither names one."""
    if name and name.strip():
        return name.strip()
    return os.environ.get("FACTCHECK_REVIEWER", "").strip() or None


def os_user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no passwd entry in some containers
        return "unknown"


def reviewer_name(name: str | None = None) -> str:
    """`--reviewer`, else FACTCHECK_REVIEWER, else the OS user name."""
    return named_reviewer(name) or os_user_name()


def import_limit_bytes(limit_mb: float | None = None) -> int:
    """`--max-mb`, else FACTCHECK_IMPORT_LIMIT_MB, else 256 MB; a limit must be positive."""
    source = "--max-mb"
    if limit_mb is None:
        raw = os.environ.get("FACTCHECK_IMPORT_LIMIT_MB", "").strip()
        if not raw:
            return DEFAULT_IMPORT_LIMIT_BYTES
        source = "FACTCHECK_IMPORT_LIMIT_MB"
        try:
            limit_mb = float(raw)
        except ValueError:
            raise FactcheckError(f'{source}="{raw}": expected a number of MB') from None
    if not limit_mb > 0:
        raise FactcheckError(f"{source}: expected a positive number of MB, got {limit_mb:g}")
    return max(int(limit_mb * 1024 * 1024), 1)


_OFF = {"off", "0", "false", "no"}


def switch_on(name: str) -> bool:
    """An on/off environment switch: on unless set to off, 0, false or no."""
    return os.environ.get(name, "on").strip().lower() not in _OFF


_ON = {"1", "on", "true", "yes"}


def switch_set(name: str) -> bool:
    """An opt-in environment switch: off unless set to 1, on, true or yes."""
    return os.environ.get(name, "").strip().lower() in _ON


def fetch_timeout_seconds() -> float:
    """FACTCHECK_FETCH_TIMEOUT (seconds), else 10 s; a timeout must be positive."""
    raw = os.environ.get("FACTCHECK_FETCH_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_FETCH_TIMEOUT
    try:
        timeout = float(raw)
    except ValueError:
        raise FactcheckError(f'FACTCHECK_FETCH_TIMEOUT="{one_line(raw, 20)}" is not a number '
                             "of seconds") from None
    if not timeout > 0:
        raise FactcheckError(f"FACTCHECK_FETCH_TIMEOUT: expected a number of seconds > 0, "
                             f"got {timeout:g}")
    return timeout


def encoder_setting() -> str:
    """FACTCHECK_ENCODER: "use" (the default), "off", or "sentence-transformers:MODEL"."""
    return os.environ.get("FACTCHECK_ENCODER", "").strip() or "use"


class ReviewerUse(Enum):
    """What a command does with the reviewer's name (see `Settings.load`)."""

    READ = "read"  # reads only: the name is never recorded
    CHANGE = "change"  # records changes: named on a team database
    ASK = "ask"  # the review app asks for the name when none is given


def shown_url(url: str) -> str:
    """A database URL as messages show it: without its password."""
    if "://" not in url:
        return url
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@dataclass(frozen=True)
class Settings:
    """Everything a command reads from its options and the environment, read once when the
    command starts; the services read these fields, never the environment."""

    db_url: str
    # Who makes the changes; None only in a review app that asks the reviewer's name first
    # (a `serve` browser session without a reviewer of its own), until it is given.
    reviewer: str | None
    import_limit_bytes: int = DEFAULT_IMPORT_LIMIT_BYTES
    exports_dir: Path = Path("exports")
    # Duplicate matching on import (FACTCHECK_MATCHING=off for bulk loads; `dupes --rescan`
    # catches up).
    matching: bool = True
    # Fetch a source as soon as it is added (FACTCHECK_CHECK_SOURCES=off for offline work).
    check_sources: bool = True
    # Seconds to wait for a source's server (FACTCHECK_FETCH_TIMEOUT).
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT
    # Also fetch URLs on loopback and private addresses (FACTCHECK_ALLOW_PRIVATE_URLS=1): an
    # intranet, a local test server. Off by default: a source URL is anyone's input.
    allow_private_urls: bool = False
    # The sentence encoder for matching by meaning (FACTCHECK_ENCODER): "use" (the bundled
    # multilingual USE), "off" (lexical evidence only) or "sentence-transformers:MODEL".
    encoder: str = "use"

    @property
    def team_database(self) -> bool:
        """See `is_team_database`."""
        return is_team_database(self.db_url)

    @classmethod
    def load(cls, db: str | None = None, reviewer: str | None = None,
             import_limit_mb: float | None = None,
             reviewer_use: ReviewerUse = ReviewerUse.READ) -> Settings:
        """`reviewer_use` says what the command does with the reviewer's name: a command that
        changes anything on a team database refuses to start unless it is named (--reviewer,
        FACTCHECK_REVIEWER); on an SQLite file the OS user name stands in."""
        url = database_url(db)
        who = named_reviewer(reviewer)
        if who is None and reviewer_use is ReviewerUse.ASK:
            pass  # the review app asks for it before any change
        elif who is None and reviewer_use is ReviewerUse.CHANGE and is_team_database(url):
            raise FactcheckError(REVIEWER_MISSING.format(db=shown_url(url)))
        elif who is None:
            who = os_user_name()
        return cls(db_url=url, reviewer=who,
                   import_limit_bytes=import_limit_bytes(import_limit_mb),
                   matching=switch_on("FACTCHECK_MATCHING"),
                   check_sources=switch_on("FACTCHECK_CHECK_SOURCES"),
                   fetch_timeout=fetch_timeout_seconds(),
                   allow_private_urls=switch_set("FACTCHECK_ALLOW_PRIVATE_URLS"),
                   encoder=encoder_setting())
