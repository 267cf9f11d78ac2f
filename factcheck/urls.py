"""What counts as a usable web address, shared by source recording and fetching."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from factcheck.errors import FactcheckError
from factcheck.text import one_line

ALLOWED_SCHEMES = ("http", "https")
# Browsers and servers commonly stop at 8 KB; a longer "URL" is pasted text, not an address.
MAX_URL_LENGTH = 8192


def http_url_problem(url: str) -> str | None:
    """Why `url` (already stripped) is not a fetchable http(s) address, or None when it is."""
    if len(url) > MAX_URL_LENGTH:
        return f"longer than {MAX_URL_LENGTH} characters"
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return "contains spaces or control characters (percent-encode them)"
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError when out of range
    except ValueError as exc:
        return f"not a valid address ({exc})"
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}:" if scheme else "an address without a scheme"
        return f"expected an http:// or https:// address, not {shown}"
    if not parts.hostname:
        return "no host name"
    if port == 0:
        return "port 0 is not a valid port"
    return None


def _netloc_span(url: str) -> tuple[int, int] | None:
    """Where the authority (user:password@host:port) sits in `url`, as urlsplit reads it."""
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return None
    start = url.find("//")
    if start < 0 or url[start + 2:start + 2 + len(netloc)] != netloc:
        return None
    return start + 2, start + 2 + len(netloc)


def has_credentials(url: str) -> bool:
    """Whether `url` carries a user name or password (http://user:secret@host/)."""
    span = _netloc_span(url.strip())
    return span is not None and "@" in url.strip()[span[0]:span[1]]


def without_credentials(url: str) -> str:
    """`url` with any user:password@ taken out, the rest exactly as written. Credentials in a
    source or article URL would be stored, shown in `claims list --json` and the CSV, and
    sent to whatever server the URL names; factcheck keeps and sends none."""
    span = _netloc_span(url)
    if span is None:
        return url
    start, end = span
    netloc = url[start:end]
    if "@" not in netloc:
        return url
    return url[:start] + netloc.rpartition("@")[2] + url[end:]


def checked_http_url(url: str, refusal: Callable[[str, str], FactcheckError]) -> str:
    """The stripped URL, or the error `refusal(shown_url, problem)` builds for the caller."""
    url = url.strip()
    problem = http_url_problem(url)
    if problem is not None:
        raise refusal(one_line(url, 80), problem)
    return url
