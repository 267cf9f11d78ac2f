"""An article's main text and metadata, from HTML (trafilatura) or plain text.

trafilatura is imported lazily: it pulls in lxml and friends, which the rest of the CLI does not
need.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from factcheck.errors import FactcheckError

_BLANK_LINES = re.compile(r"\n\s*\n")
# A headline ends without a full stop; closing quotes or brackets after its last word are fine.
_SENTENCE_END = re.compile(r"[.!?。][\"”’')\]]*\s*$")
# "저작권자 © 테크브리프 무단전재 및 재배포 금지", "© 2025 TechLedger Media. All rights reserved.",
# "Copyright (c) 2024 Outlet": the outlet's name is what stands between the mark and the notice.
_COPYRIGHT_OUTLET = re.compile(
    r"(?:저작권자\s*)?(?:©|ⓒ|\(c\)|copyright)\s*(?:\d{4}\s*[-~–]?\s*\d{0,4}\s*)?"
    r"(?P<outlet>[^.,\n]{2,60}?)\s*(?:[.,]|무단|all rights|$)",
    re.IGNORECASE,
)


@dataclass
class ArticleText:
    """Main text as paragraphs, plus what is known about the article."""

    source: str
    paragraphs: list[str]
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def ref(self) -> str:
        """A stable article ref: a slug of the source plus a hash of the text, so that
        extracting the same article again matches the claims imported the first time."""
        digest = hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:8]
        return f"{_slug(self.source if '://' not in self.source else self.url or self.source)}" \
               f"-{digest}"


# Page names that say nothing about the article ("articleView.html?idxno=48213").
_GENERIC_PAGE_NAMES = {"index", "article", "articleview", "view", "news", "read", "story",
                       "show", "detail", "post", "default", "newsview", "amp"}


def _slug(source: str) -> str:
    if "://" in source:
        parts = urlsplit(source)
        name = PurePosixPath(parts.path).stem
        if not name or name.lower() in _GENERIC_PAGE_NAMES or name.isdigit():
            host = (parts.hostname or "page").removeprefix("www.").split(".")[0]
            number = "".join(re.findall(r"\d+", f"{parts.path}{parts.query}"))[-12:]
            name = f"{host}-{number}" if number else host
    else:
        name = PurePosixPath(source.replace("\\", "/")).stem or "article"
    slug = re.sub(r"[^0-9A-Za-z가-힣]+", "-", name).strip("-").lower()
    return slug[:40] or "article"


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs of plain text: blank lines separate them; single line breaks inside a
    paragraph are kept apart too, since bylines and captions often sit on their own line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[str] = []
    for block in _BLANK_LINES.split(text):
        for line in block.split("\n"):
            line = " ".join(line.split())
            if line:
                paragraphs.append(line)
    return paragraphs


def outlet_from_copyright(paragraphs: list[str]) -> str | None:
    for paragraph in reversed(paragraphs[-6:]):
        if not re.search(r"©|ⓒ|copyright|저작권", paragraph, re.IGNORECASE):
            continue
        match = _COPYRIGHT_OUTLET.search(paragraph)
        if match:
            outlet = match.group("outlet").strip(" .,")
            outlet = re.sub(r"^\d{4}\s*", "", outlet)
            if outlet and not re.search(r"무단|rights", outlet, re.IGNORECASE):
                return outlet
    return None


def article_from_plain_text(text: str, *, source: str) -> ArticleText:
    """A plain-text article: the first line is its headline when it reads like one (short, no
    sentence-final punctuation)."""
    paragraphs = paragraphs_of(text)
    if not paragraphs:
        raise FactcheckError(f"{source}: no text found")
    title = None
    first = paragraphs[0]
    if len(first) <= 200 and not _SENTENCE_END.search(first):
        title = first
    return ArticleText(source=source, paragraphs=paragraphs, title=title,
                       outlet=outlet_from_copyright(paragraphs))


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _bare_extraction(html: str, url: str | None, *, precision: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False, favor_precision=precision,
        # Only dates the page states: no guessing a year from a copyright line.
        date_extraction_params={"extensive_search": False, "original_date": True})


def _text_of(document: Any) -> str:
    return (getattr(document, "text", None) or "") if document is not None else ""


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " : ")


def _outlet_from_title_tag(html: str, title: str | None) -> str | None:
    """"Headline | Outlet" in the <title> tag, when the headline is known."""
    import html as html_lib

    match = _TITLE_TAG.search(html[:50_000])
    if not match or not title:
        return None
    raw = " ".join(html_lib.unescape(match.group(1)).split())
    for separator in _TITLE_SEPARATORS:
        if separator in raw:
            head, _, tail = raw.rpartition(separator)
            if tail and len(tail) <= 40 and (title.startswith(head[:20]) or head in title):
                return tail
    return None


def article_from_html(html: str, *, source: str, url: str | None = None) -> ArticleText:
    """Main text and metadata (title, outlet, date, canonical URL) extracted by trafilatura.

    The precise mode comes first: it keeps paragraphs apart and leaves out bylines and
    captions; the default mode is the fallback when the precise one finds little of the page.
    """
    precise = _bare_extraction(html, url, precision=True)
    document = precise
    if len(_text_of(precise)) < 200:
        broad = _bare_extraction(html, url, precision=False)
        if len(_text_of(broad)) > 2 * len(_text_of(precise)):
            document = broad
    paragraphs = paragraphs_of(_text_of(document))
    if document is None or not paragraphs:
        raise FactcheckError(f"{source}: no article text found in the page")
    title = _clean(getattr(document, "title", None))
    canonical = _clean(getattr(document, "url", None)) or url
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = url
    host = urlsplit(url or canonical or "").netloc
    sitename = _clean(getattr(document, "sitename", None))
    if sitename and host and sitename.lower() in host.lower():
        sitename = None  # trafilatura's fallback is the host name, not the outlet's name
    outlet = (sitename or _outlet_from_title_tag(html, title)
              or outlet_from_copyright(paragraphs) or host or None)
    return ArticleText(source=source, paragraphs=paragraphs, title=title, outlet=outlet,
                       published=_parse_date(getattr(document, "date", None)),
                       url=canonical)


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<p>" in head
