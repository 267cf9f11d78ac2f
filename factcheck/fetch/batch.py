"""Fetching many URLs at once, politely: a few at a time per host, retries with backoff.

One deadline (`limits.deadline`) bounds each URL's whole fetch, retries and backoff included:
its clock starts when the URL's first try gets a slot, and no try starts (or goes on) after
it. Waiting for a slot behind other URLs of the same host does not count.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from factcheck.fetch.client import (
    DEFAULT_LIMITS,
    FetchedPage,
    FetchLimits,
    FetchRefused,
    failed_page,
    fetch_page_async,
    make_async_client,
)


@dataclass(frozen=True)
class BatchOptions:
    per_host: int = 2
    concurrency: int = 8
    # Extra attempts after the first, for timeouts, dropped connections and 5xx/429 answers.
    retries: int = 2
    backoff: float = 0.5
    limits: FetchLimits = DEFAULT_LIMITS


def is_transient(page: FetchedPage) -> bool:
    """Worth another try: the server was slow, dropped us, or said it failed for now."""
    if page.failure in ("timeout", "protocol"):
        return True
    return page.status is not None and (page.status >= 500 or page.status == 429)


OnPage = Callable[[FetchedPage], None]


async def fetch_many_async(urls: Sequence[str], options: BatchOptions | None = None,
                           on_page: OnPage | None = None) -> dict[str, FetchedPage]:
    """Fetch each distinct URL once; `on_page` is called as each one finishes (final try)."""
    options = options or BatchOptions()
    everyone = asyncio.Semaphore(max(1, options.concurrency))
    hosts: dict[str, asyncio.Semaphore] = {}
    results: dict[str, FetchedPage] = {}

    async with make_async_client(options.limits) as client:

        async def one(url: str) -> None:
            host = (urlsplit(url).hostname or "").lower()
            per_host = hosts.setdefault(host, asyncio.Semaphore(max(1, options.per_host)))
            attempt = 0
            ends: float | None = None
            while True:
                # The host slot first, so a busy host does not hold global slots while waiting.
                async with per_host, everyone:
                    if ends is None:
                        ends = time.monotonic() + options.limits.deadline
                    try:
                        page = await fetch_page_async(url, client=client,
                                                      limits=options.limits, ends=ends)
                    except FetchRefused as exc:
                        page = FetchedPage(url=url, error=exc.message, failure="refused")
                    except Exception as exc:  # noqa: BLE001
                        # One odd stored URL (a port httpx rejects, say) must not stop the
                        # whole batch: it is recorded as failed like any other.
                        page = failed_page(url, exc, options.limits)
                if attempt >= options.retries or not is_transient(page):
                    break
                pause = options.backoff * (2 ** attempt)
                if time.monotonic() + pause >= ends:
                    break  # no time left for another try: the last answer stands
                # Sleep outside the semaphores so others use the slot meanwhile.
                await asyncio.sleep(pause)
                attempt += 1
            results[url] = page
            if on_page is not None:
                on_page(page)

        await asyncio.gather(*(one(url) for url in dict.fromkeys(urls)))
    return results


def fetch_many(urls: Sequence[str], options: BatchOptions | None = None,
               on_page: OnPage | None = None) -> dict[str, FetchedPage]:
    """Blocking wrapper (runs its own event loop; call it from a thread in async programs)."""
    return asyncio.run(fetch_many_async(urls, options, on_page))
