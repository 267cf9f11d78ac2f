"""Fixture articles written for these tests (not the bench data): Korean and English."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.extract.pipeline import Extraction, SentenceEncoder, extract_article
from factcheck.extract.worthiness import SentenceScore
from factcheck.services.extraction import extraction_encoder, read_source

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KO_HTML = FIXTURES / "ko_news.html"
KO_TEXT = FIXTURES / "ko_article.txt"
EN_TEXT = FIXTURES / "en_article.txt"


def default_encoder() -> SentenceEncoder | None:
    """The sentence encoder a user gets by default (FACTCHECK_ENCODER unset): the learned
    model scores with it, as `factcheck extract` does."""
    return extraction_encoder(None)


def extracted(path: Path, language: str = "auto") -> Extraction:
    return extract_article(read_source(str(path)), language, encoder=default_encoder())


@pytest.fixture(scope="session")
def ko_html() -> Extraction:
    return extracted(KO_HTML)


@pytest.fixture(scope="session")
def ko_text() -> Extraction:
    return extracted(KO_TEXT)


@pytest.fixture(scope="session")
def en_text() -> Extraction:
    return extracted(EN_TEXT)


def extracted_text(text: str, language: str = "auto") -> Extraction:
    """A plain-text article, scored as `factcheck extract` scores it."""
    from factcheck.extract.article import article_from_plain_text

    return extract_article(article_from_plain_text(text, source="t.txt"), language,
                           encoder=default_encoder())


def sentence_starting(extraction: Extraction, start: str) -> SentenceScore:
    """The one sentence of the extraction that starts with `start`."""
    found = [s for s in extraction.sentences if s.text.startswith(start)]
    assert len(found) == 1, [s.text for s in extraction.sentences]
    return found[0]
