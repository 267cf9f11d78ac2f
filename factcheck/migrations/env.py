"""Alembic's environment: runs the revisions on a connection.

This package imports nothing of factcheck's storage layer (factcheck.store runs it, one way).
factcheck itself (factcheck.store.migrations) hands over its own connection, already inside
the transaction (and, on SQLite, the write lock) that the whole upgrade runs in. From the
`alembic` command line (a developer, with the top-level alembic.ini) the database is
`-x db=PATH_OR_URL`, else FACTCHECK_DB, else factcheck.db here, as for `factcheck --db`.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, make_url
from sqlmodel import SQLModel

from factcheck import models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config


def configure_context(context: Any, *, connection: Connection | None = None,
                      url: str | None = None) -> None:
    """The one alembic configuration every run uses: batch mode on SQLite, which alters a
    table by copying it, and types compared by autogenerate."""
    dialect = (connection.dialect.name if connection is not None
               else make_url(str(url)).get_backend_name())
    context.configure(connection=connection, url=url, target_metadata=SQLModel.metadata,
                      render_as_batch=dialect == "sqlite", compare_type=True,
                      literal_binds=connection is None)


def _database_url() -> str:
    from factcheck.config import database_url, engine_url

    return engine_url(database_url(context.get_x_argument(as_dictionary=True).get("db")))


if context.is_offline_mode():
    configure_context(context, url=_database_url())
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = config.attributes.get("connection")
    if connection is not None:
        configure_context(context, connection=connection)
        with context.begin_transaction():
            context.run_migrations()
    else:
        # (a developer's `alembic` run: a plain engine is enough to read and alter a schema)
        engine = create_engine(_database_url())
        try:
            with engine.connect() as connection:
                configure_context(context, connection=connection)
                with context.begin_transaction():
                    context.run_migrations()
                connection.commit()
        finally:
            engine.dispose()
