"""Odd source URLs are refused before anything is stored, and a bad stored URL never stops a
batch check or reaches the user as a traceback."""

from __future__ import annotations

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import FactcheckError
from factcheck.fetch import FetchLimits
from factcheck.fetch.batch import BatchOptions
from factcheck.models import Source
from factcheck.services import FactcheckService
from tests.http_server import LocalSite

# The local test server is on 127.0.0.1: every test here opts in to private addresses.
pytestmark = pytest.mark.usefixtures("allow_private_urls")

FAST = BatchOptions(retries=0, backoff=0.01,
                    limits=FetchLimits(connect_timeout=1.0, read_timeout=0.5, deadline=2.0))

BAD_URLS = {
    "http://[::1": "not a valid address",
    "http://127.0.0.1:99999/x": "not a valid address",
    "http://a b.com/x": "contains spaces",
    "http://example.org/" + "a" * 9000: "longer than 8192 characters",
    "https://": "no host name",
    "ftp://example.org/file": "not ftp:",
}


@pytest.mark.parametrize(("url", "reason"), list(BAD_URLS.items()))
def test_bad_urls_are_refused_and_nothing_is_stored(sample_svc: FactcheckService, url: str,
                                                     reason: str) -> None:
    claim_id = sample_svc.list_claims()[0].id
    with pytest.raises(FactcheckError) as err:
        sample_svc.add_source(claim_id, url)
    assert reason in err.value.message and "\n" not in err.value.message
    assert sample_svc.claim_detail(claim_id).sources == []


@pytest.mark.parametrize("url", list(BAD_URLS)[:3])
def test_cli_source_add_gives_one_line_and_exit_1(workdir: object, url: str) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["import", "claims"]).exit_code == 0
    result = runner.invoke(app, ["source", "add", "1", url])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: source URL") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_a_bad_stored_url_does_not_stop_the_batch(sample_svc: FactcheckService,
                                                  http_site: LocalSite) -> None:
    """Rows written by an older version (before URLs were checked) are still checkable."""
    claim_id = sample_svc.list_claims()[0].id
    with Session(sample_svc.workspace.engine) as session:
        session.add(Source(claim_id=claim_id, url="http://127.0.0.1:99999/x", added_by="old"))
        session.commit()
    good = sample_svc.add_source(claim_id, http_site.url("/article"))
    ids = sample_svc.sources.select(all_sources=True)
    report = sample_svc.sources.check(ids, options=FAST)
    by_url = {s.url: s for s in report.sources}
    assert len(by_url) == 2
    assert by_url["http://127.0.0.1:99999/x"].dead
    assert by_url["http://127.0.0.1:99999/x"].error
    assert by_url[good.url].http_status == 200
