"""Shared fixtures: a real database per test, the sample claims, a CLI runner, the local
HTTP server (fetching from it needs `allow_private_urls`), and a guard that no test ever
connects anywhere but loopback.

The database is a backend switch. Every test that uses a database (`workdir`, `db_url`,
`svc`, ...) runs twice: on an SQLite file in its working folder, and on a PostgreSQL database
of its own (created for the test, dropped after) on the server named by
FACTCHECK_TEST_POSTGRES, a libpq URL (`postgresql://user:password@127.0.0.1:5432/postgres`)
of a server where tests may create and drop databases. Without it the PostgreSQL runs are
reported as skipped, with the reason. A test about the SQLite file itself (WAL, backups of the
file, files saved beside it, killed processes on a file) is marked `sqlite_only` and runs on
SQLite alone; `db_path` (the SQLite file) is for those tests only."""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from factcheck.config import Settings, engine_url
from factcheck.services import FactcheckService
from tests.http_server import LocalSite, serve_local_site

_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
_CONNECTS: list[Any] = []
_CONNECTS_LOCK = threading.Lock()


def _network_guard(event: str, args: tuple[Any, ...]) -> None:
    """Every socket.connect of the test process is recorded, and one to anything but
    loopback fails before the connection is attempted (an audit hook runs first): tests never
    send traffic to another address, even when the code under test is wrong."""
    if event != "socket.connect":
        return
    address = args[1]
    with _CONNECTS_LOCK:
        _CONNECTS.append(address)
    if isinstance(address, tuple) and str(address[0]).split("%")[0] not in _LOOPBACK_HOSTS:
        raise RuntimeError(f"test tried to connect to {address!r}: only loopback is allowed")


sys.addaudithook(_network_guard)


@pytest.fixture
def socket_connects() -> list[Any]:
    """The addresses this test's process connected to (from here on), live."""
    with _CONNECTS_LOCK:
        _CONNECTS.clear()
    return _CONNECTS


@pytest.fixture(autouse=True)
def _private_urls_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the developer's environment says, a test starts with the default: private
    addresses refused (autouse fixtures run before any other)."""
    monkeypatch.delenv("FACTCHECK_ALLOW_PRIVATE_URLS", raising=False)


@pytest.fixture
def allow_private_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to fetching the local server (127.0.0.1): FACTCHECK_ALLOW_PRIVATE_URLS=1 for
    every Settings loaded after this fixture. Without it those URLs are refused, as in real
    use (tests/test_fetch_addresses.py shows that). Use it before services are made, e.g.
    `pytestmark = pytest.mark.usefixtures("allow_private_urls")`."""
    monkeypatch.setenv("FACTCHECK_ALLOW_PRIVATE_URLS", "1")


REPO = Path(__file__).resolve().parent.parent
SAMPLE_CLAIMS = REPO / "claims"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# ---------------------------------------------------------------- the backends

POSTGRES_ENV = "FACTCHECK_TEST_POSTGRES"
POSTGRES_SKIPPED = f"{POSTGRES_ENV} not set: no PostgreSQL server for these tests"
BACKENDS = ("sqlite", "postgresql")
_DATABASE_NUMBERS = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): about the SQLite file itself; not run on PostgreSQL")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test using a database gets one run per backend; a `sqlite_only` one keeps its plain
    name and runs on SQLite (the `backend` fixture's default)."""
    if "backend" not in metafunc.fixturenames \
            or metafunc.definition.get_closest_marker("sqlite_only") is not None:
        return
    postgres = pytest.param("postgresql", marks=pytest.mark.skipif(
        not os.environ.get(POSTGRES_ENV), reason=POSTGRES_SKIPPED))
    metafunc.parametrize("backend", ["sqlite", postgres], indirect=True)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say once, at the end, why the PostgreSQL runs were skipped (not one line per test)."""
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if POSTGRES_SKIPPED in str(getattr(r, "longrepr", ""))]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} PostgreSQL runs skipped: {POSTGRES_SKIPPED}")


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """"sqlite" or "postgresql" (see the module docstring)."""
    return str(getattr(request, "param", "sqlite"))


def postgres_admin_url() -> str:
    """FACTCHECK_TEST_POSTGRES as psycopg takes it (libpq's own URL form)."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(POSTGRES_SKIPPED)
    return url


@contextmanager
def throwaway_postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database on the test server, as a factcheck URL; dropped when
    the block ends (connections still open to it are ended)."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    admin = postgres_admin_url()
    name = f"factcheck_test_{os.getpid()}_{next(_DATABASE_NUMBERS)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(engine_url(admin)).set(database=name).render_as_string(
            hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


@pytest.fixture
def db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """The test's own database: factcheck.db in the working folder, or a fresh PostgreSQL
    database (the `backend` run)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'factcheck.db'}"
        return
    with throwaway_postgres_database() as url:
        yield url


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str,
            db_url: str) -> Path:
    """A working folder like a reviewer's: the sample claims in claims/, cwd set to it. On
    SQLite the database is factcheck.db there (the default); on PostgreSQL FACTCHECK_DB names
    the test's database, so commands run without --db use it."""
    shutil.copytree(SAMPLE_CLAIMS, tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FACTCHECK_REVIEWER", "tester")
    if backend == "sqlite":
        monkeypatch.delenv("FACTCHECK_DB", raising=False)
    else:
        monkeypatch.setenv("FACTCHECK_DB", db_url)
    # Tests reach no network: adding a source does not fetch it, except in tests that serve
    # the local site (tests/http_server.py) and turn checking back on.
    monkeypatch.setenv("FACTCHECK_CHECK_SOURCES", "off")
    return tmp_path


@pytest.fixture
def db_path(workdir: Path, backend: str) -> Path:
    """The SQLite file, for tests about the file itself (mark them `sqlite_only`)."""
    if backend != "sqlite":
        raise AssertionError("db_path is the SQLite file: mark this test sqlite_only, or "
                             "use db_url")
    return workdir / "factcheck.db"


@pytest.fixture
def svc(workdir: Path, db_url: str) -> Iterator[FactcheckService]:
    service = FactcheckService(Settings.load(db=db_url, reviewer="tester"))
    yield service
    service.close()


@pytest.fixture
def sample_svc(svc: FactcheckService) -> FactcheckService:
    report = svc.import_paths([Path("claims")])
    assert not report.errors
    return svc


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def http_site() -> Iterator[LocalSite]:
    """A real HTTP server on 127.0.0.1 (routes listed in tests/http_server.py). Fetching from
    it is refused unless the test opts in (`allow_private_urls`, or limits with
    allow_private=True at the fetch layer)."""
    with serve_local_site() as site:
        yield site
