"""Shared fixtures: a real SQLite file per test, the sample claims, a CLI runner, the local
HTTP server (fetching from it needs `allow_private_urls`), and a guard that no test ever
connects anywhere but loopback."""

from __future__ import annotations

import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from factcheck.config import Settings
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
    """A real HTTP server on 127.0.0.1 (routes listed in tests/http_server.py). Fetching from
    it is refused unless the test opts in (`allow_private_urls`, or limits with
    allow_private=True at the fetch layer)."""
    with serve_local_site() as site:
        yield site
