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
from urllib.parse import urlsplit

from factcheck.errors import FactcheckError

_BLANK_LINES = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?。…\"”’)]\s*$")
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
        return f"{_slug(self.url or self.source)}-{digest}"


def _slug(source: str) -> str:
    if "://" in source:
        parts = urlsplit(source)
        name = PurePosixPath(parts.path).stem or parts.netloc
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


def article_from_html(html: str, *, source: str, url: str | None = None) -> ArticleText:
    """Main text and metadata (title, outlet, date, canonical URL) extracted by trafilatura."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False)
    if document is None:
        raise FactcheckError(f"{source}: no article text found in the page")
    text = getattr(document, "text", None) or ""
    paragraphs = paragraphs_of(text)
    if not paragraphs:
        raise FactcheckError(f"{source}: no article text found in the page")
    title = _clean(getattr(document, "title", None))
    canonical = _clean(getattr(document, "url", None)) or url
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = url
    outlet = _clean(getattr(document, "sitename", None)) or outlet_from_copyright(paragraphs)
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
