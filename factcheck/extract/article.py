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
    # Indices into `paragraphs` of lines under a "관련기사" / "Related" heading: navigation.
    navigation: set[int] = field(default_factory=set)
    # Subheadlines (h2/h3 under the headline): facts too, scored like sentences.
    subheadlines: list[str] = field(default_factory=list)
    # The paragraph (between blank lines) each entry of `paragraphs` belongs to; empty: each
    # entry is a paragraph of its own. Context carries over only inside a paragraph.
    groups: list[int] = field(default_factory=list)

    def group_of(self, index: int) -> int:
        return self.groups[index] if index < len(self.groups) else index

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def ref(self) -> str:
        """A stable article ref, so that extracting the same article again matches the claims
        imported the first time. With a (canonical) URL the URL is the identity: a saved page
        and the same page fetched from its URL are one article. Without one, a slug of the
        file name plus a hash of the text."""
        identity = identity_of_url(self.url)
        if identity is not None and self.url is not None:
            digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:8]
            return f"{_slug(self.url)}-{digest}"
        digest = hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:8]
        return f"{_slug(self.url or self.source)}-{digest}"


def identity_of_url(url: str | None) -> str | None:
    """What names an article in its URL: host (without www.), path and query; None for a bare
    site root, which a misconfigured canonical link gives for every article of a site."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    path = parts.path.rstrip("/")
    if not path and not parts.query:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{path}" + (f"?{parts.query}" if parts.query else "")


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
    return paragraphs_and_navigation(text)[0]


# A heading over a list of links: "▶ 관련기사", "많이 본 뉴스", "Related stories", "Read more:".
_NAV_HEADING = re.compile(
    # An outlet's name or "가장" may come first: "누리일보 주요뉴스", "가장 많이 본 기사".
    r"^[\s▶☞▷►→■□◆◇※+\-\[<【#*]*(?:[\w가-힣]{1,12}\s)?"
    r"(?:관련\s?(?:기사|뉴스)|많이\s?(?:본|읽은)\s?(?:기사|뉴스)|랭킹\s?뉴스|"
    r"인기\s?(?:기사|뉴스)|추천\s?(?:기사|뉴스)|주요\s?(?:기사|뉴스)|최신\s?(?:기사|뉴스)|"
    r"이\s?시각\s?(?:주요|인기)?\s?(?:기사|뉴스)|함께\s?(?:보면\s?좋은|볼\s?만한)\s?(?:기사|뉴스)|"
    r"(?:more\s+)?related(?:\s+(?:articles?|stories|coverage|news|content|links|reading))?|"
    r"read (?:more|next|also)|also read|see also|more (?:stories|news|on this|from [^:]{1,30})|"
    r"recommended(?:\s+(?:for you|stories|articles|reading))?|"
    r"most (?:read|popular|viewed|shared)|trending(?:\s+now)?|top stories|"
    r"you (?:may|might) also like|editor'?s picks)\s*[:：]?\s*[\]】>]?\s*$",
    re.IGNORECASE)
# A list item or a linked headline: a bullet or number in front, or no sentence-final stop.
_LIST_ITEM = re.compile(r"^(?:[-–—•·*▶▷►☞◆◇■□※>+]|\d{1,2}[.)])\s*\S")
_NAV_ITEM_MAX_CHARS = 120


def _list_like(line: str) -> bool:
    return bool(_LIST_ITEM.match(line)) or (
        len(line) <= _NAV_ITEM_MAX_CHARS and not _SENTENCE_END.search(line))


def paragraphs_and_navigation(text: str) -> tuple[list[str], set[int]]:
    """Paragraphs, and the indices of those that are navigation (see `split_text`)."""
    split = split_text(text)
    return split.paragraphs, split.navigation


@dataclass
class SplitText:
    paragraphs: list[str]
    navigation: set[int]
    # The blank-line paragraph each entry of `paragraphs` belongs to.
    groups: list[int]


# A line ends a sentence with a full stop, or, in a script that leaves stops out, with a Korean
# final ending (다, 요, 까) as its last syllable.
_LINE_ENDS_SENTENCE = re.compile(r"(?:[.!?。…]|[다요까])[\"”’')\]]*\s*$")
# Headings set apart by their shape: a bracketed line ("[앵커]", "【속보】") or one ending in a
# colon.
_HEADING_SHAPE = re.compile(r"^[\[【<(][^\]】>)]{1,30}[\]】>)]$|[:：]$")


def _stands_alone(line: str) -> bool:
    """A line that is a unit of its own whatever follows: a heading, list item, caption, byline,
    credit, copyright or navigation line."""
    from factcheck.extract.worthiness import exclusion

    if _NAV_HEADING.match(line) or _LIST_ITEM.match(line) or _HEADING_SHAPE.search(line):
        return True
    kind = exclusion(line, "en", words=len(line.split()))
    return kind in ("caption", "byline", "email", "copyright", "navigation")


# A short Latin-script line ending in a capitalised word, followed by a capitalised line, is a
# stack of header lines ("Brixton County Department of Public Health" / "NEWS RELEASE"), not a
# sentence broken in two ("... according to" / "Fire Chief Dana Ruiz.").
_SHORT_HEADER_LINE = 45
_HANGUL = re.compile(r"[가-힣]")


def _header_stack(previous: str, line: str) -> bool:
    last = previous.split()[-1] if previous.split() else ""
    return (len(previous) < _SHORT_HEADER_LINE and not _HANGUL.search(previous)
            and bool(re.match(r"[\"“‘'(]*[A-Z]", line)) and last[:1].isupper())


def _join_broken_lines(lines: list[str], keep: set[int], headline_first: bool) -> list[list[int]]:
    """Runs of line indices that form one unit: a line that does not end a sentence continues
    into the next one (broadcast scripts and hard-wrapped text break a sentence over several
    lines), unless either line stands alone or is in `keep` (navigation). With
    `headline_first` the first line is the headline slot and never continues."""
    from factcheck.extract.worthiness import is_sign_off

    runs: list[list[int]] = []
    for index, line in enumerate(lines):
        if runs:
            previous = runs[-1][-1]
            continues = (
                not _LINE_ENDS_SENTENCE.search(lines[previous])
                and not (headline_first and previous == 0)
                and previous not in keep and index not in keep
                and not _stands_alone(lines[previous])
                and (not _stands_alone(line) or is_sign_off(line))
                and not _header_stack(lines[previous], line))
            if continues:
                runs[-1].append(index)
                continue
        runs.append([index])
    return runs


def split_text(text: str, *, headline_first: bool = False) -> SplitText:
    """Paragraphs, the indices of those that are navigation (the lines under a related-articles
    heading), and the blank-line paragraph each belongs to.

    Every line is a unit of its own (bylines and captions often sit on their own line), except
    that a sentence broken over several lines is joined back (`_join_broken_lines`). In text
    with blank lines between paragraphs, navigation runs to the next blank line (or, when the
    heading ends its block, through the list items that open the next one); without blank
    lines (trafilatura's output) through the list items and linked headlines after the
    heading, up to the next real paragraph, and each line is a paragraph of its own."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [[" ".join(line.split()) for line in block.split("\n")]
              for block in _BLANK_LINES.split(text)]
    blocks = [[line for line in block if line] for block in blocks]
    blocks = [block for block in blocks if block]
    blank_lines_separate = len(blocks) > 1
    paragraphs: list[str] = []
    navigation: set[int] = set()
    groups: list[int] = []
    carry = False  # a heading closed its block: the next block may open with its items
    for number, block in enumerate(blocks):
        under_heading = carry
        whole_block = False
        keep: set[int] = set()  # lines of this block that are navigation or its heading
        for index, line in enumerate(block):
            if _NAV_HEADING.match(line):
                under_heading, whole_block = True, blank_lines_separate
                keep.add(index)
            elif under_heading and (whole_block or _list_like(line)):
                keep.add(index)
            else:
                under_heading = whole_block = False
        first = headline_first and number == 0
        for run in _join_broken_lines(block, keep, first):
            if any(i in keep for i in run):  # the heading and the links under it
                navigation.add(len(paragraphs))
            groups.append(number if blank_lines_separate else len(paragraphs))
            paragraphs.append(" ".join(block[i] for i in run))
        carry = under_heading and bool(_NAV_HEADING.match(block[-1]))
    return SplitText(paragraphs, navigation, groups)


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
    split = split_text(text, headline_first=True)
    paragraphs, navigation = split.paragraphs, split.navigation
    if not paragraphs:
        raise FactcheckError(f"{source}: no text found")
    title = None
    first = paragraphs[0]
    if len(first) <= 200 and not _SENTENCE_END.search(first):
        title = first
    return ArticleText(source=source, paragraphs=paragraphs, title=title,
                       outlet=outlet_from_copyright(paragraphs), navigation=navigation,
                       groups=split.groups)


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
    split = split_text(_text_of(document))
    paragraphs, navigation = split.paragraphs, split.navigation
    if document is None or not paragraphs:
        raise FactcheckError(f"{source}: no article text found in the page")
    title = _clean(getattr(document, "title", None))
    canonical = _clean(getattr(document, "url", None)) or url
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = url
    if url and identity_of_url(canonical) is None:
        canonical = url  # a canonical link to the site's front page names no article
    host = urlsplit(url or canonical or "").netloc
    sitename = _clean(getattr(document, "sitename", None))
    if sitename and host and sitename.lower() in host.lower():
        sitename = None  # trafilatura's fallback is the host name, not the outlet's name
    outlet = (sitename or _outlet_from_title_tag(html, title)
              or outlet_from_copyright(paragraphs) or host or None)
    return ArticleText(source=source, paragraphs=paragraphs, title=title, outlet=outlet,
                       published=_parse_date(getattr(document, "date", None)),
                       url=canonical, navigation=navigation, groups=split.groups,
                       subheadlines=subheadlines_of(html, title))


_SUBHEAD_CLASS = re.compile(r"sub-?(?:title|head|headline)|deck|standfirst|summary-title",
                            re.IGNORECASE)
_BODY_STARTS_CHARS = 60  # a <p> this long is body text: the headline block is over
_SUBHEAD_MAX_CHARS = 200
_SUBHEAD_SCAN = 60  # elements after the headline to look through


def subheadlines_of(html: str, title: str | None) -> list[str]:
    """The subheadlines right under the headline (h2/h3, or an element classed as a
    subtitle or deck), before the body text starts. trafilatura leaves them out with the
    headline, yet they state the article's facts ("메모리 부문 흑자 전환…HBM 판매 3배 늘어")."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return []
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    headings = [e for e in elements if e.tag == "h1"]
    if not headings:
        return []
    key = " ".join((title or "").split())[:20]
    headline = next((h for h in headings
                     if key and key in " ".join(h.text_content().split())), headings[0])
    inside_headline = set(headline.iter())
    found: list[str] = []
    start = elements.index(headline) + 1
    for element in elements[start:start + _SUBHEAD_SCAN]:
        if element in inside_headline:
            continue
        text = " ".join(element.text_content().split())
        if element.tag in ("h1", "figure") or (
                element.tag == "p" and len(text) >= _BODY_STARTS_CHARS):
            break
        # A classed wrapper around h2/h3 counts through those.
        subheading = element.tag in ("h2", "h3") or (
            bool(_SUBHEAD_CLASS.search(element.get("class", "") or ""))
            and not any(d.tag in ("h2", "h3", "p") for d in element.iterdescendants()))
        if (subheading and text and len(text) <= _SUBHEAD_MAX_CHARS and text not in found
                and not _NAV_HEADING.match(text)):
            found.append(text)
    return found


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    return value or None


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head or "<p>" in head
