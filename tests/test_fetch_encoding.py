"""Content-Encoding against the real local server: stacked layers decoded under the size
limit (memory measured with tracemalloc), more than two refused, odd ones named."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib

import pytest

from factcheck.fetch import FetchLimits, fetch_page
from factcheck.fetch.batch import BatchOptions
from factcheck.services import FactcheckService
from tests.http_server import ENCODED_PAGE, LocalSite, encoded_body

LOCAL = FetchLimits(connect_timeout=1.0, read_timeout=2.0, deadline=10.0, allow_private=True)
MB = 1024 * 1024


@pytest.mark.parametrize("query", ["layers=1", "layers=2", "layers=1&coding=deflate",
                                   "layers=2&coding=deflate"])
def test_one_or_two_layers_are_decoded(http_site: LocalSite, query: str) -> None:
    page = fetch_page(http_site.url(f"/encoded?{query}"), limits=LOCAL)
    assert page.ok and page.title == "Encoded twice"
    assert page.body == ENCODED_PAGE


def test_raw_deflate_and_identity_are_decoded(http_site: LocalSite) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw = packer.compress(ENCODED_PAGE) + packer.flush()
    url = http_site.serve("/raw-deflate", raw, {"Content-Encoding": "deflate"})
    assert fetch_page(url, limits=LOCAL).body == ENCODED_PAGE
    url = http_site.serve("/identity", gzip.compress(ENCODED_PAGE),
                          {"Content-Encoding": "identity, gzip"})
    assert fetch_page(url, limits=LOCAL).title == "Encoded twice"


def test_we_ask_only_for_what_we_decode(http_site: LocalSite) -> None:
    fetch_page(http_site.url("/encoded?layers=1"), limits=LOCAL)
    assert http_site.request_headers("/encoded")["accept-encoding"] == "gzip, deflate"


def test_stacked_gzip_bomb_stays_under_the_limit_in_memory(http_site: LocalSite) -> None:
    """200 MB of zeros gzipped twice is a few hundred bytes on the wire; httpx alone hands
    it over as one 200 MB chunk (460 MB peak). Decoded here a piece at a time, memory stays
    near the 10 MB limit and the page is reported too large."""
    wire = encoded_body(2, 200)  # made before measuring (the server keeps it)
    assert len(wire) < 2048
    tracemalloc.start()
    try:
        started = time.monotonic()
        page = fetch_page(http_site.url("/encoded?layers=2&mb=200"),
                          limits=FetchLimits(allow_private=True))
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert page.failure == "too-large" and page.status == 200 and not page.dead
    assert page.error == "response is over the 10 MB limit once decoded; not read"
    assert page.body == b""
    assert peak < 25 * MB, f"peak {peak / MB:.0f} MB"
    assert elapsed < 5


def test_a_small_limit_bounds_every_layer(http_site: LocalSite) -> None:
    tracemalloc.start()
    try:
        page = fetch_page(http_site.url("/encoded?layers=2&mb=50"),
                          limits=FetchLimits(max_bytes=256 * 1024, allow_private=True))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert page.failure == "too-large"
    assert peak < 4 * MB, f"peak {peak / MB:.1f} MB"


def test_a_bomb_in_a_redirect_body_is_never_read(http_site: LocalSite) -> None:
    url = http_site.serve("/bomb-redirect", encoded_body(2, 200),
                          {"Content-Encoding": "gzip, gzip", "Location": "/page"}, status=302)
    tracemalloc.start()
    try:
        page = fetch_page(url, limits=LOCAL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert page.ok and page.final_url == http_site.url("/page")
    assert peak < 5 * MB, f"peak {peak / MB:.1f} MB"


def test_more_than_two_layers_are_refused(http_site: LocalSite) -> None:
    page = fetch_page(http_site.url("/encoded?layers=3"), limits=LOCAL)
    assert page.failure == "encoding" and page.status == 200
    assert page.error == ("the body is encoded 3 times (gzip, gzip, gzip); at most 2 are "
                          "decoded; not read")
    assert page.body == b"" and page.text is None


@pytest.mark.parametrize(("encoding", "body", "error"), [
    ("br", b"\x1b\x00", "unsupported content encoding 'br'; not read"),
    ("gzip", b"this is not gzip at all", "the gzip data is corrupt"),
])
def test_unknown_and_corrupt_encodings_are_named(http_site: LocalSite, encoding: str,
                                                 body: bytes, error: str) -> None:
    url = http_site.serve(f"/odd-{encoding}", body, {"Content-Encoding": encoding})
    page = fetch_page(url, limits=LOCAL)
    assert page.failure == "encoding" and (page.error or "").startswith(error), page.error


@pytest.mark.usefixtures("allow_private_urls")
def test_source_check_records_a_bomb_as_too_large(sample_svc: FactcheckService,
                                                  http_site: LocalSite) -> None:
    encoded_body(2, 200)
    sid = sample_svc.add_source(1, http_site.url("/encoded?layers=2&mb=200")).id
    tracemalloc.start()
    try:
        checked = sample_svc.sources.check_one(sid, options=BatchOptions(limits=LOCAL))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert checked.http_status == 200 and not checked.dead
    assert "limit once decoded" in (checked.error or "")
    assert peak < 25 * MB, f"peak {peak / MB:.0f} MB"
