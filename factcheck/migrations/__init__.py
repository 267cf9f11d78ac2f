"""The database's migrations (alembic): `env.py`, the revision template and `versions/`.

Every schema change is a revision here; `tests/test_migrations.py` fails when the models and
the migrations disagree. To add one, change the models, then::

    uv run alembic revision --autogenerate --rev-id 0002 -m "what changed"

read the generated file in `versions/` (autogenerate misses renames and data moves), and set
HEAD below to the new revision id.
"""

# The newest revision. Opening a database compares its revision with this constant, so that a
# database at head costs one query and no alembic import; a test checks it names the head of
# `versions/`.
HEAD = "0011"
BASELINE = "0001"  # the schema of the release before migrations (commit c7f1236)
