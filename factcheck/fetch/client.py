"""httpx clients with our limits, and fetching one page (sync and async share the rules)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import httpx

from factcheck.errors import FactcheckError
from factcheck.fetch.charset import decode_page, page_title
from factcheck.models import utcnow
from factcheck.urls import checked_http_url

# A browser-like agent: many news sites answer 403 or an empty shell to unknown agents. The
# suffix keeps us identifiable to site operators.
USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/126.0 Safari/537.36 factcheck/0.1")
DEFAULT_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.8",
}
# Content types whose body is text we decode (and read a title from).
TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "application/xml",
                        "text/xml"})

FailureKind = Literal["timeout", "connect", "redirects", "refused", "too-large", "http",
                      "protocol", "content-type"]


class FetchRefused(FactcheckError):
    """The address is not one we fetch (a scheme other than http/https, or no host)."""


@dataclass(frozen=True)
class FetchLimits:
    """Timeouts in seconds; `deadline` bounds the whole fetch, so a server that drips bytes
    slower than the read timeout still cannot hold us."""

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 30.0
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.read_timeout, connect=self.connect_timeout)


DEFAULT_LIMITS = FetchLimits()


@dataclass(frozen=True)
class FetchedPage:
    url: str
    status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    charset: str | None = None
    text: str | None = None
    body: bytes = field(default=b"", repr=False)
    content_hash: str | None = None
    title: str | None = None
    error: str | None = None
    failure: FailureKind | None = None
    fetched_at: datetime = field(default_factory=utcnow)

    @property
    def ok(self) -> bool:
        """A 2xx answer whose body was read in full."""
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def dead(self) -> bool:
        return link_is_dead(self.status, self.error)

    @property
    def is_text(self) -> bool:
        return self.text is not None


def link_is_dead(http_status: int | None, error: str | None) -> bool:
    """Dead: an HTTP error status, or no HTTP answer at all (DNS, connection, timeout, redirect
    loop). A page that answered 200 but was too large or not HTML is alive."""
    if http_status is not None:
        return http_status >= 400
    return error is not None


def check_fetch_url(url: str) -> str:
    """The URL, stripped, or FetchRefused naming why it is not fetched."""
    return checked_http_url(
        url, lambda shown, problem: FetchRefused(f'refused to fetch "{shown}": {problem}'))


def make_client(limits: FetchLimits = DEFAULT_LIMITS, **kwargs: object) -> httpx.Client:
    """A sync client with our timeouts, redirect limit and browser-like headers."""
    return httpx.Client(follow_redirects=True, max_redirects=limits.max_redirects,
                        timeout=limits.timeout(), headers=DEFAULT_HEADERS,
                        **kwargs)  # type: ignore[arg-type]


def make_async_client(limits: FetchLimits = DEFAULT_LIMITS,
                      **kwargs: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(follow_redirects=True, max_redirects=limits.max_redirects,
                             timeout=limits.timeout(), headers=DEFAULT_HEADERS,
                             **kwargs)  # type: ignore[arg-type]


def _mime(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


class _Body:
    """Collects a streamed body under the size limit and turns it into a FetchedPage."""

    def __init__(self, url: str, response: httpx.Response, limits: FetchLimits,
                 expect_text: bool) -> None:
        self.url = url
        self.response = response
        self.limits = limits
        self.chunks: list[bytes] = []
        self.size = 0
        self.mime = _mime(response.headers.get("content-type"))
        self.refusal: FetchedPage | None = None
        declared = response.headers.get("content-length", "")
        if response.status_code >= 400:
            return  # the status says it all; the error body may still be read (small)
        if declared.isdigit() and int(declared) > limits.max_bytes:
            self.refusal = self._page(error=f"response of {int(declared)} bytes is over the "
                                            f"{_mb(limits.max_bytes)} limit; not read",
                                      failure="too-large")
        elif expect_text and self.mime is not None and self.mime not in TEXT_TYPES \
                and not self.mime.startswith("text/"):
            self.refusal = self._page(error=f"not a web page: content type {self.mime}",
                                      failure="content-type")

    def feed(self, chunk: bytes) -> bool:
        """False once the body went over the limit (stop reading)."""
        self.size += len(chunk)
        if self.size > self.limits.max_bytes:
            self.refusal = self._page(error=f"response is over the {_mb(self.limits.max_bytes)}"
                                            " limit; not read", failure="too-large")
            return False
        self.chunks.append(chunk)
        return True

    def finish(self) -> FetchedPage:
        if self.refusal is not None:
            return self.refusal
        body = b"".join(self.chunks)
        text = charset = title = None
        mime = self.mime
        if mime is None and body.lstrip()[:5] == b"%PDF-":
            mime = "application/pdf"
        if mime is None or mime in TEXT_TYPES or mime.startswith("text/"):
            text, charset = decode_page(body, self.response.charset_encoding)
            if mime in (None, "text/html", "application/xhtml+xml"):
                title = page_title(text)
        status = self.response.status_code
        error = None
        failure: FailureKind | None = None
        if status >= 400:
            error = f"HTTP {status} {self.response.reason_phrase}".strip()
            failure = "http"
        return self._page(content_type=mime, charset=charset, text=text, body=body,
                          content_hash=hashlib.sha256(body).hexdigest(), title=title,
                          error=error, failure=failure)

    def _page(self, **values: object) -> FetchedPage:
        values.setdefault("content_type", self.mime)
        return FetchedPage(url=self.url, status=self.response.status_code,
                           final_url=str(self.response.url), **values)  # type: ignore[arg-type]


def failed_page(url: str, exc: Exception, limits: FetchLimits) -> FetchedPage:
    """A FetchedPage for a fetch that got no usable answer, with a readable reason."""
    error: str
    failure: FailureKind
    if isinstance(exc, httpx.ConnectTimeout):
        error, failure = f"timed out connecting (limit {limits.connect_timeout:g} s)", "timeout"
    elif isinstance(exc, httpx.TimeoutException):
        error, failure = f"timed out (limit {limits.read_timeout:g} s)", "timeout"
    elif isinstance(exc, TimeoutError):
        error, failure = f"timed out (whole fetch over {limits.deadline:g} s)", "timeout"
    elif isinstance(exc, httpx.TooManyRedirects):
        error = f"too many redirects (more than {limits.max_redirects}) or a redirect loop"
        failure = "redirects"
    elif isinstance(exc, httpx.UnsupportedProtocol):
        error, failure = "redirected to an address that is not http(s); not followed", "refused"
    elif isinstance(exc, httpx.ConnectError):
        error, failure = f"connection failed: {_reason(exc)}", "connect"
    else:
        error, failure = f"fetch failed: {_reason(exc)}", "protocol"
    return FetchedPage(url=url, error=error, failure=failure)


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())[:200]


def fetch_page(url: str, *, client: httpx.Client | None = None,
               limits: FetchLimits = DEFAULT_LIMITS, expect_text: bool = False) -> FetchedPage:
    """Fetch one page. See the contract in factcheck.fetch."""
    url = check_fetch_url(url)
    own_client = client is None
    http = client if client is not None else make_client(limits)
    started = time.monotonic()
    try:
        with http.stream("GET", url) as response:
            body = _Body(url, response, limits, expect_text)
            if body.refusal is None:
                for chunk in response.iter_bytes():
                    if not body.feed(chunk):
                        break
                    if time.monotonic() - started > limits.deadline:
                        raise TimeoutError
            return body.finish()
    except (httpx.HTTPError, httpx.InvalidURL, TimeoutError, OSError, OverflowError,
            ValueError) as exc:
        # Anything the network stack raises for this one URL is a failed fetch, not a crash.
        return failed_page(url, exc, limits)
    finally:
        if own_client:
            http.close()


async def fetch_page_async(url: str, *, client: httpx.AsyncClient,
                           limits: FetchLimits = DEFAULT_LIMITS,
                           expect_text: bool = False) -> FetchedPage:
    """The async twin of fetch_page (same contract), for checking many sources at once."""
    import asyncio

    url = check_fetch_url(url)

    async def run() -> FetchedPage:
        async with client.stream("GET", url) as response:
            body = _Body(url, response, limits, expect_text)
            if body.refusal is None:
                async for chunk in response.aiter_bytes():
                    if not body.feed(chunk):
                        break
            return body.finish()

    try:
        return await asyncio.wait_for(run(), timeout=limits.deadline)
    except (httpx.HTTPError, httpx.InvalidURL, TimeoutError, OSError, OverflowError,
            ValueError) as exc:
        # Anything the network stack raises for this one URL is a failed fetch, not a crash.
        return failed_page(url, exc, limits)

