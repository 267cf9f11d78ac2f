"""Article -> sentences -> scored claims -> a claim list in the import format."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.errors import FactcheckError
from factcheck.extract.article import (
    ArticleText,
    article_from_html,
    article_from_plain_text,
    looks_like_html,
)
from factcheck.extract.sentences import (
    detect_language,
    split_korean_many,
    split_sentences,
    tokens,
)
from factcheck.extract.worthiness import (
    Context,
    SentenceScore,
    score_sentence,
    strip_lead_byline,
)
from factcheck.io.json_import import normalise_whitespace

LANGUAGES = ("ko", "en", "auto")
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


@dataclass
class Extraction:
    article: ArticleText
    language: str
    sentences: list[SentenceScore]

    @property
    def claims(self) -> list[SentenceScore]:
        return [s for s in self.sentences if s.checkworthy]

    def document(self, *, include_all: bool = False) -> dict[str, Any]:
        """The claim list in the import format (`factcheck schema`). Features and the score go
        into tags so a reviewer sees why a sentence was proposed; with `include_all` every
        sentence is kept, those below the threshold or excluded tagged as such."""
        article: dict[str, Any] = {"ref": self.article.ref(), "language": self.language}
        if self.article.title:
            article["title"] = self.article.title
        if self.article.url:
            article["url"] = self.article.url
        if self.article.outlet:
            article["outlet"] = self.article.outlet
        if self.article.published:
            article["published"] = self.article.published.isoformat()
        claims: list[dict[str, Any]] = []
        seen: set[str] = set()
        for sentence in self.sentences if include_all else self.claims:
            key = normalise_whitespace(sentence.text)
            if key in seen:  # a headline repeated in the body, a caption used twice
                continue
            seen.add(key)
            claim: dict[str, Any] = {"text": sentence.text, "language": sentence.language}
            if sentence.speaker:
                claim["speaker"] = sentence.speaker
            tags = ["extracted", f"score:{sentence.score:g}", *sentence.features]
            if sentence.excluded:
                tags.append(f"excluded:{sentence.excluded}")
            elif not sentence.checkworthy:
                tags.append("below-threshold")
            claim["tags"] = tags
            claims.append(claim)
        return {"article": article, "claims": claims}


def extract_article(article: ArticleText, language: str = "auto") -> Extraction:
    """Split the article into sentences and score each one."""
    if language not in LANGUAGES:
        raise FactcheckError(f'unknown language "{language}": expected ko, en or auto')
    if language == "auto":
        language = detect_language(article.text if not article.title
                                   else f"{article.title}\n{article.text}")
    units: list[tuple[str, str, int]] = []  # (text, kind, paragraph index)
    paragraphs = list(article.paragraphs)
    first_body = 0  # index in article.paragraphs of paragraphs[0]
    if article.title:
        title_key = normalise_whitespace(article.title)
        units.append((article.title, "headline", -1))
        if paragraphs and normalise_whitespace(paragraphs[0]) == title_key:
            paragraphs = paragraphs[1:]
            first_body = 1
    body_keys = {normalise_whitespace(p) for p in paragraphs}
    for subheadline in article.subheadlines:
        if normalise_whitespace(subheadline) not in body_keys:
            units.append((subheadline, "subheadline", -1))
    if language == "ko":
        split = split_korean_many(paragraphs)
    else:
        split = [split_sentences(p, "en") for p in paragraphs]
    for index, parts in enumerate(split):
        for number, part in enumerate(parts):
            text = strip_lead_byline(part) if number == 0 else part
            units.append((text, "body", index))
    navigation = {index - first_body for index in article.navigation}
    sentences = [SentenceScore(text=text, language=language, kind=kind, paragraph=paragraph)
                 for text, kind, paragraph in units]
    morphemes = tokens([s.text for s in sentences]) if language == "ko" else [None] * len(units)
    context = Context()
    for sentence, analysed in zip(sentences, morphemes, strict=True):
        score_sentence(sentence, context, analysed)
        if sentence.kind == "body" and sentence.paragraph in navigation:
            sentence.excluded = sentence.excluded or "navigation"
    _whole_caption_paragraphs(sentences)
    return Extraction(article=article, language=language, sentences=sentences)


# A caption is a short paragraph of its own; its credit ("사진 제공: X", "Photo by X") may have
# been split off as a sentence, and then the rest of the caption goes with it.
CAPTION_PARAGRAPH_MAX_SENTENCES = 2


def _whole_caption_paragraphs(sentences: list[SentenceScore]) -> None:
    by_paragraph: dict[int, list[SentenceScore]] = {}
    for sentence in sentences:
        if sentence.kind == "body":
            by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    for members in by_paragraph.values():
        if len(members) <= CAPTION_PARAGRAPH_MAX_SENTENCES and any(
                s.excluded == "caption" for s in members):
            for member in members:
                member.excluded = member.excluded or "caption"


# ---------------------------------------------------------------- reading sources


def _decode_file(raw: bytes) -> str:
    from factcheck.fetch.charset import decode_page

    text, _codec = decode_page(raw)
    return text


def read_source(source: str, *,
                fetch: Callable[[str], ArticleText] | None = None) -> ArticleText:
    """An ArticleText from a URL, an .html/.txt file, or "-" (standard input)."""
    if source.startswith(("http://", "https://")) or "://" in source:
        return (fetch or fetch_article)(source)
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


def fetch_article(url: str) -> ArticleText:
    """Fetch a page over HTTP(S) (factcheck.fetch enforces schemes, limits, charsets)."""
    from factcheck.fetch import fetch_page

    page = fetch_page(url, expect_text=True)
    if page.error or not page.ok:
        reason = page.error or f"HTTP {page.status}"
        raise FactcheckError(f"{url}: could not fetch the article: {reason}")
    if page.text is None:
        raise FactcheckError(f"{url}: not a text page ({page.content_type or 'unknown type'})")
    if page.content_type == "text/plain":
        article = article_from_plain_text(page.text, source=url)
        article.url = page.final_url or url
        return article
    return article_from_html(page.text, source=url, url=page.final_url or url)
