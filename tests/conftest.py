"""Shared fixtures: a real SQLite file per test, the sample claims, a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.config import Settings
from factcheck.services import FactcheckService
from tests.http_server import LocalSite, serve_local_site

REPO = Path(__file__).resolve().parent.parent
SAMPLE_CLAIMS = REPO / "claims"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder like a reviewer's: the sample claims in claims/, cwd set to it."""
    shutil.copytree(SAMPLE_CLAIMS, tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FACTCHECK_REVIEWER", "tester")
    monkeypatch.delenv("FACTCHECK_DB", raising=False)
    # Tests reach no network: adding a source does not fetch it, except in tests that serve
    # the local site (tests/http_server.py) and turn checking back on.
    monkeypatch.setenv("FACTCHECK_CHECK_SOURCES", "off")
    return tmp_path


@pytest.fixture
def db_path(workdir: Path) -> Path:
    return workdir / "factcheck.db"


@pytest.fixture
def svc(db_path: Path) -> Iterator[FactcheckService]:
    service = FactcheckService(Settings.load(db=str(db_path), reviewer="tester"))
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
    """A real HTTP server on 127.0.0.1 (routes listed in tests/http_server.py)."""
    with serve_local_site() as site:
        yield site
