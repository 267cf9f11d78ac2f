"""Fetching web pages over HTTP(S) with limits; the only code that talks to the network.

Contract of `fetch_page(url, *, client=None, limits=DEFAULT_LIMITS, expect_text=False)`:

- Only http:// and https:// are fetched. Any other scheme (file:, data:, ftp:, javascript:,
  no scheme) or a URL without a host raises `FetchRefused` (a FactcheckError with a clear,
  user-facing message) before any I/O. A redirect to such an address is not followed
  (returned as an error, see below).
- Only public addresses are connected to (factcheck.fetch.addresses): the host is resolved
  and refused if ANY of its addresses is loopback, private, link-local, unspecified,
  multicast or reserved (IPv4-mapped/6to4/NAT64 forms included), for the first URL and every
  redirect hop, before any connection attempt; the connection then goes to the checked
  address (no second lookup, so DNS rebinding cannot slip past; see fetch/transport.py).
  `limits.allow_private` also allows loopback and private addresses (the tests' server, an
  intranet); link-local (cloud metadata), unspecified and multicast ones never. A refusal is
  a failed fetch, failure "refused", error `refused to fetch "URL": 10.0.0.1 is a private
  address (set FACTCHECK_ALLOW_PRIVATE_URLS=1 to allow it)`.
- Credentials written in a URL (user:password@) are never sent.
- It never raises for network or HTTP trouble. It returns a `FetchedPage` whose `error` is a
  readable one-line reason and `failure` a short kind: "timeout", "connect" (DNS failure,
  refused connection), "redirects" (more than `limits.max_redirects`, or a loop), "refused"
  (an address we do not fetch, or a redirect to a non-http(s) address), "too-large" (body
  over `limits.max_bytes`, 10 MB by default, counted after decoding and for every
  Content-Encoding layer; enforced while streaming, the body is then not kept), "encoding"
  (more than two stacked encodings, an unknown or corrupt one; body not kept), "http"
  (status >= 400; the error body is still read and decoded), "content-type" (only with
  `expect_text=True`: the answer is not text/HTML, e.g. a PDF; body not read), "protocol"
  (anything else).
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
- `client`: pass a client from `make_client(limits)` to reuse connections (its transport
  applies the address policy of those limits); without one a client is made and closed per
  call. Timeouts: connect 5 s, read 10 s, and one deadline of 30 s for the whole fetch that
  holds however the server trickles (headers included: every socket wait is cut to what is
  left); at most 5 redirects (followed here, each hop checked, their bodies never read); a
  browser-like User-Agent.

`fetch_page_async` is the same for an httpx.AsyncClient from `make_async_client`; its `ends`
lets a batch (fetch/batch.py) give every retry of a URL the same deadline.
"""

from factcheck.fetch.addresses import ALLOW_PRIVATE_HINT, AddressPolicy, AddressRefused
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
    "ALLOW_PRIVATE_HINT",
    "AddressPolicy",
    "AddressRefused",
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
