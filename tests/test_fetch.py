"""fetch_page against a real local HTTP server: charsets, redirects, limits, refusals."""

from __future__ import annotations

import asyncio
import hashlib

import pytest

from factcheck.errors import FactcheckError
from factcheck.fetch import (
    FetchLimits,
    FetchRefused,
    decode_page,
    fetch_page,
    fetch_page_async,
    make_async_client,
    make_client,
)
from tests.http_server import KO_TITLE, PAGE_TITLE, PDF_BYTES, LocalSite, ko_page

# The local server is on 127.0.0.1: these tests opt in to private addresses explicitly
# (tests/test_fetch_addresses.py shows the same URLs refused without it).
LOCAL = FetchLimits(allow_private=True)
FAST = FetchLimits(connect_timeout=1.0, read_timeout=0.3, deadline=2.0, allow_private=True)


def test_page_records_status_title_type_and_hash(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/page"), limits=FAST)
    assert page.ok and not page.dead
    assert page.status == 200
    assert page.final_url == http_site.url("/page")
    assert page.content_type == "text/html"
    assert page.title == PAGE_TITLE
    assert page.text is not None and "Exports rose 5%" in page.text
    assert page.content_hash == hashlib.sha256(page.body).hexdigest()


def test_user_agent_is_browser_like(http_site: LocalSite) -> None:
    fetch_page(http_site.url("/page?ua"), limits=FAST)
    assert http_site.user_agents[-1].startswith("Mozilla/5.0")


@pytest.mark.parametrize("path", ["/ko/meta-charset", "/ko/http-equiv", "/ko/header-charset"])
def test_korean_euc_kr_pages_decode_from_header_or_meta(http_site: LocalSite, path: str) -> None:
    page = fetch_page(http_site.url(path), limits=FAST)
    assert page.title == KO_TITLE
    assert page.text is not None and "사상 최대를 기록했다고" in page.text
    assert page.charset == "cp949"


def test_euc_kr_label_with_cp949_syllables_decodes(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/ko/cp949"), limits=FAST)
    assert page.title == "똠방각하 햏 소식"
    assert page.text is not None and "\ufffd" not in page.text


def test_header_charset_wins_over_meta() -> None:
    body = ko_page('<meta charset="iso-8859-1">').encode("euc-kr")
    text, codec = decode_page(body, "euc-kr")
    assert codec == "cp949" and KO_TITLE in text


def test_undeclared_korean_bytes_are_guessed() -> None:
    text, codec = decode_page(ko_page().encode("cp949"))
    assert codec == "cp949" and KO_TITLE in text


def test_redirect_chain_gives_final_url(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/redirect/3"), limits=FAST)
    assert page.ok
    assert page.final_url == http_site.url("/page")
    assert page.title == PAGE_TITLE


def test_redirect_chain_longer_than_limit_is_an_error(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/redirect/4"),
                      limits=FetchLimits(max_redirects=2, allow_private=True))
    assert page.failure == "redirects" and page.dead


def test_redirect_loop_is_dead_with_reason(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/loop/a"), limits=FAST)
    assert page.dead and page.status is None
    assert page.failure == "redirects"
    assert page.error is not None and "redirect" in page.error


def test_redirect_to_file_url_is_not_followed(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/to-file"), limits=FAST)
    assert page.failure == "refused"
    assert page.text is None


def test_404_is_dead(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/missing"), limits=FAST)
    assert page.status == 404 and page.dead
    assert page.error == "HTTP 404 Not Found"


def test_slow_response_times_out(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/slow?s=1.5"), limits=FAST)
    assert page.failure == "timeout" and page.dead
    assert page.error is not None and "timed out" in page.error


def test_slow_drip_is_stopped_by_the_whole_fetch_deadline(http_site: LocalSite) -> None:
    limits = FetchLimits(read_timeout=1.0, deadline=0.4, allow_private=True)
    page = fetch_page(http_site.url("/drip?n=8&gap=0.15"), limits=limits)
    assert page.failure == "timeout" and "whole fetch" in (page.error or "")

    async def run() -> str | None:
        async with make_async_client(limits) as client:
            slow = await fetch_page_async(http_site.url("/drip?n=8&gap=0.15"), client=client,
                                          limits=limits)
        return slow.failure

    assert asyncio.run(run()) == "timeout"


def test_body_over_default_limit_is_cut_off_but_alive(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/big?mb=11"), limits=LOCAL)
    assert page.failure == "too-large"
    assert page.status == 200 and not page.dead
    assert page.body == b"" and page.text is None
    assert "10 MB" in (page.error or "")


def test_declared_oversize_body_is_not_read(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/big-declared"), limits=FAST)
    assert page.failure == "too-large"


def test_small_limit_is_enforced_while_streaming(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/big?mb=1"),
                      limits=FetchLimits(max_bytes=100_000, allow_private=True))
    assert page.failure == "too-large"


def test_pdf_is_alive_without_text(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/doc.pdf"), limits=FAST)
    assert page.ok
    assert page.content_type == "application/pdf"
    assert page.text is None and page.title is None
    assert page.content_hash == hashlib.sha256(PDF_BYTES).hexdigest()


def test_pdf_is_refused_when_text_is_expected(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/doc.pdf"), limits=FAST, expect_text=True)
    assert page.failure == "content-type"
    assert page.error == "not a web page: content type application/pdf"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "data:text/html,<title>x</title>",
                                 "ftp://example.com/a", "javascript:alert(1)", "example.com/a",
                                 "http:///nohost"])
def test_other_schemes_are_refused_with_a_clear_message(url: str) -> None:
    with pytest.raises(FetchRefused) as info:
        fetch_page(url)
    assert isinstance(info.value, FactcheckError)
    assert "refused to fetch" in info.value.message


def test_connection_refused_is_dead() -> None:
    # Port 9 (discard) on loopback: nothing listens there in a test sandbox.
    page = fetch_page("http://127.0.0.1:9/", limits=FAST)
    assert page.failure == "connect" and page.dead


def test_shared_client_is_reused(http_site: LocalSite) -> None:
    with make_client(FAST) as client:
        first = fetch_page(http_site.url("/page"), client=client, limits=FAST)
        second = fetch_page(http_site.url("/ko/meta-charset"), client=client, limits=FAST)
    assert first.title == PAGE_TITLE and second.title == KO_TITLE


def test_async_fetch_has_the_same_contract(http_site: LocalSite) -> None:
    async def run() -> list[str | None]:
        async with make_async_client(FAST) as client:
            pages = await asyncio.gather(
                fetch_page_async(http_site.url("/ko/header-charset"), client=client, limits=FAST),
                fetch_page_async(http_site.url("/slow?s=1.5"), client=client, limits=FAST),
                fetch_page_async(http_site.url("/loop/a"), client=client, limits=FAST))
        return [p.title or p.failure for p in pages]

    assert asyncio.run(run()) == [KO_TITLE, "timeout", "redirects"]
