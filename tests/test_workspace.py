"""The workspace under the services: one engine, the settings read once, and one unit of work
whose failures are one readable line and leave nothing half-written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import select

from factcheck.config import Settings, engine_url
from factcheck.errors import FactcheckError
from factcheck.models import Article
from factcheck.services import FactcheckService
from factcheck.services.workspace import Workspace
from factcheck.store import open_engine


def test_a_failed_unit_of_work_writes_nothing(svc: FactcheckService) -> None:
    workspace = svc.workspace
    with pytest.raises(RuntimeError), workspace.session(write=True) as session:
        session.add(Article(ref="half-written", title="never stored"))
        session.flush()
        raise RuntimeError("crash after the first write")
    with workspace.session() as session:
        assert session.execute(select(Article)).scalars().all() == []


@pytest.mark.sqlite_only("a table dropped through the file; SQLite's own message")
def test_a_database_failure_is_one_readable_line(svc: FactcheckService, db_path: Path) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TABLE source")
    with pytest.raises(FactcheckError) as caught:
        svc.sources.listing()
    assert caught.value.lines() == ["database error: no such table: source"]


def test_every_service_works_on_the_one_workspace(svc: FactcheckService) -> None:
    engines = {id(part.workspace.engine) for part in (
        svc.claims, svc.reviews, svc.imports, svc.candidates, svc.sources, svc.exports,
        svc.matching)}
    assert engines == {id(svc.workspace.engine)}


def test_settings_are_read_once_when_a_command_starts(workdir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_MATCHING", "off")
    monkeypatch.setenv("FACTCHECK_CHECK_SOURCES", "on")
    monkeypatch.setenv("FACTCHECK_FETCH_TIMEOUT", "2.5")
    settings = Settings.load(db="x.db", reviewer="kim")
    assert (settings.matching, settings.check_sources, settings.fetch_timeout) == (
        False, True, 2.5)
    workspace = Workspace(settings)
    try:
        # a later change of the environment does not reach a running command
        monkeypatch.setenv("FACTCHECK_MATCHING", "on")
        assert workspace.settings.matching is False
    finally:
        workspace.close()


@pytest.mark.parametrize(("value", "expected"), [
    ("soon", 'FACTCHECK_FETCH_TIMEOUT="soon" is not a number of seconds'),
    ("0", "FACTCHECK_FETCH_TIMEOUT: expected a number of seconds > 0, got 0"),
])
def test_a_bad_timeout_setting_is_one_line(workdir: Path, monkeypatch: pytest.MonkeyPatch,
                                          value: str, expected: str) -> None:
    monkeypatch.setenv("FACTCHECK_FETCH_TIMEOUT", value)
    with pytest.raises(FactcheckError) as caught:
        Settings.load()
    assert caught.value.lines() == [expected]


@pytest.mark.parametrize(("given", "driver"), [
    ("postgresql://u:pw@127.0.0.1:5432/desk", "psycopg"),
    ("postgres://u:pw@127.0.0.1:5432/desk", "psycopg"),
    ("postgresql+psycopg://u:pw@127.0.0.1:5432/desk", "psycopg"),
    ("sqlite:///desk.db", "pysqlite"),
])
def test_postgresql_urls_go_through_the_declared_driver(given: str, driver: str) -> None:
    """psycopg 3 is a dependency; SQLAlchemy's default for postgresql:// (psycopg2) is not."""
    engine = open_engine(given)  # connects to nothing yet
    try:
        assert engine.dialect.driver == driver
        assert engine_url(given).split("://")[1] == given.split("://")[1]
    finally:
        engine.dispose()
