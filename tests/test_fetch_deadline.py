"""One deadline for the whole fetch, retries included, however the server trickles (real local
server: headers a byte at a time, bodies that drip, answers that come late)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.fetch import FetchLimits, fetch_page, fetch_page_async, make_async_client
from factcheck.fetch.batch import BatchOptions, fetch_many
from factcheck.services import FactcheckService
from factcheck.services.extraction import article_limits, fetch_article
from factcheck.services.sources import check_options
from tests.http_server import LocalSite

# Each read would wait up to 1 s, and the trickle sends a byte every 0.2 s: only the whole
# fetch's deadline can stop it.
LIMITS = FetchLimits(connect_timeout=1.0, read_timeout=1.0, deadline=1.0, allow_private=True)
SLACK = 0.6  # scheduling on a busy 2-core machine


@contextmanager
def took(at_most: float) -> Iterator[Callable[[], float]]:
    started = time.monotonic()
    yield lambda: time.monotonic() - started
    elapsed = time.monotonic() - started
    assert elapsed < at_most, f"took {elapsed:.2f} s, at most {at_most} s expected"


def test_headers_trickled_a_byte_at_a_time_hit_the_deadline(http_site: LocalSite) -> None:
    with took(LIMITS.deadline + SLACK) as elapsed:
        page = fetch_page(http_site.url("/trickle-headers?gap=0.2"), limits=LIMITS)
    assert elapsed() >= LIMITS.deadline - 0.05
    assert page.failure == "timeout" and page.status is None and page.dead
    assert page.error == "timed out (whole fetch over 1 s)"


def test_async_fetch_stops_trickled_headers_too(http_site: LocalSite) -> None:
    async def run() -> str | None:
        async with make_async_client(LIMITS) as client:
            page = await fetch_page_async(http_site.url("/trickle-headers?gap=0.2"),
                                          client=client, limits=LIMITS)
        return page.error

    with took(LIMITS.deadline + SLACK):
        assert asyncio.run(run()) == "timed out (whole fetch over 1 s)"


def test_a_dripping_body_is_not_retried_past_the_deadline(http_site: LocalSite) -> None:
    before = http_site.hits("/drip")
    options = BatchOptions(retries=2, backoff=0.01, limits=LIMITS)
    with took(LIMITS.deadline + SLACK):
        pages = fetch_many([http_site.url("/drip?n=40&gap=0.1&try=deadline")], options)
    (page,) = pages.values()
    assert page.error == "timed out (whole fetch over 1 s)"
    assert http_site.hits("/drip") - before == 1  # no second try: the deadline had passed


def test_retries_share_one_deadline(http_site: LocalSite) -> None:
    """Each try times out after 0.3 s; five retries would take 1.8 s, the deadline is 1 s."""
    limits = FetchLimits(connect_timeout=1.0, read_timeout=0.3, deadline=1.0, allow_private=True)
    options = BatchOptions(retries=5, backoff=0.01, limits=limits)
    with took(limits.deadline + SLACK):
        pages = fetch_many([http_site.url("/slow?s=2&group=deadline")], options)
    (page,) = pages.values()
    assert page.failure == "timeout"


def test_source_check_of_a_trickling_server_takes_the_deadline_not_three_times_it(
        allow_private_urls: None, sample_svc: FactcheckService, http_site: LocalSite) -> None:
    sid = sample_svc.add_source(1, http_site.url("/trickle-headers?gap=0.2&svc")).id
    with took(LIMITS.deadline + SLACK):
        checked = sample_svc.sources.check_one(
            sid, options=BatchOptions(retries=2, backoff=0.01, limits=LIMITS))
    assert checked.dead and checked.error == "timed out (whole fetch over 1 s)"


def test_the_stated_bound_is_the_real_one() -> None:
    """`sources check --timeout 10` (the default): the whole fetch, retries included, 30 s."""
    options = check_options(10)
    assert (options.limits.read_timeout, options.limits.deadline, options.retries) == (
        10, 30, 2)


def test_extract_fetches_with_the_settings_timeout_and_one_deadline(
        allow_private_urls: None, http_site: LocalSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_FETCH_TIMEOUT", "2")
    limits = article_limits(Settings.load(db="unused.db"))
    assert (limits.read_timeout, limits.deadline, limits.allow_private) == (2, 7, True)
    with took(LIMITS.deadline + SLACK), pytest.raises(FactcheckError) as error:
        fetch_article(http_site.url("/trickle-headers?gap=0.2&extract"), limits=LIMITS)
    assert error.value.message.endswith(
        "could not fetch the article: timed out (whole fetch over 1 s)")
