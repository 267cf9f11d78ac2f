"""httpx clients with our limits, and fetching one page (sync and async share the rules)."""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import httpx

from factcheck.errors import FactcheckError
from factcheck.fetch.addresses import AddressPolicy, AddressRefused
from factcheck.fetch.charset import decode_page, page_title
from factcheck.fetch.decoding import ACCEPT_ENCODING, BodyDecoder, DecodedTooLarge, EncodingRefused
from factcheck.fetch.transport import CheckedAsyncTransport, CheckedTransport, deadline_at
from factcheck.models import utcnow
from factcheck.text import one_line
from factcheck.urls import checked_http_url, http_url_problem, without_credentials

# A browser-like agent: many news sites answer 403 or an empty shell to unknown agents. The
# suffix keeps us identifiable to site operators.
USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/126.0 Safari/537.36 factcheck/0.1")
DEFAULT_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.8",
    # Only what factcheck.fetch.decoding decodes (not httpx's list, which grows with extras).
    "Accept-Encoding": ACCEPT_ENCODING,
}
# Content types whose body is text we decode (and read a title from).
TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", "application/xml",
                        "text/xml"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

FailureKind = Literal["timeout", "connect", "redirects", "refused", "too-large", "http",
                      "protocol", "content-type", "encoding"]


class FetchRefused(FactcheckError):
    """The address is not one we fetch (a scheme other than http/https, or no host)."""


@dataclass(frozen=True)
class FetchLimits:
    """Timeouts in seconds; `deadline` bounds the whole fetch (connecting, every redirect,
    headers, body; in a batch also every retry), so a server that drips bytes slower than
    the read timeout still cannot hold us. `allow_private`: also fetch from loopback and
    private addresses (see factcheck.fetch.addresses); link-local, unspecified and multicast
    addresses are never fetched."""

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 30.0
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024
    allow_private: bool = False

    @classmethod
    def for_timeout(cls, timeout: float, *, allow_private: bool = False) -> FetchLimits:
        """Limits for waiting `timeout` seconds for a server: the whole fetch (retries
        included) may take 3x that, and at least `timeout` + 5 s."""
        return cls(connect_timeout=min(5.0, timeout), read_timeout=timeout,
                   deadline=max(3 * timeout, timeout + 5), allow_private=allow_private)

    @property
    def policy(self) -> AddressPolicy:
        return AddressPolicy(allow_private=self.allow_private)

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
    loop, an address we do not fetch). A page that answered 200 but was too large or not HTML
    is alive."""
    if http_status is not None:
        return http_status >= 400
    return error is not None


def check_fetch_url(url: str) -> str:
    """The URL, stripped, or FetchRefused naming why it is not fetched."""
    return checked_http_url(
        url, lambda shown, problem: FetchRefused(f'refused to fetch "{shown}": {problem}'))


def make_client(limits: FetchLimits = DEFAULT_LIMITS, **kwargs: object) -> httpx.Client:
    """A sync client with our timeouts, browser-like headers and the address policy of
    `limits` (its transport connects only where that policy allows). Redirects are followed
    by fetch_page, not by httpx (each hop is checked and its body never read)."""
    kwargs.setdefault("transport", CheckedTransport(limits.policy))
    return httpx.Client(follow_redirects=False, timeout=limits.timeout(),
                        headers=DEFAULT_HEADERS, **kwargs)  # type: ignore[arg-type]


def make_async_client(limits: FetchLimits = DEFAULT_LIMITS,
                      **kwargs: object) -> httpx.AsyncClient:
    kwargs.setdefault("transport", CheckedAsyncTransport(limits.policy))
    return httpx.AsyncClient(follow_redirects=False, timeout=limits.timeout(),
                             headers=DEFAULT_HEADERS, **kwargs)  # type: ignore[arg-type]


def _mime(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


class _Body:
    """Collects a streamed body (raw bytes, decoded here under the size limit, see
    factcheck.fetch.decoding) and turns it into a FetchedPage."""

    def __init__(self, url: str, response: httpx.Response, limits: FetchLimits,
                 expect_text: bool) -> None:
        self.url = url
        self.response = response
        self.limits = limits
        self.chunks: list[bytes] = []
        self.size = 0
        self.mime = _mime(response.headers.get("content-type"))
        self.refusal: FetchedPage | None = None
        self.decoder: BodyDecoder | None = None
        encoding = response.headers.get("content-encoding")
        self.encoded = bool(encoding and encoding.strip().lower() not in ("", "identity"))
        try:
            self.decoder = BodyDecoder(encoding, limits.max_bytes)
        except EncodingRefused as exc:
            if response.status_code < 400:
                self.refusal = self._page(error=f"{exc.reason}; not read", failure="encoding")
            return
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

    @property
    def reading(self) -> bool:
        return self.refusal is None and self.decoder is not None

    def feed(self, raw: bytes) -> bool:
        """False once the body cannot be kept (over the limit, undecodable): stop reading."""
        if self.decoder is None:
            return False
        try:
            for piece in self.decoder.feed(raw):
                if not self._keep(piece):
                    return False
        except DecodedTooLarge:
            return self._too_large()
        except EncodingRefused as exc:
            return self._undecodable(exc)
        return True

    def _keep(self, piece: bytes) -> bool:
        self.size += len(piece)
        if self.size > self.limits.max_bytes:
            return self._too_large()
        self.chunks.append(piece)
        return True

    def _too_large(self) -> bool:
        self.chunks = []
        decoded = " once decoded" if self.encoded else ""
        self.refusal = self._page(error=f"response is over the {_mb(self.limits.max_bytes)} "
                                        f"limit{decoded}; not read", failure="too-large")
        return False

    def _undecodable(self, exc: EncodingRefused) -> bool:
        self.chunks = []
        if self.response.status_code < 400:
            self.refusal = self._page(error=f"{exc.reason}; not read", failure="encoding")
        return False

    def finish(self) -> FetchedPage:
        if self.reading and self.decoder is not None:
            try:
                for piece in self.decoder.finish():
                    if not self._keep(piece):
                        break
            except DecodedTooLarge:
                self._too_large()
            except EncodingRefused as exc:
                self._undecodable(exc)
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


class _Hops:
    """Following redirects by hand: httpx would read every redirect's body in full (through
    its own unbounded decoding), and each hop is a new address to check anyway (the
    transport checks it when it connects)."""

    def __init__(self, url: str, limits: FetchLimits) -> None:
        self.url = url
        self.limits = limits
        self.current = url
        self.followed = 0

    def request_url(self) -> str:
        # Credentials written in a URL are never sent (nor stored, see factcheck.urls).
        return without_credentials(self.current)

    def after(self, response: httpx.Response) -> FetchedPage | None:
        """None to go on with `current` (the redirect's target); a FetchedPage to stop."""
        location = response.headers.get("location")
        target = str(response.url.join(location.strip())) if location else ""
        problem = http_url_problem(target)
        if problem is not None:
            if problem.startswith("expected an http"):
                error = "redirected to an address that is not http(s); not followed"
            else:
                error = f"redirected to an unusable address ({problem}); not followed"
            return FetchedPage(url=self.url, error=error, failure="refused")
        if self.followed >= self.limits.max_redirects:
            return FetchedPage(url=self.url, error=f"too many redirects (more than "
                                                   f"{self.limits.max_redirects}) or a "
                                                   f"redirect loop", failure="redirects")
        self.followed += 1
        self.current = target
        return None

    def refused(self, exc: AddressRefused) -> FetchedPage:
        shown = one_line(without_credentials(self.current), 80)
        if self.followed:
            error = f'refused to follow a redirect to "{shown}": {exc.problem}'
        else:
            error = f'refused to fetch "{shown}": {exc.problem}'
        return FetchedPage(url=self.url, error=error, failure="refused")


def _is_redirect(response: httpx.Response) -> bool:
    return response.status_code in REDIRECT_STATUSES and "location" in response.headers


def failed_page(url: str, exc: BaseException, limits: FetchLimits, *,
                late: bool = False) -> FetchedPage:
    """A FetchedPage for a fetch that got no usable answer, with a readable reason. `late`:
    the whole-fetch deadline had passed (whatever timeout fired, that is the reason)."""
    error: str
    failure: FailureKind
    if isinstance(exc, TimeoutError | httpx.TimeoutException) and late:
        error, failure = f"timed out (whole fetch over {limits.deadline:g} s)", "timeout"
    elif isinstance(exc, httpx.ConnectTimeout):
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
    elif isinstance(exc, httpx.InvalidURL):
        error, failure = f"not a valid address ({_reason(exc)})", "refused"
    elif isinstance(exc, httpx.ConnectError):
        error, failure = f"connection failed: {_reason(exc)}", "connect"
    else:
        error, failure = f"fetch failed: {_reason(exc)}", "protocol"
    return FetchedPage(url=url, error=error, failure=failure)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())[:200]


def _late(ends: float) -> bool:
    # Socket and timer timeouts may fire a hair before the instant they were set for.
    return time.monotonic() >= ends - 0.01


# What the network stack may raise for one URL: a failed fetch, never a crash.
_FAILURES = (httpx.HTTPError, httpx.InvalidURL, TimeoutError, OSError, OverflowError,
             ValueError)


def fetch_page(url: str, *, client: httpx.Client | None = None,
               limits: FetchLimits = DEFAULT_LIMITS, expect_text: bool = False) -> FetchedPage:
    """Fetch one page. See the contract in factcheck.fetch. A `client` passed in connects
    under its own address policy (make it with `make_client(limits)`)."""
    url = check_fetch_url(url)
    own_client = client is None
    http = client if client is not None else make_client(limits)
    ends = time.monotonic() + limits.deadline
    hops = _Hops(url, limits)
    try:
        with deadline_at(ends):
            while True:
                with http.stream("GET", hops.request_url()) as response:
                    if _is_redirect(response):
                        stop = hops.after(response)
                        if stop is not None:
                            return stop
                        continue
                    body = _Body(url, response, limits, expect_text)
                    if body.reading:
                        for chunk in response.iter_raw():
                            if not body.feed(chunk):
                                break
                            if time.monotonic() > ends:
                                raise TimeoutError
                    return body.finish()
    except AddressRefused as exc:
        return hops.refused(exc)
    except _FAILURES as exc:
        return failed_page(url, exc, limits, late=_late(ends))
    finally:
        if own_client:
            http.close()


async def fetch_page_async(url: str, *, client: httpx.AsyncClient,
                           limits: FetchLimits = DEFAULT_LIMITS, expect_text: bool = False,
                           ends: float | None = None) -> FetchedPage:
    """The async twin of fetch_page (same contract), for checking many sources at once.
    `ends`: the time.monotonic() by which the fetch must be over (a batch gives every try of
    a URL the same one); by default `limits.deadline` from now."""
    url = check_fetch_url(url)
    ends = time.monotonic() + limits.deadline if ends is None else ends
    hops = _Hops(url, limits)

    async def run() -> FetchedPage:
        while True:
            async with client.stream("GET", hops.request_url()) as response:
                if _is_redirect(response):
                    stop = hops.after(response)
                    if stop is not None:
                        return stop
                    continue
                body = _Body(url, response, limits, expect_text)
                if body.reading:
                    async for chunk in response.aiter_raw():
                        if not body.feed(chunk):
                            break
                return body.finish()

    try:
        left = ends - time.monotonic()
        if left <= 0:
            raise TimeoutError
        # wait_for cancels whatever the request waits for (connecting, headers, body).
        return await asyncio.wait_for(run(), timeout=left)
    except AddressRefused as exc:
        return hops.refused(exc)
    except _FAILURES as exc:
        return failed_page(url, exc, limits, late=_late(ends))
