"""Alembic's environment: runs the revisions on a connection.

factcheck itself (factcheck.store.migrations) hands over its own connection, already inside
the transaction (and, on SQLite, the write lock) that the whole upgrade runs in. From the
`alembic` command line (a developer, with the top-level alembic.ini) the database is
`-x db=PATH_OR_URL`, else FACTCHECK_DB, else factcheck.db here, as for `factcheck --db`.
"""

from __future__ import annotations

from alembic import context

from factcheck.store.migrations import configure_context

config = context.config


def _database_url() -> str:
    from factcheck.config import database_url

    return database_url(context.get_x_argument(as_dictionary=True).get("db"))


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
        from factcheck.store import open_engine

        engine = open_engine(_database_url())
        try:
            with engine.connect() as connection:
                configure_context(context, connection=connection)
                with context.begin_transaction():
                    context.run_migrations()
                connection.commit()
        finally:
            engine.dispose()
