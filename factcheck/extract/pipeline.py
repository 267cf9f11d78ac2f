"""Article -> sentences -> scored claims -> a claim list in the import format.

Pure: the article comes in as text (reading files and fetching URLs is
factcheck/services/extraction.py's)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from factcheck.errors import FactcheckError
from factcheck.extract.article import ArticleText
from factcheck.extract.model import WorthinessModel, model_for
from factcheck.extract.sentences import (
    detect_language,
    split_korean_many,
    split_sentences,
    tokens,
)
from factcheck.extract.worthiness import (
    Context,
    SentenceScore,
    analyse_sentence,
    exclusion,
    strip_lead_byline,
)
from factcheck.text import normalise_whitespace

if TYPE_CHECKING:
    import numpy as np

LANGUAGES = ("ko", "en", "auto")
# How many of the terms behind a probability `--all` names.
TOP_FEATURES = 3


class SentenceEncoder(Protocol):
    """What extraction needs of a sentence encoder (factcheck.match.encoder.Encoder has it)."""

    @property
    def id(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass
class Extraction:
    article: ArticleText
    language: str
    sentences: list[SentenceScore]
    model: WorthinessModel
    threshold: float

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
            tags = ["extracted", f"probability:{sentence.probability:.2f}",
                    *sentence.features]
            if include_all:
                tags += [f"why:{name} {value:+.1f}"
                         for name, value in sentence.contributions[:TOP_FEATURES]]
            if sentence.excluded:
                tags.append(f"excluded:{sentence.excluded}")
            elif not sentence.checkworthy:
                tags.append("below-threshold")
            claim["tags"] = tags
            claims.append(claim)
        return {"article": article, "claims": claims}


def extract_article(article: ArticleText, language: str = "auto", *,
                    encoder: SentenceEncoder | None = None,
                    threshold: float | None = None) -> Extraction:
    """Split the article into sentences, find each one's features and score it with the learned
    model: with the sentence encoder's meaning vectors when `encoder` is the one the model was
    trained with, else with the features alone. A sentence is proposed at a probability of at
    least `threshold` (default: the model's, chosen on articles it was not trained on)."""
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise FactcheckError(f"threshold {threshold:g}: expected a probability from 0 to 1")
    language, sentences = analyse_article(article, language)
    model = model_for(encoder.id if encoder is not None else None)
    cut = model.threshold if threshold is None else threshold
    vectors = None
    if model.uses_meaning and encoder is not None and sentences:
        vectors = encoder.encode([s.text for s in sentences])
    predictions = model.predict([s.model_inputs() for s in sentences], vectors)
    for sentence, prediction in zip(sentences, predictions, strict=True):
        sentence.probability = prediction.probability
        sentence.contributions = [(c.name, c.value) for c in prediction.contributions]
        sentence.proposed = prediction.probability >= cut
    return Extraction(article=article, language=language, sentences=sentences, model=model,
                      threshold=cut)


def analyse_article(article: ArticleText,
                    language: str = "auto") -> tuple[str, list[SentenceScore]]:
    """The article's language and its sentences with their features, exclusions, speakers and
    carried-over subjects (not yet scored)."""
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
        analyse_sentence(sentence, context, analysed)
        if sentence.kind == "body" and sentence.paragraph in navigation:
            # A line under a links heading is navigation, whatever else it looked like.
            if sentence.excluded in (None, "transition", "question"):
                sentence.excluded = "navigation"
    _whole_caption_paragraphs(sentences)
    return language, sentences


# A caption is a short paragraph of its own; its credit ("사진 제공: X", "Photo by X") may have
# been split off as a sentence, and then the rest of the caption goes with it. The same holds
# for a short line of page chrome that the splitter cut in two ("좋아요" + "12 댓글 4").
CAPTION_PARAGRAPH_MAX_SENTENCES = 3
CHROME_PARAGRAPH_MAX_CHARS = 240
_CHROME = ("caption", "byline", "navigation", "copyright", "email")


def _whole_caption_paragraphs(sentences: list[SentenceScore]) -> None:
    by_paragraph: dict[int, list[SentenceScore]] = {}
    for sentence in sentences:
        if sentence.kind == "body":
            by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    for members in by_paragraph.values():
        whole = " ".join(m.text for m in members)
        if len(members) < 2 or len(whole) > CHROME_PARAGRAPH_MAX_CHARS:
            continue
        # A credit split off as the last sentence ("ⓒ게티이미지", "/연합뉴스") marks a caption.
        credit = members[-1].excluded in ("copyright", "byline") and \
            len(members[-1].text.split()) <= 3
        captioned = len(members) <= CAPTION_PARAGRAPH_MAX_SENTENCES and (
            credit or any(m.excluded == "caption" for m in members))
        kind = "caption" if captioned else \
            exclusion(whole, members[0].language, words=len(whole.split()))
        if kind in _CHROME:
            for member in members:
                member.excluded = member.excluded or kind
    _captions_above_credit_lines(by_paragraph)


# A caption's credit on the line under it: "The exposed shoreline ... in late July." then
# "(Courtesy of Sierra Valley Water District)" or "(사진=해오름시 제공)".
CAPTION_MAX_WORDS = 30
_CREDIT_ONLY = re.compile(r"^[(\[（].{2,60}[)\]）]$")


def _captions_above_credit_lines(by_paragraph: dict[int, list[SentenceScore]]) -> None:
    for paragraph, members in by_paragraph.items():
        above = by_paragraph.get(paragraph - 1)
        if (len(members) == 1 and members[0].excluded == "caption"
                and _CREDIT_ONLY.match(members[0].text) and above and len(above) == 1
                and above[0].excluded is None and above[0].group != -1
                and len(above[0].text.split()) <= CAPTION_MAX_WORDS
                and "attribution" not in above[0].features):
            above[0].excluded = "caption"
