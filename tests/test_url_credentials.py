"""A user name and password written in a URL are never stored, shown or sent (real local
server: it records every Authorization header it gets)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.fetch import FetchLimits, fetch_page
from factcheck.services import FactcheckService
from factcheck.urls import has_credentials, without_credentials
from tests.http_server import PAGE_TITLE, LocalSite

pytestmark = pytest.mark.usefixtures("allow_private_urls")  # the local server is 127.0.0.1
LOCAL = FetchLimits(connect_timeout=1.0, read_timeout=1.0, deadline=3.0, allow_private=True)


def _with_secret(site: LocalSite, path: str) -> str:
    return site.url(path).replace("http://", "http://kim:s3cret@")


@pytest.mark.parametrize(("url", "clean"), [
    ("http://user:secret@example.org/a?b=c@d#e@f", "http://example.org/a?b=c@d#e@f"),
    ("https://token@example.org", "https://example.org"),
    ("https://u:p@[2001:db8::1]:8443/x", "https://[2001:db8::1]:8443/x"),
    ("http://a:b@c@example.org/", "http://example.org/"),
    ("http://example.org/mail/a@b.c", "http://example.org/mail/a@b.c"),
    ("http://example.org?who=a@b", "http://example.org?who=a@b"),
])
def test_credentials_are_taken_out_and_nothing_else_changes(url: str, clean: str) -> None:
    assert without_credentials(url) == clean
    assert has_credentials(url) == (url != clean)


def test_the_fetch_layer_never_sends_credentials(http_site: LocalSite) -> None:
    before = len(http_site.authorizations)
    page = fetch_page(_with_secret(http_site, "/page"), limits=LOCAL)
    assert page.ok and page.final_url == http_site.url("/page")
    assert http_site.authorizations[before:] == [None]
    # ... nor those a redirect names.
    target = _with_secret(http_site, "/ko/meta-charset")
    page = fetch_page(http_site.url(f"/redirect-to?url={target}"), limits=LOCAL)
    assert page.ok and page.final_url == http_site.url("/ko/meta-charset")
    assert "s3cret" not in page.final_url
    assert set(http_site.authorizations[before:]) == {None}


def test_add_source_stores_the_url_without_them(sample_svc: FactcheckService,
                                                http_site: LocalSite) -> None:
    claim_id = sample_svc.list_claims()[0].id
    added = sample_svc.add_source(claim_id, "  " + _with_secret(http_site, "/page") + " ")
    assert added.url == http_site.url("/page")
    assert [s.url for s in sample_svc.claim_detail(claim_id).sources] == [added.url]


def test_cli_source_add_says_so_and_they_show_nowhere(
        runner: CliRunner, workdir: Path, http_site: LocalSite,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_CHECK_SOURCES", "on")
    assert runner.invoke(app, ["import", "claims"]).exit_code == 0
    before = len(http_site.authorizations)
    result = runner.invoke(app, ["source", "add", "1", _with_secret(http_site, "/page")])
    assert result.exit_code == 0, result.output
    assert result.stderr == ("warning: the user name and password in the URL were removed; "
                             "they are never stored or sent\n")
    assert http_site.url("/page") in result.stdout and PAGE_TITLE in result.stdout
    assert "s3cret" not in result.stdout and "kim" not in result.stdout
    assert http_site.authorizations[before:] == [None]
    out = workdir / "out.csv"
    listing = runner.invoke(app, ["claims", "list", "--json"]).stdout
    sources = runner.invoke(app, ["sources", "list", "--json"]).stdout
    assert runner.invoke(app, ["export", "--out", str(out)]).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    for shown in (listing, sources, out.read_text("utf-8")):
        assert "s3cret" not in shown and "kim:" not in shown
    assert json.loads(sources)[0]["url"] == http_site.url("/page")
    assert rows[0]["sources"] == http_site.url("/page")


def test_cli_source_add_without_credentials_prints_no_warning(
        runner: CliRunner, workdir: Path, http_site: LocalSite) -> None:
    assert runner.invoke(app, ["import", "claims"]).exit_code == 0
    result = runner.invoke(app, ["source", "add", "1", http_site.url("/mail/a@b")])
    assert result.exit_code == 0 and result.stderr == ""


def test_extract_keeps_no_credentials_in_the_claim_list(
        runner: CliRunner, workdir: Path, http_site: LocalSite) -> None:
    canonical = ('<link rel="canonical" href="https://desk:pw@news.example.kr/article/2026/'
                 '01/27/9">')
    page = (b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            b"<title>Chip exports hit record</title>" + canonical.encode() + b"</head><body>"
            b"<article><h1>Chip exports hit record</h1><p>South Korea's semiconductor exports "
            b"rose 25.2% to $14.2 billion in January, the trade ministry said on Tuesday.</p>"
            b"</article></body></html>")
    http_site.serve("/with-canonical-secret", page)
    before = len(http_site.authorizations)
    result = runner.invoke(app, ["extract", _with_secret(http_site, "/with-canonical-secret")])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("warning: the user name and password in the URL are not "
                                    "sent")
    document = json.loads(result.stdout)
    assert document["article"]["url"] == "https://news.example.kr/article/2026/01/27/9"
    assert "s3cret" not in result.stdout and "pw@" not in result.stdout
    assert http_site.authorizations[before:] == [None]
    plain = runner.invoke(app, ["extract", _with_secret(http_site, "/article")])
    assert json.loads(plain.stdout)["article"]["url"] == \
        "https://news.example.kr/article/2026/01/27/123"


def test_extract_error_lines_show_no_credentials(runner: CliRunner, workdir: Path,
                                                 http_site: LocalSite) -> None:
    result = runner.invoke(app, ["extract", _with_secret(http_site, "/missing")])
    assert result.exit_code == 1 and "404" in result.stderr
    assert "s3cret" not in result.stderr and "kim" not in result.stderr
