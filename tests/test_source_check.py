"""Source checking against a real local HTTP server: recorded fields, dead links in JSON and
CSV, retries, bounded concurrency, and the CLI commands."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.fetch import FetchLimits
from factcheck.fetch.batch import BatchOptions, fetch_many
from factcheck.models import Source, utcnow
from factcheck.services import FactcheckService
from tests.http_server import KO_TITLE, PAGE_TITLE, LocalSite

# The local test server is on 127.0.0.1: every test here opts in to private addresses.
pytestmark = pytest.mark.usefixtures("allow_private_urls")
# The local site counts requests per path for the whole session: a test that counts them uses
# a path of its own per backend run.

# allow_private: for fetch_many called directly (the services take it from their settings).
FAST = BatchOptions(retries=2, backoff=0.01,
                    limits=FetchLimits(connect_timeout=1.0, read_timeout=0.3, deadline=2.0,
                                       allow_private=True))
CLI_FAST = ["--timeout", "0.3", "--backoff", "0.01"]


def _add(svc: FactcheckService, claim_id: int, url: str) -> int:
    return svc.add_source(claim_id, url).id


def _sources_json(runner: CliRunner) -> dict[str, dict[str, object]]:
    result = runner.invoke(app, ["claims", "list", "--json"])
    assert result.exit_code == 0, result.output
    return {s["url"]: s for claim in json.loads(result.stdout) for s in claim["sources"]}


def test_check_records_status_final_url_title_type_hash(sample_svc: FactcheckService,
                                                        http_site: LocalSite) -> None:
    sid = _add(sample_svc, 1, http_site.url("/redirect/2"))
    checked = sample_svc.sources.check_one(sid, options=FAST)
    assert checked.http_status == 200
    assert checked.final_url == http_site.url("/page")
    assert checked.title == PAGE_TITLE
    assert checked.content_type == "text/html"
    assert checked.content_hash is not None and len(checked.content_hash) == 64
    assert checked.checked_at is not None and checked.error is None
    assert not checked.dead
    # ... and it is stored, not just returned.
    stored = sample_svc.claim_detail(1).sources[0]
    assert (stored.title, stored.http_status, stored.final_url) == (
        PAGE_TITLE, 200, http_site.url("/page"))


def test_checking_does_not_bump_the_claim_version(sample_svc: FactcheckService,
                                                  http_site: LocalSite) -> None:
    sid = _add(sample_svc, 2, http_site.url("/page"))
    version = sample_svc.claim_detail(2).row.version
    sample_svc.sources.check_one(sid, options=FAST)
    # A reviewer who loaded the claim before the background check can still save.
    sample_svc.set_verdict(2, "true", expected_version=version)


@pytest.mark.parametrize(("path", "status", "reason"), [
    ("/missing", 404, "HTTP 404"),
    ("/always-500", 500, "HTTP 500"),
    ("/loop/a", None, "redirect"),
    ("/slow?s=1.5", None, "timed out"),
])
def test_dead_links_are_marked(sample_svc: FactcheckService, http_site: LocalSite, path: str,
                               status: int | None, reason: str) -> None:
    sid = _add(sample_svc, 3, http_site.url(path))
    checked = sample_svc.sources.check_one(sid, options=FAST)
    assert checked.dead
    assert checked.http_status == status
    assert checked.error is not None and reason in checked.error


def test_connection_failure_is_dead(sample_svc: FactcheckService) -> None:
    sid = _add(sample_svc, 3, "http://127.0.0.1:9/gone")
    checked = sample_svc.sources.check_one(sid, options=FAST)
    assert checked.dead and checked.error is not None
    assert checked.error.startswith("connection failed")


def test_500_that_recovers_is_retried_and_alive(sample_svc: FactcheckService,
                                                http_site: LocalSite, backend: str) -> None:
    sid = _add(sample_svc, 4, http_site.url(f"/flaky/svc-{backend}?fail=2"))
    checked = sample_svc.sources.check_one(sid, options=FAST)
    assert checked.http_status == 200 and checked.title == "Recovered"
    assert http_site.hits(f"/flaky/svc-{backend}") == 3


def test_without_retries_the_500_stays_dead(sample_svc: FactcheckService,
                                            http_site: LocalSite, backend: str) -> None:
    sid = _add(sample_svc, 4, http_site.url(f"/flaky/noretry-{backend}?fail=1"))
    checked = sample_svc.sources.check_one(
        sid, options=BatchOptions(retries=0, limits=FAST.limits))
    assert checked.http_status == 500 and checked.dead


def test_404_is_not_retried(http_site: LocalSite) -> None:
    fetch_many([http_site.url("/missing-once")], FAST)
    assert http_site.hits("/missing-once") == 1


def test_pdf_and_oversize_pages_are_alive(sample_svc: FactcheckService,
                                          http_site: LocalSite) -> None:
    pdf = sample_svc.sources.check_one(_add(sample_svc, 5, http_site.url("/doc.pdf")),
                                       options=FAST)
    assert pdf.content_type == "application/pdf" and not pdf.dead and pdf.title is None
    big = sample_svc.sources.check_one(_add(sample_svc, 5, http_site.url("/big-declared")),
                                       options=FAST)
    assert big.http_status == 200 and not big.dead and "limit" in (big.error or "")


def test_korean_title_is_recorded(sample_svc: FactcheckService, http_site: LocalSite) -> None:
    checked = sample_svc.sources.check_one(
        _add(sample_svc, 6, http_site.url("/ko/http-equiv")), options=FAST)
    assert checked.title == KO_TITLE


def test_hostile_title_is_stored_without_control_characters(
        sample_svc: FactcheckService, http_site: LocalSite) -> None:
    checked = sample_svc.sources.check_one(
        _add(sample_svc, 6, http_site.url("/hostile-title")), options=FAST)
    assert checked.title is not None
    assert "\x1b" not in checked.title and "\x07" not in checked.title


def test_failed_recheck_keeps_last_known_title(sample_svc: FactcheckService,
                                               http_site: LocalSite) -> None:
    sid = _add(sample_svc, 7, http_site.url("/page"))
    sample_svc.sources.check_one(sid, options=FAST)
    with Session(sample_svc.workspace.engine) as session:
        source = session.get(Source, sid)
        assert source is not None
        source.url = http_site.url("/missing")  # the page went away since
        session.add(source)
        session.commit()
    checked = sample_svc.sources.check_one(sid, options=FAST)
    assert checked.dead and checked.title == PAGE_TITLE


def test_select_unchecked_all_and_stale(sample_svc: FactcheckService,
                                        http_site: LocalSite) -> None:
    first = _add(sample_svc, 8, http_site.url("/page"))
    second = _add(sample_svc, 8, http_site.url("/ko/meta-charset"))
    retracted = _add(sample_svc, 8, http_site.url("/doc.pdf"))
    sample_svc.retract_source(retracted)
    sample_svc.sources.check_one(first, options=FAST)
    assert sample_svc.sources.select() == [second]
    assert sample_svc.sources.select(all_sources=True) == [first, second]
    assert sample_svc.sources.select(stale_days=1) == [second]
    with Session(sample_svc.workspace.engine) as session:
        source = session.get(Source, first)
        assert source is not None
        source.checked_at = utcnow() - timedelta(days=3)
        session.add(source)
        session.commit()
    assert sample_svc.sources.select(stale_days=2) == [first, second]


def test_same_url_on_many_sources_is_fetched_once(sample_svc: FactcheckService,
                                                  http_site: LocalSite, backend: str) -> None:
    url = http_site.url(f"/flaky/shared-{backend}?fail=0")
    ids = [_add(sample_svc, claim, url) for claim in (9, 10)]
    report = sample_svc.sources.check(ids, options=FAST)
    assert http_site.hits(f"/flaky/shared-{backend}") == 1
    assert [s.title for s in report.sources] == ["Recovered", "Recovered"]
    assert report.summary() == "checked 2 sources (1 URL): 2 alive, 0 dead"


def test_concurrency_per_host_is_bounded(http_site: LocalSite) -> None:
    urls = [http_site.url(f"/slow?s=0.2&group=host&n={n}") for n in range(6)]
    options = BatchOptions(per_host=2, concurrency=8, retries=0,
                           limits=FetchLimits(read_timeout=2.0, allow_private=True))
    pages = fetch_many(urls, options)
    assert all(p.ok for p in pages.values())
    assert http_site.peak_slow_requests("host") == 2


def test_global_concurrency_is_bounded(http_site: LocalSite) -> None:
    # 127.0.0.1 and localhost are two hosts to the checker, one server to us.
    urls = [http_site.url(f"/slow?s=0.2&group=global&n={n}") for n in range(4)]
    urls += [u.replace("127.0.0.1", "localhost") for u in urls]
    options = BatchOptions(per_host=4, concurrency=3, retries=0,
                           limits=FetchLimits(read_timeout=2.0, allow_private=True))
    pages = fetch_many(urls, options)
    assert all(p.ok for p in pages.values())
    assert http_site.peak_slow_requests("global") == 3


def test_progress_is_reported(sample_svc: FactcheckService, http_site: LocalSite) -> None:
    ids = [_add(sample_svc, 11, http_site.url(p)) for p in ("/page", "/missing")]
    seen: list[tuple[int, int]] = []
    sample_svc.sources.check(ids, options=FAST,
                             on_progress=lambda done, total, _url: seen.append((done, total)))
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)


# ---------------------------------------------------------------- CLI


@pytest.fixture
def imported(runner: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("FACTCHECK_FETCH_TIMEOUT", "0.3")
    monkeypatch.setenv("FACTCHECK_CHECK_SOURCES", "on")
    assert runner.invoke(app, ["import", "claims"]).exit_code == 0
    return runner


def test_cli_source_add_records_title_and_status(imported: CliRunner,
                                                 http_site: LocalSite) -> None:
    url = http_site.url("/page")
    result = imported.invoke(app, ["source", "add", "1", url])
    assert result.exit_code == 0, result.output
    assert PAGE_TITLE in result.stdout and "200" in result.stdout
    source = _sources_json(imported)[url]
    assert source["http_status"] == 200 and source["title"] == PAGE_TITLE
    assert source["final_url"] == url and source["checked_at"] and source["error"] is None
    assert source["dead"] is False


def test_cli_dead_link_shows_in_json_and_csv(imported: CliRunner, http_site: LocalSite,
                                             workdir: Path) -> None:
    alive, dead = http_site.url("/page"), http_site.url("/missing")
    assert imported.invoke(app, ["source", "add", "2", alive]).exit_code == 0
    result = imported.invoke(app, ["source", "add", "2", dead])
    assert result.exit_code == 0  # the source is kept; the dead link is a finding
    assert "DEAD" in result.stderr and "404" in result.stderr
    source = _sources_json(imported)[dead]
    assert source["dead"] is True and source["http_status"] == 404
    claim = next(c for c in json.loads(imported.invoke(app, ["claims", "list", "--json"]).stdout)
                 if c["id"] == 2)
    assert (claim["source_count"], claim["dead_source_count"]) == (2, 1)
    assert source["error"] == "HTTP 404 Not Found"

    out = workdir / "out.csv"
    assert imported.invoke(app, ["export", "--out", str(out)]).exit_code == 0
    rows = {r["claim_id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows["2"]["dead_sources"] == dead
    assert rows["2"]["source_statuses"] == "200 | dead:404"
    assert rows["1"]["dead_sources"] == "" and rows["1"]["source_statuses"] == ""


def test_cli_no_check_leaves_source_unchecked(imported: CliRunner,
                                              http_site: LocalSite) -> None:
    url = http_site.url("/flaky/nocheck")
    result = imported.invoke(app, ["source", "add", "3", url, "--no-check"])
    assert result.exit_code == 0
    assert http_site.hits("/flaky/nocheck") == 0
    source = _sources_json(imported)[url]
    assert source["checked_at"] is None and source["dead"] is False


def test_cli_does_not_fetch_when_checks_are_off(imported: CliRunner, http_site: LocalSite,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_CHECK_SOURCES", "off")
    url = http_site.url("/flaky/offline")
    assert imported.invoke(app, ["source", "add", "3", url]).exit_code == 0
    assert http_site.hits("/flaky/offline") == 0
    assert _sources_json(imported)[url]["checked_at"] is None


def test_cli_refuses_other_schemes(imported: CliRunner) -> None:
    for url in ("file:///etc/passwd", "data:text/html,hi"):
        result = imported.invoke(app, ["source", "add", "1", url])
        assert result.exit_code == 1
        assert "error:" in result.stderr and "http" in result.stderr


def test_cli_sources_check_unchecked_then_all(imported: CliRunner,
                                              http_site: LocalSite) -> None:
    for path in ("/page", "/loop/a", "/flaky/cli?fail=1"):
        assert imported.invoke(app, ["source", "add", "4", http_site.url(path),
                                     "--no-check"]).exit_code == 0
    result = imported.invoke(app, ["sources", "check", *CLI_FAST])
    assert result.exit_code == 0, result.output
    assert "checked 3 sources (3 URLs): 2 alive, 1 dead" in result.stdout
    assert "/loop/a" in result.stdout  # dead ones are listed
    again = imported.invoke(app, ["sources", "check", *CLI_FAST])
    assert "no sources to check" in again.stdout
    everything = imported.invoke(app, ["sources", "check", "--all", *CLI_FAST])
    assert "checked 3 sources" in everything.stdout
    stale = imported.invoke(app, ["sources", "check", "--stale", "1", *CLI_FAST])
    assert "no sources to check" in stale.stdout


def test_cli_all_and_stale_exclude_each_other(imported: CliRunner) -> None:
    result = imported.invoke(app, ["sources", "check", "--all", "--stale", "3"])
    assert result.exit_code == 1 and "exclude each other" in result.stderr


def test_cli_sources_list_shows_dead_links(imported: CliRunner, http_site: LocalSite) -> None:
    for path in ("/page", "/missing"):
        assert imported.invoke(app, ["source", "add", "5", http_site.url(path)]).exit_code == 0
    result = imported.invoke(app, ["sources", "list", "--dead", "--json"])
    assert result.exit_code == 0, result.output
    assert [(s["url"], s["http_status"], s["dead"]) for s in json.loads(result.stdout)] == [
        (http_site.url("/missing"), 404, True)]
    table = imported.invoke(app, ["sources", "list"], env={"COLUMNS": "200"})
    assert "dead:404" in table.stdout and PAGE_TITLE in table.stdout, table.stdout


def test_cli_prints_a_hostile_title_as_text(imported: CliRunner, http_site: LocalSite) -> None:
    result = imported.invoke(app, ["source", "add", "6", http_site.url("/hostile-title")])
    assert result.exit_code == 0
    assert "[bold red]Win[/]" in result.stdout  # shown literally, not applied as markup
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_cli_negative_stale_is_refused(imported: CliRunner) -> None:
    result = imported.invoke(app, ["sources", "check", "--stale", "-1"])
    assert result.exit_code == 1 and "--stale" in result.stderr
