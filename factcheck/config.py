"""Settings read once from options and the environment."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

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


def import_limit_bytes() -> int:
    raw = os.environ.get("FACTCHECK_IMPORT_LIMIT_MB")
    if raw:
        try:
            return int(float(raw) * 1024 * 1024)
        except ValueError:
            pass
    return DEFAULT_IMPORT_LIMIT_BYTES


@dataclass(frozen=True)
class Settings:
    db_url: str
    reviewer: str
    import_limit_bytes: int = DEFAULT_IMPORT_LIMIT_BYTES
    exports_dir: Path = Path("exports")

    @classmethod
    def load(cls, db: str | None = None, reviewer: str | None = None,
             import_limit_mb: float | None = None) -> Settings:
        limit = (int(import_limit_mb * 1024 * 1024) if import_limit_mb is not None
                 else import_limit_bytes())
        return cls(db_url=database_url(db), reviewer=reviewer_name(reviewer),
                   import_limit_bytes=limit)
