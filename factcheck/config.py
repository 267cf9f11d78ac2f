"""Settings read once from options and the environment."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import FactcheckError

DEFAULT_DB_FILE = "factcheck.db"
DEFAULT_IMPORT_LIMIT_BYTES = 256 * 1024 * 1024


def database_url(db: str | None = None) -> str:
    """A path or an SQLAlchemy URL from `--db`, else FACTCHECK_DB, else factcheck.db here."""
    value = db or os.environ.get("FACTCHECK_DB") or DEFAULT_DB_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def reviewer_name(name: str | None = None) -> str:
    """`--reviewer`, else FACTCHECK_REVIEWER, else the OS user name."""
    if name and name.strip():
        return name.strip()
    env = os.environ.get("FACTCHECK_REVIEWER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no passwd entry in some containers
        return "unknown"


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


@dataclass(frozen=True)
class Settings:
    db_url: str
    reviewer: str
    import_limit_bytes: int = DEFAULT_IMPORT_LIMIT_BYTES
    exports_dir: Path = Path("exports")

    @classmethod
    def load(cls, db: str | None = None, reviewer: str | None = None,
             import_limit_mb: float | None = None) -> Settings:
        return cls(db_url=database_url(db), reviewer=reviewer_name(reviewer),
                   import_limit_bytes=import_limit_bytes(import_limit_mb))
