"""The database itself (`factcheck db ...`): its status, an explicit upgrade, a backup.

Each call opens the database, does one thing and closes it. Status and backup only read: they
do not upgrade an older database, and refuse a file that does not exist rather than create it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from sqlalchemy.engine import Engine

from factcheck.store import embeddings as vectors_db
from factcheck.store import links as links_db
from factcheck.store import migrations as m
from factcheck.store import open_engine, unit_of_work
from factcheck.store.migrations import DatabaseStatus

__all__ = ["DatabaseStatus", "backup", "status", "upgrade"]


@contextmanager
def _engine(db_url: str) -> Iterator[Engine]:
    engine = open_engine(db_url)
    try:
        yield engine
    finally:
        engine.dispose()


def status(db_url: str, encoder_setting: str = "use") -> DatabaseStatus:
    """Revision and rows; at head also the claims still waiting for duplicate matching
    (`pending_matching`: cut short by a killed import, or stored with matching off) and for
    a sentence vector from the configured encoder (none counted when it is off)."""
    from factcheck.match.encoder import EncoderUnavailable, encoder_for

    with _engine(db_url) as engine:
        found = m.database_status(engine)
        if found.state != "head":
            return found
        with unit_of_work(engine) as session:
            cut_short, without_form = links_db.unmatched_counts(session=session)
            pending = {"matching cut short": cut_short,
                       "not normalised (matching off)": without_form}
            try:
                encoder = encoder_for(encoder_setting)
            except EncoderUnavailable:
                encoder = None
            if encoder is not None:
                pending["without a sentence vector"] = vectors_db.waiting_count(
                    session=session, encoder=encoder.id)
        return replace(found, pending=pending)


def upgrade(db_url: str) -> str:
    """Create, stamp or upgrade the database to head; the line saying which."""
    with _engine(db_url) as engine:
        return m.upgrade_database(engine)


def backup(db_url: str, out: Path | None = None) -> Path:
    with _engine(db_url) as engine:
        return m.backup_database(engine, out)
