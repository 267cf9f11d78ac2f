"""Migrations on every backend (SQLite and, with FACTCHECK_TEST_POSTGRES, PostgreSQL): each
revision in turn keeps the rows, the models agree with the migrations, an upgrade in place
keeps every row, a failed one leaves the database as it was, a newer one is refused.

tests/test_migrations.py holds what is about the SQLite file (the release before migrations
is an SQLite file, backups beside it, the write lock)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import MetaData, select, update
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import FactcheckError
from factcheck.migrations import BASELINE, HEAD
from factcheck.models import Article, Claim, DuplicateLink, Source, Verdict
from factcheck.store import migrations as m
from factcheck.store import open_engine
from tests.conftest import FIXTURES
from tests.test_migrations import schema_differences

EXTRA = FIXTURES / "migrations_extra"
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def engine(workdir: Path, db_url: str) -> Iterator[Engine]:
    eng = open_engine(db_url)
    yield eng
    eng.dispose()


def snapshot(eng: Engine) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table's columns and rows in primary-key order, read by reflection."""
    meta = MetaData()
    meta.reflect(eng)
    out = {}
    with eng.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*order)).all()
            out[name] = ([c.name for c in table.columns], [tuple(r) for r in rows])
    return out


def at_revision(eng: Engine, revision: str) -> None:
    with eng.begin() as conn:
        config = m.alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def revision_of(eng: Engine) -> list[str]:
    with eng.connect() as conn:
        return [str(r) for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")
                .scalars()]


def fill_baseline(eng: Engine) -> None:
    """Rows in the baseline's tables, as a release at revision 0001 wrote them."""
    def insert(model: Any, rows: list[dict[str, Any]]) -> None:
        # Only the columns given: the model's later columns (with their defaults) do not exist
        # at the baseline.
        columns = model.__table__.c
        table = sa.table(model.__tablename__, *(sa.column(k, columns[k].type) for k in rows[0]))
        with eng.begin() as conn:
            conn.execute(table.insert(), rows)

    insert(Article, [{"id": 1, "ref": "a1", "title": "딥시크 이후", "url": "https://e.org/1",
                      "outlet": "AI타임스", "language": "ko", "published": date(2025, 3, 26),
                      "imported_at": WHEN},
                     {"id": 2, "ref": None, "title": "Wire", "url": None, "outlet": None,
                      "language": "en", "published": None, "imported_at": WHEN}])
    claim = {"speaker": None, "context": None, "language": None, "status": "unreviewed",
             "created_at": WHEN, "updated_at": WHEN, "version": 1}
    insert(Claim, [{**claim, "id": 1, "article_id": 1, "ref": "k1", "text": "엔비디아 주가",
                    "tags": ["주가", "probability:0.9"]},
                   {**claim, "id": 2, "article_id": 2, "ref": None, "text": "Nvidia fell.",
                    "tags": None, "status": "reviewed", "version": 2}])
    insert(Verdict, [{"id": 1, "claim_id": 2, "rating": "false", "rationale": "no",
                      "reviewer": "kim", "created_at": WHEN, "reused_from_claim_id": None,
                      "undoes_verdict_id": None}])
    insert(Source, [{"id": 1, "claim_id": 2, "url": "https://e.org/s", "stance": "refutes",
                     "added_by": "kim", "added_at": WHEN}])
    insert(DuplicateLink, [{"id": 1, "claim_a_id": 1, "claim_b_id": 2, "score": 0.8,
                            "level": "suggested", "status": "open", "created_at": WHEN,
                            "differences": ["entity: a vs b"]}])


def test_models_and_migrations_agree(engine: Engine) -> None:
    """What CI runs instead of `alembic check`, on each backend."""
    m.prepare_database(engine)
    assert schema_differences(engine) == []
    assert revision_of(engine) == [HEAD]


def test_each_revision_upgrades_keeping_the_rows_and_downgrades(engine: Engine) -> None:
    at_revision(engine, BASELINE)
    fill_baseline(engine)
    before = snapshot(engine)

    outcome = m.prepare_database(engine)
    assert outcome is not None
    assert (outcome.from_revision, outcome.to_revision) == (BASELINE, HEAD)
    if engine.dialect.name != "sqlite":
        assert outcome.backup is None and "backup" not in outcome.describe()
        password = engine.url.password
        assert not password or str(password) not in outcome.describe()
    after = snapshot(engine)
    del before["alembic_version"]
    for name, (columns, rows) in before.items():
        # Every row and value is kept; later revisions may add columns beside them.
        at = [after[name][0].index(c) for c in columns]
        assert [tuple(r[i] for i in at) for r in after[name][1]] == rows, name
    assert {"matchpending", "claimembedding"} <= set(after)
    claim_columns, claim_rows = after["claim"]
    # A claim loaded before the upgrade is as strict for a verdict as before it (0004).
    assert [r[claim_columns.index("review_version")] for r in claim_rows] == [
        r[claim_columns.index("version")] for r in claim_rows]
    # 0007: as strict for accepting or discarding as before; nobody is made up as importer.
    assert [r[claim_columns.index("status_version")] for r in claim_rows] == [
        r[claim_columns.index("version")] for r in claim_rows]
    assert {r[claim_columns.index("imported_by")] for r in claim_rows} == {None}
    article_columns, article_rows = after["article"]
    assert {r[article_columns.index("imported_by")] for r in article_rows} == {None}
    assert after["claim"][1][0][columns_index(after["claim"][0], "tags")] == [
        "주가", "probability:0.9"]
    created = after["claim"][1][0][columns_index(after["claim"][0], "created_at")]
    assert (created if created.tzinfo else created.replace(tzinfo=UTC)) == WHEN  # SQLite: naive
    assert schema_differences(engine) == []

    with engine.begin() as conn:  # and back down, and up again, on the same database
        config = m.alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, BASELINE)
        command.upgrade(config, "head")
    assert revision_of(engine) == [HEAD]


def columns_index(columns: list[str], name: str) -> int:
    return columns.index(name)


def test_an_upgrade_in_place_keeps_every_row(engine: Engine, runner: CliRunner) -> None:
    assert run(runner, "import", "claims/")[0] == 0
    assert run(runner, "verdict", "1", "false", "--rationale", "no")[0] == 0
    before = snapshot(engine)

    outcome = m.prepare_database(engine, version_locations=[EXTRA / "adds_column_in_place"])
    assert outcome is not None
    assert (outcome.from_revision, outcome.to_revision) == (HEAD, "test_adds_column_in_place")
    after = snapshot(engine)
    del before["alembic_version"]
    for name, (columns, rows) in before.items():
        if name == "claim":
            at = [after[name][0].index(c) for c in columns]
            assert [tuple(r[i] for i in at) for r in after[name][1]] == rows
            assert "checked_by" in after[name][0]
        else:
            assert after[name] == (columns, rows), name
    assert revision_of(engine) == ["test_adds_column_in_place"]
    assert m.prepare_database(engine, version_locations=[EXTRA / "adds_column_in_place"]) \
        is None


def test_a_failed_upgrade_leaves_the_database_as_it_was(engine: Engine,
                                                        runner: CliRunner) -> None:
    assert run(runner, "import", "claims/")[0] == 0
    assert run(runner, "verdict", "1", "false")[0] == 0
    before = snapshot(engine)

    with pytest.raises(FactcheckError) as caught:
        m.prepare_database(engine, version_locations=[EXTRA / "fails_after_changes"])
    message = caught.value.message
    assert message.startswith(f"cannot upgrade database {engine.url.render_as_string()} "
                              f"from revision {HEAD} to revision test_fails_after_changes: ")
    assert "no_such_column" in message and "\n" not in message
    assert "it was left as it was" in message
    assert snapshot(engine) == before
    assert m.prepare_database(engine) is None  # this code still opens it


def test_a_database_from_a_newer_factcheck_is_refused_untouched(
        engine: Engine, runner: CliRunner) -> None:
    assert run(runner, "import", "claims/")[0] == 0
    version = MetaData()
    version.reflect(engine, only=["alembic_version"])
    with engine.begin() as conn:
        conn.execute(update(version.tables["alembic_version"]).values(version_num="f00d9999"))
    before = snapshot(engine)
    code, out, err = run(runner, "claims", "list")
    assert code == 1 and out == ""
    assert err.startswith("error: cannot open database ")
    assert err.endswith(f": made by a newer factcheck: revision f00d9999; this one knows up "
                        f"to {HEAD}\n")
    assert snapshot(engine) == before
    code, out, _ = run(runner, "db", "status", "--json")
    assert code == 0 and json.loads(out)["state"] == "newer"


def test_db_status_and_backup_name_the_database_without_its_password(
        engine: Engine, runner: CliRunner, backend: str) -> None:
    assert run(runner, "import", "claims/")[0] == 0
    code, out, _ = run(runner, "db", "status", "--json")
    status = json.loads(out)
    assert code == 0 and status["state"] == "head" and status["current_revision"] == HEAD
    assert status["row_counts"]["claim"] == 24
    password = engine.url.password
    if password:
        assert str(password) not in out and "***" in status["url"]
    if backend == "postgresql":
        code, _, err = run(runner, "db", "backup")
        assert code == 1 and "pg_dump" in err
        assert not password or str(password) not in err


def test_opening_a_database_at_head_imports_no_alembic(workdir: Path, db_url: str,
                                                       runner: CliRunner) -> None:
    """Start-up on any backend: one query for the revision, alembic only to change one."""
    assert run(runner, "db", "upgrade")[0] == 0
    code = ("import sys; from factcheck.config import Settings;"
            "from factcheck.services import FactcheckService;"
            f"svc = FactcheckService(Settings.load(db={db_url!r}));"
            "print(svc.upgrade, 'alembic' in sys.modules); svc.close()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["None", "False"]


def test_the_index_clock_revision_keeps_every_form_and_vector(engine: Engine,
                                                               db_url: str) -> None:
    """0006 adds the clock and its stamps: the stored forms and vectors are kept, stamped 0
    (an index built from the rows holds them all), and the next write is stamped 1."""
    from factcheck.config import Settings
    from factcheck.services import FactcheckService
    from factcheck.services.index import _stored_forms_batch, engine_version

    at_revision(engine, "0004")
    fill_baseline(engine)
    [norm] = _stored_forms_batch([(2, "Nvidia fell.", "en", None, False)])
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO claimnorm (claim_id, norm, text_hash, engine, created_at) "
            "VALUES (2, :norm, 'h', :engine, :when)"),
            {"norm": norm, "engine": engine_version(), "when": WHEN})
        conn.execute(sa.text(
            "INSERT INTO claimembedding (id, claim_id, encoder, text_hash, vector, created_at)"
            " VALUES (7, 1, 'enc', 'h', :vector, :when)"), {"vector": b"\x01\x02", "when": WHEN})
    before = snapshot(engine)
    assert m.prepare_database(engine) is not None
    after = snapshot(engine)
    for name in ("claimnorm", "claimembedding"):
        columns, rows = before[name]
        at = [after[name][0].index(c) for c in columns]
        assert [tuple(r[i] for i in at) for r in after[name][1]] == rows, name
        assert [r[after[name][0].index("seq")] for r in after[name][1]] == [0], name
    assert after["indexclock"][1] == [(1, 0)]
    assert after["storedindex"][1] == [] and after["storedindexpart"][1] == []
    assert schema_differences(engine) == []

    svc = FactcheckService(Settings.load(db=db_url, reviewer="tester"))
    try:
        svc.match_index.load()  # builds from the rows: claim 1 gets its form now
        assert svc.match_index.claim_ids() == [1, 2]
        assert svc.match_index.seen == 1  # claim 1's form: the first write after 0006
    finally:
        svc.close()
