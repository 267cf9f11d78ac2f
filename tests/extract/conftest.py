"""Fixture articles written for these tests (not the bench data): Korean and English."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.extract.pipeline import Extraction, extract_article
from factcheck.services.extraction import read_source

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KO_HTML = FIXTURES / "ko_news.html"
KO_TEXT = FIXTURES / "ko_article.txt"
EN_TEXT = FIXTURES / "en_article.txt"


def extracted(path: Path, language: str = "auto") -> Extraction:
    return extract_article(read_source(str(path)), language)


@pytest.fixture(scope="session")
def ko_html() -> Extraction:
    return extracted(KO_HTML)


@pytest.fixture(scope="session")
def ko_text() -> Extraction:
    return extracted(KO_TEXT)


@pytest.fixture(scope="session")
def en_text() -> Extraction:
    return extracted(EN_TEXT)
