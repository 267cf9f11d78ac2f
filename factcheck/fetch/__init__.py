"""Fetching web pages over HTTP(S) with limits; the only code that talks to the network.

Contract of `fetch_page(url, *, client=None, limits=DEFAULT_LIMITS, expect_text=False)`:

- Only http:// and https:// are fetched. Any other scheme (file:, data:, ftp:, javascript:,
  no scheme) or a URL without a host raises `FetchRefused` (a FactcheckError with a clear,
  user-facing message) before any I/O. A redirect to such an address is not followed
  (returned as an error, see below).
- It never raises for network or HTTP trouble. It returns a `FetchedPage` whose `error` is a
  readable one-line reason and `failure` a short kind: "timeout", "connect" (DNS failure,
  refused connection), "redirects" (more than `limits.max_redirects`, or a loop), "refused"
  (redirect to a non-http(s) address), "too-large" (body over `limits.max_bytes`, 10 MB by
  default; enforced while streaming, the body is then not kept), "http" (status >= 400; the
  error body is still read and decoded), "content-type" (only with `expect_text=True`: the
  answer is not text/HTML, e.g. a PDF; body not read), "protocol" (anything else).
- Fields: `url` (as asked), `status` (last HTTP status, None when no answer), `final_url`
  (after redirects), `content_type` (MIME type, lower case, no parameters; "application/pdf"
  also when a PDF comes without a type), `charset` (the codec used), `text` (decoded body for
  text/HTML types, else None), `body` (raw bytes), `content_hash` (SHA-256 hex of the body),
  `title` (<title> or og:title, unescaped, whitespace collapsed, at most 500 chars; UNTRUSTED:
  display through factcheck.text.one_line inside rich Text), `fetched_at` (UTC).
  `ok` = 2xx and no error; `dead` = status >= 400 or no answer at all.
- Charset: byte-order mark, then the HTTP header, then <meta charset> / http-equiv, then a
  guess (UTF-8, CP949, Windows-1252). EUC-KR labels decode as CP949 (its superset, which
  Korean sites really use). `decode_page(bytes, header_charset)` does the same for local files.
- `client`: pass a client from `make_client(limits)` to reuse connections; without one a client
  is made and closed per call. Timeouts: connect 5 s, read 10 s, whole fetch 30 s; at most 5
  redirects; a browser-like User-Agent.

`fetch_page_async` is the same for an httpx.AsyncClient from `make_async_client`.
"""

from factcheck.fetch.charset import decode_page, page_title
from factcheck.fetch.client import (
    DEFAULT_LIMITS,
    USER_AGENT,
    FetchedPage,
    FetchLimits,
    FetchRefused,
    check_fetch_url,
    fetch_page,
    fetch_page_async,
    link_is_dead,
    make_async_client,
    make_client,
)

__all__ = [
    "DEFAULT_LIMITS",
    "USER_AGENT",
    "FetchLimits",
    "FetchRefused",
    "FetchedPage",
    "check_fetch_url",
    "decode_page",
    "fetch_page",
    "fetch_page_async",
    "link_is_dead",
    "make_async_client",
    "make_client",
    "page_title",
]
