"""Article -> sentences -> scored claims -> a claim list in the import format.

Pure: the article comes in as text (reading files and fetching URLs is
factcheck/services/extraction.py's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from factcheck.errors import FactcheckError
from factcheck.extract.article import ArticleText
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
from factcheck.text import normalise_whitespace

LANGUAGES = ("ko", "en", "auto")


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
            if sentence.inherited:
                # The claim names no subject of its own: a reviewer needs the one it carries on.
                claim["context"] = f"subject carried over from the previous sentence: " \
                                   f"{sentence.inherited}"
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
    sentences = [SentenceScore(text=text, language=language, kind=kind, paragraph=paragraph,
                               group=article.group_of(paragraph + first_body)
                               if kind == "body" else -1)
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
