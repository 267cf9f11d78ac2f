"""Problems found in QA, on our own fixtures: one article whichever way it arrives, navigation
lists in plain text, files that are not articles, speakers of organisations, subheadlines, and
--out's folder and permissions."""

from __future__ import annotations

import functools
import json
import os
import stat
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.extract.article import article_from_plain_text
from factcheck.extract.pipeline import Extraction, extract_article
from factcheck.services import ClaimFilter, FactcheckService
from tests.extract.conftest import FIXTURES, KO_HTML, extracted

EARNINGS_HTML = FIXTURES / "ko_earnings.html"


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def served_folder(workdir: Path, allow_private_urls: None) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1: (folder, base URL); fetching it is allowed
    (FACTCHECK_ALLOW_PRIVATE_URLS=1, see tests/conftest.py)."""
    folder = workdir / "site"
    folder.mkdir()
    handler = functools.partial(_QuietFiles, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- 1. one article identity


def test_saved_page_and_its_url_import_into_one_article(
        served_folder: tuple[Path, str], svc: FactcheckService) -> None:
    folder, base = served_folder
    (folder / "news").mkdir()
    page = KO_HTML.read_bytes()
    (folder / "news" / "article.html").write_bytes(page)
    Path("article.html").write_bytes(page)

    code, out, err = invoke("extract", "article.html", "--import")
    assert code == 0, err
    assert "0 new" not in out
    candidates = svc.count_claims(ClaimFilter(status="candidate"))
    assert candidates > 0

    code, out, err = invoke("extract", f"{base}/news/article.html", "--import")
    assert code == 0, err
    assert "0 new candidate claims" in out
    assert len(svc.article_refs()) == 1
    assert svc.count_claims(ClaimFilter(status="candidate")) == candidates

    code, printed, err = invoke("extract", "article.html")
    document = json.loads(printed)
    canonical = "https://www.hanbit-ilbo.example/news/articleView.html?idxno=48213"
    assert document["article"]["url"] == canonical
    assert document["article"]["ref"] == svc.article_refs()[0]


def test_without_a_canonical_url_the_text_names_the_article() -> None:
    first = article_from_plain_text("통계청은 물가가 2.1% 올랐다고 밝혔다.", source="a.txt")
    same = article_from_plain_text("통계청은 물가가 2.1% 올랐다고 밝혔다.", source="a.txt")
    other = article_from_plain_text("통계청은 물가가 2.4% 올랐다고 밝혔다.", source="a.txt")
    assert first.ref() == same.ref() != other.ref()
    # A canonical link to a site's front page names no article: the text still does.
    first.url = other.url = "https://news.example/"
    assert first.ref() != other.ref()


# ---------------------------------------------------------------- 2. navigation lists

RELATED_TXT = """한빛시 최저임금 조례 개정…내년 시급 1만1000원

한빛시는 내년 생활임금을 시급 1만1000원으로 정했다고 3일 밝혔다.

▶ 관련기사
- 최저임금 1만원 시대 열렸다
- 한빛시 청년 일자리 2000개 만든다

시는 이번 결정으로 공공부문 노동자 3200명의 임금이 오른다고 설명했다.

많이 본 뉴스

1) 한빛시 지하철 요금 150원 인상
2) 한빛항 물동량 사상 최대

Read more:
- Exports rose 5% in May, the ministry said
"""


def test_lines_under_a_related_articles_heading_are_navigation() -> None:
    extraction = extract_article(article_from_plain_text(RELATED_TXT, source="t.txt"), "ko")
    claims = [s.text for s in extraction.claims]
    for item in ("최저임금 1만원 시대", "청년 일자리 2000개", "지하철 요금 150원",
                 "물동량 사상 최대", "Exports rose 5%"):
        sentence = next(s for s in extraction.sentences if item in s.text)
        assert sentence.excluded == "navigation", sentence
        assert not any(item in text for text in claims)
    # The paragraph after the list is the article again.
    assert any("공공부문 노동자 3200명" in text for text in claims)
    assert any("생활임금을 시급 1만1000원" in text for text in claims)


def test_without_blank_lines_navigation_ends_at_the_next_paragraph() -> None:
    text = ("한빛시는 내년 생활임금을 시급 1만1000원으로 정했다고 3일 밝혔다.\n"
            "관련기사\n- 최저임금 1만원 시대 열렸다\n"
            "시는 공공부문 노동자 3200명의 임금이 오른다고 설명했다.")
    extraction = extract_article(article_from_plain_text(text, source="t.txt"), "ko")
    claims = [s.text for s in extraction.claims]
    assert not any("최저임금 1만원 시대" in t for t in claims)
    assert any("노동자 3200명" in t for t in claims)


# ---------------------------------------------------------------- 3. not an article file


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("claims.json", b'{"article": {"ref": "a"}, "claims": [{"text": "GDP grew 3% in 2025."}]}',
     "claims.json: not an article file (.json)"),
    ("report.docx", b"PK\x03\x04" + bytes(range(256)) * 4, "report.docx: not an article file"),
    ("notes", b"GDP grew 3% in 2025, the ministry said.", "notes: not an article file"),
    ("scan.txt", b"%PDF-1.7\n" + bytes(range(256)) * 8, "scan.txt: binary data"),
    ("garbled.txt", bytes(range(0x80, 0x100)) * 40, "garbled.txt: not readable as text"),
])
def test_files_that_are_not_articles_are_refused_in_one_line(
        workdir: Path, name: str, content: bytes, expected: str) -> None:
    Path(name).write_bytes(content)
    code, out, err = invoke("extract", name)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], lines
    assert ".html" in lines[0] and ".txt" in lines[0]


def test_markdown_and_htm_files_are_articles(workdir: Path) -> None:
    Path("story.md").write_text(
        "# 통계\n\n통계청은 지난달 소비자물가가 2.1% 올랐다고 5일 밝혔다.\n", "utf-8")
    Path("page.htm").write_bytes(KO_HTML.read_bytes())
    for name in ("story.md", "page.htm"):
        code, out, err = invoke("extract", name)
        assert code == 0, err
        assert json.loads(out)["claims"], name


# ---------------------------------------------------------------- 4. organisations as speakers


@pytest.mark.parametrize(("text", "language", "speaker"), [
    ("Consumer prices rose 3.2% in October from a year earlier, the Labor Department said on "
     "Friday.", "en", "Labor Department"),
    ("Employers added 150,000 jobs last month, the U.S. Labor Department told reporters.",
     "en", "U.S. Labor Department"),
    ("Shipments fell 12% in the third quarter, Harbor Logistics Group announced Tuesday.",
     "en", "Harbor Logistics Group"),
    ("Exports grew 8% in May, the Trade Ministry on Monday said.", "en", "Trade Ministry"),
    ("카카오는 3분기 매출이 2조 원이라고 7일 공시했다.", "ko", "카카오"),
    ("그린셀은 지난해 매출이 1700억 원이라고 발표했다.", "ko", "그린셀"),
    ("누리전자는 내년 설비투자를 30% 늘린다고 밝혔다.", "ko", "누리전자"),
])
def test_organisations_announcing_are_speakers(text: str, language: str, speaker: str) -> None:
    extraction = extract_article(article_from_plain_text(f"첫 문단.\n\n{text}", source="t.txt"),
                                 language)
    sentence = next(s for s in extraction.sentences if s.text == text)
    assert sentence.speaker == speaker
    assert sentence.checkworthy and "named_speaker" in sentence.features


@pytest.mark.parametrize(("text", "language"), [
    ("Employers added 150,000 jobs last month.", "en"),
    ("시민들은 새 정책에 찬성한다고 밝혔다.", "ko"),
    ("소비자는 가격이 10% 올랐다고 밝혔다.", "ko"),
])
def test_nobody_in_particular_is_no_speaker(text: str, language: str) -> None:
    extraction = extract_article(article_from_plain_text(f"첫 문단.\n\n{text}", source="t.txt"),
                                 language)
    assert next(s for s in extraction.sentences if s.text == text).speaker is None


# ---------------------------------------------------------------- 5. subheadlines


@pytest.fixture(scope="module")
def earnings() -> Extraction:
    return extracted(EARNINGS_HTML)


def test_subheadline_under_the_headline_is_scored_like_a_sentence(earnings: Extraction) -> None:
    subheadline = next(s for s in earnings.sentences if s.kind == "subheadline")
    assert subheadline.text == "메모리 부문 흑자 전환…HBM 판매 3배 늘어"
    assert subheadline.checkworthy and "quantity" in subheadline.features
    assert "headline" not in subheadline.features
    texts = [c["text"] for c in earnings.document()["claims"]]
    assert subheadline.text in texts
    assert not any("사진=" in t or "@" in t or "저작권" in t for t in texts)


def test_a_deck_line_in_plain_text_is_proposed() -> None:
    text = ("누리전자 3분기 영업이익 1조2000억\n\n메모리 부문 흑자 전환…HBM 판매 3배 늘어\n\n"
            "누리전자는 3분기 영업이익이 1조2000억 원이라고 29일 공시했다.")
    extraction = extract_article(article_from_plain_text(text, source="t.txt"), "ko")
    assert "메모리 부문 흑자 전환…HBM 판매 3배 늘어" in [s.text for s in extraction.claims]


# ---------------------------------------------------------------- 6. --out


def test_out_into_a_missing_folder_is_refused(workdir: Path) -> None:
    code, out, err = invoke("extract", str(KO_HTML), "--out", "nowhere/deeper/x.json")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "nowhere/deeper/x.json" in lines[0]
    assert "does not exist" in lines[0]
    assert not Path("nowhere").exists()


def test_out_files_get_the_usual_permissions(workdir: Path) -> None:
    previous = os.umask(0o022)
    try:
        code, _, err = invoke("extract", str(KO_HTML), "--out", "claims/x.json")
        assert code == 0, err
        assert stat.S_IMODE(Path("claims/x.json").stat().st_mode) == 0o644
        os.umask(0o027)
        code, _, err = invoke("extract", str(KO_HTML), "--out", "claims/y.json")
        assert code == 0, err
        assert stat.S_IMODE(Path("claims/y.json").stat().st_mode) == 0o640
    finally:
        os.umask(previous)
