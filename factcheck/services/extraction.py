"""Reading an article (a file, standard input or a URL) and extracting its claims: the I/O
around the pure extraction engine (factcheck/extract/)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.errors import FactcheckError
from factcheck.extract.article import (
    ArticleText,
    article_from_html,
    article_from_plain_text,
    looks_like_html,
)
from factcheck.extract.pipeline import Extraction, extract_article
from factcheck.urls import has_credentials, without_credentials

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.fetch import FetchLimits
    from factcheck.match.encoder import Encoder

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text", ".md")
EXPECTED_SOURCES = ".html, .htm, .txt or .md article file, an http(s) URL, or - for stdin"
MAX_FILE_BYTES = 10 * 1024 * 1024
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control bytes other than tab, newlines, form feed and escape do not occur in text.
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
_BINARY_SAMPLE = 8192


def _looks_binary(raw: bytes) -> bool:
    if raw.startswith(_UTF16_BOMS):
        return False
    sample = raw[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > max(2, len(sample) // 100)


def _undecodable(text: str) -> bool:
    """Decoding replaced a fair share of the bytes: the file is in no text encoding we know."""
    return text.count("\ufffd") > max(3, len(text) // 100)


def extract_source(source: str, language: str = "auto", *, settings: Settings | None = None,
                   threshold: float | None = None) -> Extraction:
    """The scored sentences of the article at `source` (see read_source): scored with the
    sentence encoder of `settings` (FACTCHECK_ENCODER; the default "use" without settings), or
    with the named features alone when it is off or cannot be loaded."""
    encoder = extraction_encoder(settings)
    if encoder is not None:
        _warm_up(encoder)  # the model loads while the article is read and analysed
    return extract_article(read_source(source, settings=settings), language, encoder=encoder,
                           threshold=threshold)


def extraction_encoder(settings: Settings | None) -> Encoder | None:
    """The configured sentence encoder when the check-worthiness model was trained with it
    (else the model scores with the named features alone, and no encoder is loaded)."""
    from factcheck.extract.model import model_for
    from factcheck.match.encoder import DEFAULT_ENCODER, EncoderUnavailable, encoder_for

    try:
        encoder = encoder_for(settings.encoder if settings is not None else DEFAULT_ENCODER)
    except EncoderUnavailable:
        return None
    if encoder is None or not model_for(encoder.id).uses_meaning:
        return None
    return encoder


def _warm_up(encoder: Encoder) -> None:
    import threading

    def load() -> None:
        try:
            encoder.encode(["."])
        except Exception:  # noqa: BLE001 - the real call reports it, in the main thread
            pass

    threading.Thread(target=load, daemon=True).start()


def _decode_file(raw: bytes) -> str:
    from factcheck.fetch.charset import decode_page

    text, _codec = decode_page(raw)
    return text


def read_source(source: str, *, fetch: Callable[[str], ArticleText] | None = None,
                settings: Settings | None = None) -> ArticleText:
    """An ArticleText from a URL, an .html/.txt file, or "-" (standard input). A URL is
    fetched under `settings` (its timeout and whether private addresses are allowed; without
    settings: the defaults, private addresses refused)."""
    if source.startswith(("http://", "https://")) or "://" in source:
        if fetch is not None:
            return fetch(source)
        return fetch_article(source, limits=article_limits(settings))
    if source == "-":
        raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else \
            sys.stdin.read().encode("utf-8")
        label = "<stdin>"
        kind = None
    else:
        path = Path(source)
        label = source
        suffix = path.suffix.lower()
        if suffix not in HTML_SUFFIXES + TEXT_SUFFIXES and not path.is_dir():
            # A .json claim list or a .docx read as text would give "claims" made of markup.
            raise FactcheckError(
                f"{source}: not an article file ({suffix or 'no extension'}); expected an "
                f"{EXPECTED_SOURCES}")
        if not path.exists():
            raise FactcheckError(f"{source}: no such file")
        if path.is_dir():
            raise FactcheckError(f"{source}: is a folder; expected an {EXPECTED_SOURCES}")
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise FactcheckError(f"{source}: file is {size / 1_048_576:.1f} MB, over the "
                                     f"{MAX_FILE_BYTES // 1_048_576} MB limit for an article")
            raw = path.read_bytes()
        except OSError as exc:
            raise FactcheckError(f"{source}: cannot read file: {exc.strerror or exc}") from None
        kind = "html" if suffix in HTML_SUFFIXES else "text"
    if _looks_binary(raw):
        raise FactcheckError(f"{label}: binary data, not text; expected an {EXPECTED_SOURCES}")
    text = _decode_file(raw)
    if _undecodable(text):
        raise FactcheckError(f"{label}: not readable as text in any known encoding; expected "
                             f"an {EXPECTED_SOURCES}")
    if not text.strip():
        raise FactcheckError(f"{label}: empty; expected article text")
    if kind is None:
        kind = "html" if looks_like_html(text) else "text"
    if kind == "html":
        return article_from_html(text, source=label)
    return article_from_plain_text(text, source=label)


def article_limits(settings: Settings | None) -> FetchLimits:
    """Fetch limits for an article: the settings' timeout (FACTCHECK_FETCH_TIMEOUT) and
    address policy (FACTCHECK_ALLOW_PRIVATE_URLS), the same rules as checking a source."""
    from factcheck.fetch import DEFAULT_LIMITS, FetchLimits

    if settings is None:
        return DEFAULT_LIMITS
    return FetchLimits.for_timeout(settings.fetch_timeout,
                                   allow_private=settings.allow_private_urls)


def fetch_article(url: str, *, limits: FetchLimits | None = None) -> ArticleText:
    """Fetch a page over HTTP(S) (factcheck.fetch enforces schemes, addresses, limits,
    charsets). Credentials written in the URL are neither sent nor kept: the article's `url`
    (final or canonical) and its source label are without them."""
    from factcheck.fetch import DEFAULT_LIMITS, fetch_page

    shown = without_credentials(url.strip())
    page = fetch_page(url, expect_text=True, limits=limits or DEFAULT_LIMITS)
    if page.error or not page.ok:
        reason = page.error or f"HTTP {page.status}"
        raise FactcheckError(f"{shown}: could not fetch the article: {reason}")
    if page.text is None:
        raise FactcheckError(f"{shown}: not a text page "
                             f"({page.content_type or 'unknown type'})")
    final = without_credentials(page.final_url or shown)
    if page.content_type == "text/plain":
        article = article_from_plain_text(page.text, source=shown)
        article.url = final
        return article
    article = article_from_html(page.text, source=shown, url=final)
    # A page's canonical link is the page's word and may carry credentials; trafilatura also
    # falls back to that link's netloc (user:password@host) for the outlet's name.
    if article.url:
        article.url = without_credentials(article.url)
    outlet = article.outlet or ""
    if "@" in outlet and not any(ch.isspace() or ch == "/" for ch in outlet) \
            and has_credentials(f"http://{outlet}"):
        article.outlet = outlet.rpartition("@")[2]
    return article
