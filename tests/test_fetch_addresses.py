"""Private, loopback and link-local addresses are refused before any connection attempt
(real sockets: the local server on 127.0.0.1, and conftest's audit hook that records every
socket.connect and fails any to a non-loopback address). Nothing here opts in to private
addresses unless it says so."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.config import Settings
from factcheck.fetch import (
    FetchLimits,
    fetch_page,
    fetch_page_async,
    make_async_client,
)
from factcheck.fetch.addresses import AddressPolicy, classify
from factcheck.fetch.batch import BatchOptions, fetch_many
from factcheck.services import FactcheckService
from tests.http_server import PAGE_TITLE, LocalSite

HINT = "set FACTCHECK_ALLOW_PRIVATE_URLS=1 to allow it"
REFUSED = FetchLimits(connect_timeout=1.0, read_timeout=0.5, deadline=2.0)
ALLOWED = FetchLimits(connect_timeout=1.0, read_timeout=0.5, deadline=2.0, allow_private=True)


def _private_urls(port: int) -> dict[str, str]:
    """URL -> what the refusal says; none of these may be connected to."""
    return {
        "http://10.0.0.1/": "10.0.0.1 is a private address",
        "http://192.168.1.1/admin": "192.168.1.1 is a private address",
        "http://172.16.0.5/": "172.16.0.5 is a private address",
        "http://[fd00::1]/": "fd00::1 is a private (unique local) address",
        "http://100.64.0.1/": "100.64.0.1 is a shared (carrier-grade NAT) address",
        f"http://127.0.0.1:{port}/refused-a": "127.0.0.1 is a loopback address",
        f"http://localhost:{port}/refused-b": "localhost resolves to 127.0.0.1, a loopback",
        f"http://[::1]:{port}/refused-c": "::1 is a loopback address",
        f"http://2130706433:{port}/refused-d": "2130706433 resolves to 127.0.0.1, a loopback",
        f"http://127.1:{port}/refused-e": "127.1 resolves to 127.0.0.1, a loopback",
        f"http://0x7f.1:{port}/refused-f": "0x7f.1 resolves to 127.0.0.1, a loopback",
        f"http://[::ffff:127.0.0.1]:{port}/refused-g": "loopback address (127.0.0.1) in IPv6",
        "http://[64:ff9b::a00:1]/": "private address (10.0.0.1) in IPv6 form",
        "http://[2002:c0a8:101::1]/": "private address (192.168.1.1) in IPv6 form",
        "http://192.0.2.10/": "192.0.2.10 is not a public address",
    }


def _never_urls(port: int) -> dict[str, str]:
    """Refused even when private addresses are allowed."""
    return {
        "http://169.254.169.254/latest/meta-data/": "169.254.169.254 is a link-local address",
        f"http://0.0.0.0:{port}/refused-h": "0.0.0.0 is an unspecified address",
        f"http://[::]:{port}/refused-i": ":: is an unspecified address",
        "http://[fe80::1]/": "fe80::1 is a link-local address",
        "http://224.0.0.1/": "224.0.0.1 is a multicast address",
        "http://255.255.255.255/": "255.255.255.255 is a reserved address",
        "http://[::ffff:169.254.169.254]/": "link-local address (where cloud metadata",
    }


def _refused_paths(site: LocalSite) -> int:
    return sum(site.hits(f"/refused-{letter}") for letter in "abcdefghi")


# ---------------------------------------------------------------- the fetch layer


def test_private_loopback_and_link_local_urls_are_refused_before_connecting(
        http_site: LocalSite, socket_connects: list[Any]) -> None:
    cases = {**_private_urls(http_site.port), **_never_urls(http_site.port)}
    for url, reason in cases.items():
        started = time.monotonic()
        page = fetch_page(url, limits=REFUSED)
        assert time.monotonic() - started < 0.5, url  # refused at once, nothing waited on
        assert page.failure == "refused" and page.dead, url
        assert page.status is None and page.body == b""
        assert page.error is not None and page.error.startswith(f'refused to fetch "{url}": ')
        assert reason in page.error, page.error
        assert (HINT in page.error) == (url in _private_urls(http_site.port)), page.error
    assert socket_connects == []  # not one connection attempt, to any address
    assert _refused_paths(http_site) == 0


def test_an_octal_address_httpx_cannot_parse_is_refused_too(socket_connects: list[Any]) -> None:
    page = fetch_page("http://0177.0.0.1/", limits=REFUSED)
    assert page.failure == "refused" and "not a valid address" in (page.error or "")
    assert socket_connects == []


def test_never_addresses_stay_refused_when_private_ones_are_allowed(
        http_site: LocalSite, socket_connects: list[Any]) -> None:
    for url, reason in _never_urls(http_site.port).items():
        page = fetch_page(url, limits=ALLOWED)
        assert page.failure == "refused" and reason in (page.error or ""), url
        assert "never fetched" in (page.error or "") and HINT not in (page.error or "")
    # 0.0.0.0 and :: would reach the local server on Linux: it saw nothing.
    assert socket_connects == [] and _refused_paths(http_site) == 0


def test_the_setting_allows_loopback_and_numeric_forms_of_it(
        http_site: LocalSite, socket_connects: list[Any]) -> None:
    for host in ("127.0.0.1", "localhost", "127.1", "2130706433", "0x7f.1"):
        page = fetch_page(f"http://{host}:{http_site.port}/page", limits=ALLOWED)
        assert page.ok and page.title == PAGE_TITLE, (host, page.error)
    # Every connection went to the address that was checked, never to a name resolved again
    # (what makes DNS rebinding between the check and the connection impossible).
    assert socket_connects and all(a == ("127.0.0.1", http_site.port) for a in socket_connects)


def test_every_redirect_hop_is_checked(http_site: LocalSite,
                                       socket_connects: list[Any]) -> None:
    # Allowed first hop (the local server), refused second: 0.0.0.0 reaches the very same
    # server on Linux, so the hop check is all that stops it.
    target = f"http://0.0.0.0:{http_site.port}/refused-a"
    page = fetch_page(http_site.url(f"/redirect-to?url={target}"), limits=ALLOWED)
    assert page.failure == "refused" and page.dead
    assert page.error == (f'refused to follow a redirect to "{target}": 0.0.0.0 is an '
                          f"unspecified address; never fetched")
    metadata = "http://169.254.169.254/latest/meta-data/"
    page = fetch_page(http_site.url(f"/redirect-to?url={metadata}"), limits=ALLOWED)
    assert page.failure == "refused" and "link-local" in (page.error or "")
    assert all(a == ("127.0.0.1", http_site.port) for a in socket_connects)
    assert _refused_paths(http_site) == 0


def test_async_and_batch_fetches_refuse_the_same_way(http_site: LocalSite,
                                                     socket_connects: list[Any]) -> None:
    local = http_site.url("/refused-b")

    async def run() -> str | None:
        async with make_async_client(REFUSED) as client:
            page = await fetch_page_async(local, client=client, limits=REFUSED)
        return page.error

    assert HINT in (asyncio.run(run()) or "")
    pages = fetch_many([local, "http://10.0.0.1/x", "http://169.254.169.254/"],
                       BatchOptions(retries=2, backoff=0.5, limits=REFUSED))
    assert all(p.failure == "refused" for p in pages.values())
    assert socket_connects == [] and _refused_paths(http_site) == 0


@pytest.mark.parametrize(("address", "verdict"), [
    ("8.8.8.8", None), ("2606:4700::1111", None), ("::ffff:8.8.8.8", None),
    ("64:ff9b::808:808", None), ("2002:808:808::1", None),
    ("127.0.0.1", "private"), ("10.1.2.3", "private"), ("100.127.255.254", "private"),
    ("198.18.0.1", "private"), ("fc00::1", "private"), ("fec0::1", "private"),
    ("::1", "private"), ("::ffff:10.0.0.1", "private"), ("64:ff9b:1::1", "private"),
    ("2001:db8::1", "private"),
    ("0.0.0.0", "never"), ("0.1.2.3", "never"), ("169.254.169.254", "never"),
    ("224.0.0.251", "never"), ("239.1.1.1", "never"), ("240.0.0.1", "never"),
    ("::", "never"), ("fe80::1", "never"), ("ff02::1", "never"), ("::7f00:1", "never"),
    ("::ffff:0.0.0.0", "never"), ("64:ff9b::a9fe:a9fe", "never"),
])
def test_address_classes(address: str, verdict: str | None) -> None:
    found = classify(ipaddress.ip_address(address))
    assert (found[1] if found else None) == verdict
    assert (AddressPolicy(allow_private=True).problem(ipaddress.ip_address(address)) is None) \
        == (verdict != "never")


def test_a_name_with_any_private_address_is_refused() -> None:
    with pytest.raises(Exception, match="resolves to 10.0.0.1, a private address"):
        AddressPolicy().check("mixed.example", ["93.184.215.14", "10.0.0.1"])
    assert AddressPolicy().check("public.example", ["93.184.215.14", "93.184.215.14"]) == [
        "93.184.215.14"]


# ---------------------------------------------------------------- settings and services


@pytest.mark.parametrize(("value", "allowed"), [
    ("1", True), ("on", True), ("TRUE", True), ("yes", True), ("", False), ("0", False),
    ("off", False), ("no", False), ("maybe", False)])
def test_the_setting_is_read_once_from_the_environment(
        monkeypatch: pytest.MonkeyPatch, value: str, allowed: bool) -> None:
    monkeypatch.setenv("FACTCHECK_ALLOW_PRIVATE_URLS", value)
    settings = Settings.load(db="x.db")
    monkeypatch.setenv("FACTCHECK_ALLOW_PRIVATE_URLS", "0" if allowed else "1")
    assert settings.allow_private_urls is allowed  # what the command started with


def test_a_refused_source_is_recorded_like_a_dead_link(
        sample_svc: FactcheckService, http_site: LocalSite,
        socket_connects: list[Any]) -> None:
    claim_id = sample_svc.list_claims()[0].id
    sid = sample_svc.add_source(claim_id, http_site.url("/refused-a")).id
    # Options that allow private addresses do not override the workspace's setting.
    checked = sample_svc.sources.check_one(sid, options=BatchOptions(limits=ALLOWED))
    assert checked.dead and checked.http_status is None and checked.checked_at is not None
    assert checked.error == (f'refused to fetch "{http_site.url("/refused-a")}": 127.0.0.1 '
                             f"is a loopback address ({HINT})")
    assert socket_connects == [] and http_site.hits("/refused-a") == 0


def test_with_the_setting_the_service_fetches_the_local_server(
        allow_private_urls: None, sample_svc: FactcheckService,
        http_site: LocalSite) -> None:
    assert sample_svc.settings.allow_private_urls
    sid = sample_svc.add_source(sample_svc.list_claims()[0].id, http_site.url("/page")).id
    assert sample_svc.sources.check_one(sid).title == PAGE_TITLE


@pytest.fixture
def checking(runner: CliRunner, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("FACTCHECK_CHECK_SOURCES", "on")
    monkeypatch.setenv("FACTCHECK_FETCH_TIMEOUT", "0.5")
    assert runner.invoke(app, ["import", "claims"]).exit_code == 0
    return runner


def _sources(runner: CliRunner) -> dict[str, dict[str, Any]]:
    result = runner.invoke(app, ["sources", "list", "--json"])
    assert result.exit_code == 0, result.output
    return {s["url"]: s for s in json.loads(result.stdout)}


def test_cli_source_add_keeps_the_source_and_reports_the_refusal(
        checking: CliRunner, http_site: LocalSite, socket_connects: list[Any]) -> None:
    for url, reason in (("http://169.254.169.254/latest/meta-data/", "link-local address"),
                        ("http://10.0.0.1/", f"10.0.0.1 is a private address ({HINT})"),
                        (http_site.url("/refused-c"), f"loopback address ({HINT})")):
        started = time.monotonic()
        result = checking.invoke(app, ["source", "add", "2", url])
        assert time.monotonic() - started < 2
        assert result.exit_code == 0, result.output  # added, like a dead link
        assert "added" in result.stdout
        assert result.stderr.startswith("warning: source ") and "DEAD refused to fetch" in \
            result.stderr and reason in result.stderr, result.stderr
        stored = _sources(checking)[url]
        assert stored["dead"] is True and reason in stored["error"]
    assert socket_connects == [] and http_site.hits("/refused-c") == 0


def test_cli_sources_check_records_refusals_for_an_imported_list(
        checking: CliRunner, http_site: LocalSite, socket_connects: list[Any]) -> None:
    for url in (http_site.url("/refused-d"), "http://192.168.1.1/"):
        assert checking.invoke(app, ["source", "add", "3", url, "--no-check"]).exit_code == 0
    result = checking.invoke(app, ["sources", "check"])
    assert result.exit_code == 0, result.output
    assert "checked 2 sources (2 URLs): 0 alive, 2 dead" in result.stdout
    assert result.stdout.count("FACTCHECK_ALLOW_PRIVATE_URLS=1") == 2
    dead = checking.invoke(app, ["sources", "list", "--dead", "--json"])
    assert {s["url"] for s in json.loads(dead.stdout)} == {http_site.url("/refused-d"),
                                                            "http://192.168.1.1/"}
    assert socket_connects == [] and http_site.hits("/refused-d") == 0


def test_cli_with_the_setting_fetches_the_local_server(
        checking: CliRunner, http_site: LocalSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_ALLOW_PRIVATE_URLS", "1")
    result = checking.invoke(app, ["source", "add", "4", http_site.url("/page")])
    assert result.exit_code == 0 and PAGE_TITLE in result.stdout, result.output


def test_cli_extract_refuses_a_local_url_in_one_line(
        workdir: Path, runner: CliRunner, http_site: LocalSite,
        socket_connects: list[Any]) -> None:
    before = http_site.hits("/article")
    result = runner.invoke(app, ["extract", http_site.url("/article")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and HINT in lines[0], lines
    assert "loopback address" in lines[0]
    assert socket_connects == [] and http_site.hits("/article") == before
