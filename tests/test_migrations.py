"""Migrations: a database from the release before them is upgraded in place, keeping every
row; backups; newer and broken databases refused; models and migrations agree."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import FactcheckError
from factcheck.migrations import BASELINE, HEAD
from factcheck.store import migrations as m
from factcheck.store import open_engine
from tests.conftest import FIXTURES

# The release before migrations left SQLite files (tests/fixtures/legacy-c7f1236.sql), and
# these tests read the file itself (its dump, its backups, the write lock): SQLite only.
# tests/test_migrations_backends.py runs the migrations on every backend.
pytestmark = pytest.mark.sqlite_only("an SQLite file: legacy dump, backups beside it, locks")

LEGACY_SQL = FIXTURES / "legacy-c7f1236.sql"
EXTRA = FIXTURES / "migrations_extra"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def load_legacy(path: Path) -> Path:
    """A factcheck.db as the release before migrations left it (WAL mode, as it set)."""
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(LEGACY_SQL.read_text(encoding="utf-8"))
        conn.execute("PRAGMA journal_mode=WAL")
    return path


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def tables(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table's columns and rows (in rowid order), as stored."""
    with closing(sqlite3.connect(path)) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        result = {}
        for name in names:
            cursor = conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
            result[name] = ([d[0] for d in cursor.description], cursor.fetchall())
        return result


def only(columns: list[str], table: tuple[list[str], list[tuple[Any, ...]]]
         ) -> list[tuple[Any, ...]]:
    names, rows = table
    at = [names.index(c) for c in columns]
    return [tuple(row[i] for i in at) for row in rows]


def revisions(path: Path) -> list[str] | None:
    with closing(sqlite3.connect(path)) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
                            ).fetchone():
            return None
        return [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.backup-*"))


@pytest.fixture
def legacy(db_path: Path) -> Path:
    return load_legacy(db_path)


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    eng = open_engine(f"sqlite:///{db_path}")
    yield eng
    eng.dispose()


def schema_differences(eng: Engine) -> list[Any]:
    with eng.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


# ------------------------------------------------------------------ the revisions themselves


def test_head_constant_names_the_newest_revision() -> None:
    assert HEAD == m.head_revision(), (
        f"set HEAD in factcheck/migrations/__init__.py to {m.head_revision()}")
    script = m._script()
    assert script.get_revision(BASELINE).down_revision is None
    assert len(script.get_heads()) == 1


def test_the_baseline_is_exactly_the_schema_of_the_release_before_migrations(
        tmp_path: Path) -> None:
    """Tables, columns (type, null, default, key), indexes, unique and foreign keys of a
    new database at the baseline equal those of a database made by c7f1236."""
    fresh = tmp_path / "fresh.db"
    eng = open_engine(f"sqlite:///{fresh}")
    try:
        config = m.alembic_config()
        with eng.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, BASELINE)
    finally:
        eng.dispose()

    def shape(path: Path) -> dict[str, Any]:
        with closing(sqlite3.connect(path)) as conn:
            names = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT IN ('alembic_version') AND name NOT LIKE 'sqlite_%'")]
            out = {}
            for name in sorted(names):
                indexes = {}
                for _, index, unique, origin, partial in conn.execute(
                        f'PRAGMA index_list("{name}")'):
                    columns = [r[2] for r in conn.execute(f'PRAGMA index_info("{index}")')]
                    key = index if origin == "c" else f"{origin}:{','.join(columns)}"
                    indexes[key] = (unique, partial, columns)
                out[name] = {
                    "columns": conn.execute(f'PRAGMA table_info("{name}")').fetchall(),
                    "indexes": indexes,
                    "foreign_keys": sorted(r[2:] for r in conn.execute(
                        f'PRAGMA foreign_key_list("{name}")')),
                }
            return out

    assert shape(fresh) == shape(load_legacy(tmp_path / "legacy.db"))


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """What CI runs instead of `alembic check`: a change to the models needs a revision."""
    eng = open_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        m.prepare_database(eng)
        assert schema_differences(eng) == [], (
            "the models differ from the migrations: add a revision (factcheck/migrations/"
            "__init__.py says how)")
    finally:
        eng.dispose()


# ------------------------------------------------------------------ the release before


def test_a_legacy_database_is_upgraded_in_place_keeping_every_row(
        legacy: Path, runner: CliRunner) -> None:
    before_tables = tables(legacy)
    before_dump = dump(legacy)
    assert revisions(legacy) is None

    code, out, err = run(runner, "claims", "list", "--json")
    assert code == 0, err
    (backup,) = backups(legacy.parent)
    assert backup.name.startswith("factcheck.db.backup-legacy-")
    assert err == (f"upgraded factcheck.db from the release before migrations to revision "
                   f"{HEAD} (backup: {backup.name})\n")

    after = tables(legacy)
    for name, (columns, rows) in before_tables.items():
        assert only(columns, after[name]) == rows, name
    # (and the tables the revisions since the baseline add)
    assert set(after) == set(before_tables) | {"alembic_version", "matchpending",
                                               "claimembedding", "indexclock",
                                               "storedindex", "storedindexpart", "desksetting",
                                               "earlierreview", "earlierreviewchange",
                                               "verdictreview", "assignment"}
    assert revisions(legacy) == [HEAD]
    assert dump(backup) == before_dump
    # 0004: a claim's last verdict-or-text change is taken to be its newest change.
    with closing(sqlite3.connect(legacy)) as upgraded:
        assert upgraded.execute("SELECT COUNT(*) FROM claim WHERE review_version <> version "
                                "OR review_version IS NULL").fetchone() == (0,)
        # 0007: likewise status_version; who imported the old rows is not known, not made up.
        assert upgraded.execute("SELECT COUNT(*) FROM claim WHERE status_version <> version "
                                "OR imported_by IS NOT NULL").fetchone() == (0,)

    # Every claim, with its verdict (the newest entry of its history) and its sources.
    records = {r["id"]: r for r in json.loads(out)}
    with closing(sqlite3.connect(backup)) as old:
        claim_ids = [r[0] for r in old.execute("SELECT id FROM claim ORDER BY id")]
        assert sorted(records) == claim_ids and len(claim_ids) == 28
        for claim_id in claim_ids:
            newest = old.execute("SELECT rating FROM verdict WHERE claim_id = ? "
                                 "ORDER BY id DESC LIMIT 1", (claim_id,)).fetchone()
            assert records[claim_id]["verdict"] == (newest[0] if newest else None), claim_id
            sources = old.execute(
                "SELECT url, stance, http_status, final_url, title FROM source "
                "WHERE claim_id = ? AND retracted_at IS NULL ORDER BY id", (claim_id,)).fetchall()
            assert [(s["url"], s["stance"], s["http_status"], s["final_url"], s["title"])
                    for s in records[claim_id]["sources"]] == sources, claim_id
    assert {r["verdict"] for r in records.values()} >= {"false", "true", "misleading"}
    assert any(s["dead"] for r in records.values() for s in r["sources"])

    # Opened again: nothing to do, no second backup, no line.
    code, out2, err = run(runner, "claims", "list", "--json")
    assert (code, err, out2) == (0, "", out)
    assert backups(legacy.parent) == [backup]

    code, out, _ = run(runner, "db", "status", "--json")
    assert code == 0
    status = json.loads(out)
    assert (status["current_revision"], status["head_revision"], status["state"]) == (
        HEAD, HEAD, "head")
    assert status["row_counts"]["claim"] == 28


def test_a_database_of_an_older_release_gets_the_tables_it_lacks(legacy: Path,
                                                                 engine: Engine) -> None:
    """What create_all did when that release opened it: the tables added since are made."""
    with closing(sqlite3.connect(legacy)) as conn, conn:
        for name in ("formchange", "matchstate", "claimchange"):
            conn.execute(f"DROP TABLE {name}")
    before = tables(legacy)
    outcome = m.prepare_database(engine)
    assert outcome is not None and outcome.from_revision is None
    after = tables(legacy)
    for name, (columns, rows) in before.items():
        assert only(columns, after[name]) == rows, name
    assert {"formchange", "matchstate", "claimchange"} <= set(after)
    assert revisions(legacy) == [HEAD]
    assert schema_differences(engine) == []


def test_an_upgraded_legacy_database_matches_the_models(legacy: Path, engine: Engine) -> None:
    assert m.prepare_database(engine) is not None
    assert schema_differences(engine) == []


def test_two_openers_of_a_legacy_file_upgrade_it_once(
        legacy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two engines at once, as two processes have (SQLite locks connections alike within a
    process and across processes): the first holds the write lock while it backs up and
    upgrades; the second waits for it, reads the revision again and finds nothing to do."""
    slow_backup = m._backup_to

    def slower(*args: Any) -> Path:
        time.sleep(0.5)  # the other one arrives meanwhile
        return slow_backup(*args)

    monkeypatch.setattr(m, "_backup_to", slower)
    start = threading.Barrier(2)
    outcomes: list[m.UpgradeOutcome | None] = []
    errors: list[BaseException] = []

    def open_it() -> None:
        eng = open_engine(f"sqlite:///{legacy}")
        try:
            start.wait()
            outcomes.append(m.prepare_database(eng))
        except BaseException as exc:  # noqa: B036 (reported below)
            errors.append(exc)
        finally:
            eng.dispose()

    threads = [threading.Thread(target=open_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(o is None for o in outcomes) == [False, True]
    assert len(backups(legacy.parent)) == 1
    assert revisions(legacy) == [HEAD]


# ------------------------------------------------------------------ older revisions


def test_an_older_revision_is_upgraded_in_place_with_a_backup(
        legacy: Path, engine: Engine) -> None:
    m.prepare_database(engine)  # at the package's head
    at_head = dump(legacy)
    before = tables(legacy)
    for old in backups(legacy.parent):
        old.unlink()

    outcome = m.prepare_database(engine, version_locations=[EXTRA / "adds_column"])
    assert outcome is not None and outcome.backup is not None
    assert (outcome.from_revision, outcome.to_revision) == (HEAD, "test_adds_column")
    assert outcome.backup.name.startswith(f"factcheck.db.backup-{HEAD}-")
    assert outcome.describe() == (f"upgraded {legacy} from revision {HEAD} to revision "
                                  f"test_adds_column (backup: {outcome.backup})")
    assert dump(outcome.backup) == at_head

    after = tables(legacy)
    del before["alembic_version"]
    for name, (columns, rows) in before.items():
        assert only(columns, after[name]) == rows, name
    assert "checked_by" in after["claim"][0]
    assert {row[after["claim"][0].index("checked_by")] for row in after["claim"][1]} == {None}
    assert revisions(legacy) == ["test_adds_column"]
    with closing(sqlite3.connect(legacy)) as conn:  # the rebuilt table is still referred to
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    assert m.prepare_database(engine, version_locations=[EXTRA / "adds_column"]) is None
    assert len(backups(legacy.parent)) == 1


@pytest.mark.parametrize("stamped", [False, True], ids=["legacy", "at-head"])
def test_a_failed_upgrade_leaves_the_database_as_it_was(
        legacy: Path, engine: Engine, stamped: bool) -> None:
    if stamped:
        m.prepare_database(engine)
    before = dump(legacy)
    before_revisions = revisions(legacy)

    with pytest.raises(FactcheckError) as caught:
        m.prepare_database(engine, version_locations=[EXTRA / "fails_halfway"])
    message = caught.value.message
    start = f"revision {HEAD}" if stamped else "the release before migrations"
    assert message.startswith(f"cannot upgrade database sqlite:///{legacy} from {start} to "
                              f"revision test_fails_halfway: ")
    assert "no_such_column" in message and "\n" not in message
    assert "it was left as it was (backup: " in message

    assert dump(legacy) == before
    assert revisions(legacy) == before_revisions
    backup = legacy.parent / message.rsplit("(backup: ", 1)[1].rstrip(")")
    assert dump(backup) == before
    # This code still opens it (and upgrades it, when it was not stamped yet).
    assert (m.prepare_database(engine) is None) == stamped
    assert revisions(legacy) == [HEAD]


# ------------------------------------------------------------------ refused


def test_a_database_from_a_newer_factcheck_is_refused_untouched(
        legacy: Path, engine: Engine, runner: CliRunner) -> None:
    m.prepare_database(engine)
    with closing(sqlite3.connect(legacy)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00dcafe9999'")
    for old in backups(legacy.parent):
        old.unlink()
    before = dump(legacy)

    code, out, err = run(runner, "claims", "list")
    assert code == 1 and out == ""
    assert err == (f"error: cannot open database sqlite:///factcheck.db: made by a newer "
                   f"factcheck: revision f00dcafe9999; this one knows up to {HEAD}\n")
    assert dump(legacy) == before
    assert backups(legacy.parent) == []

    code, out, _ = run(runner, "db", "status", "--json")  # status reads, and says so
    assert code == 0 and json.loads(out)["state"] == "newer"


def test_a_file_that_is_not_a_database_is_one_line(workdir: Path, runner: CliRunner) -> None:
    path = workdir / "notes.db"
    path.write_bytes(b"not a database, just some notes\n" * 100)
    before = path.read_bytes()
    for args in (("claims", "list"), ("db", "upgrade"), ("db", "status"), ("db", "backup")):
        code, _, err = run(runner, "--db", str(path), *args)
        assert code == 1
        assert err == f"error: cannot open database sqlite:///{path}: file is not a database\n"
    assert path.read_bytes() == before
    assert backups(workdir) == []


def test_a_new_database_is_created_at_head_without_a_backup(
        workdir: Path, runner: CliRunner) -> None:
    code, _, err = run(runner, "claims", "list")
    assert (code, err) == (0, "")
    assert revisions(workdir / "factcheck.db") == [HEAD]
    assert backups(workdir) == []


# ------------------------------------------------------------------ factcheck db


def test_db_status_reads_without_upgrading(legacy: Path, runner: CliRunner) -> None:
    before = dump(legacy)
    code, out, err = run(runner, "db", "status")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"database  sqlite:///{legacy.name}"
    assert lines[1].startswith("revision  none (made by the release before migrations")
    assert lines[2] == f"head      {HEAD}"
    assert "  claim" in out and " 28" in out
    assert dump(legacy) == before and backups(legacy.parent) == []

    code, out, _ = run(runner, "db", "status", "--json")
    status = json.loads(out)
    assert status == {"url": "sqlite:///factcheck.db", "current_revision": None,
                      "head_revision": HEAD, "state": "legacy",
                      "row_counts": status["row_counts"]}
    assert status["row_counts"]["claim"] == 28 and status["row_counts"]["verdict"] == 7


def test_db_status_hides_the_password_and_needs_an_existing_file(
        workdir: Path, runner: CliRunner) -> None:
    code, _, err = run(runner, "--db", "missing.db", "db", "status")
    assert (code, err) == (1, "error: no database at missing.db\n")
    assert not (workdir / "missing.db").exists()
    code, _, err = run(runner, "--db", "postgresql+nodriver://u:secret@127.0.0.1:1/db",
                       "db", "status")
    assert code == 1 and "secret" not in err and "u:***@" in err


def test_db_upgrade_says_what_it_did(legacy: Path, runner: CliRunner) -> None:
    code, out, err = run(runner, "db", "upgrade")
    assert code == 0
    (backup,) = backups(legacy.parent)
    assert out == (f"upgraded factcheck.db from the release before migrations to revision "
                   f"{HEAD} (backup: {backup.name})\n")
    code, out, err = run(runner, "db", "upgrade")
    assert (code, out, err) == (0, f"factcheck.db is at head already (revision {HEAD})\n", "")
    code, out, _ = run(runner, "--db", "new.db", "db", "upgrade")
    assert (code, out) == (0, f"created new.db at revision {HEAD}\n")


def test_db_backup_copies_the_database(legacy: Path, engine: Engine,
                                       runner: CliRunner) -> None:
    m.prepare_database(engine)
    out_path = legacy.parent / "copies" / "kept.db"
    out_path.parent.mkdir()
    code, out, err = run(runner, "db", "backup", "--out", str(out_path))
    assert (code, out, err) == (0, f"backed up to {out_path}\n", "")
    assert dump(out_path) == dump(legacy)

    code, _, err = run(runner, "db", "backup", "--out", str(out_path))
    assert code == 1 and err.startswith("error: cannot back up") and "exists already" in err

    code, out, _ = run(runner, "db", "backup")
    assert code == 0
    (beside,) = [p for p in backups(legacy.parent) if p.name.startswith(
        f"factcheck.db.backup-{HEAD}-")]
    assert out == f"backed up to {beside.name}\n"
    assert dump(beside) == dump(legacy)
    assert not list(legacy.parent.glob("*.partial"))
