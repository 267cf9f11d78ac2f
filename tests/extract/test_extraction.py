"""Article -> claims on our own fixture articles: headline claims kept, captions, bylines,
footers, navigation, e-mail lines and questions never proposed, speakers filled."""

from __future__ import annotations

import math
from datetime import date

import pytest

from factcheck.extract.article import article_from_plain_text
from factcheck.extract.model import MEANING
from factcheck.extract.pipeline import Extraction, extract_article
from factcheck.extract.worthiness import FEATURES

NEVER = ("사진=", "Photo:", "기자]", " 기자 ", "@", "©", "ⓒ", "저작권", "무단", "관련기사",
         "Related:", "By Laura", "rights reserved", "많이 본 뉴스")


def claim_texts(extraction: Extraction) -> list[str]:
    return [s.text for s in extraction.claims]


def find(extraction: Extraction, fragment: str) -> str:
    matches = [t for t in claim_texts(extraction) if fragment in t]
    assert matches, f"no claim containing {fragment!r} in {claim_texts(extraction)}"
    return matches[0]


@pytest.mark.parametrize("name", ["ko_html", "ko_text", "en_text"])
def test_captions_bylines_footers_and_navigation_are_never_claims(
        name: str, request: pytest.FixtureRequest) -> None:
    extraction: Extraction = request.getfixturevalue(name)
    for text in claim_texts(extraction):
        assert not any(marker in text for marker in NEVER), text
        assert not text.rstrip("\"”’").endswith(("?", "까.")), text


def test_korean_html_page_gives_headline_claims_and_metadata(ko_html: Extraction) -> None:
    article = ko_html.article
    assert article.title is not None and "1000만 건 돌파" in article.title
    assert article.outlet == "한빛일보"
    assert article.published == date(2026, 3, 12)
    assert article.url == "https://www.hanbit-ilbo.example/news/articleView.html?idxno=48213"
    assert ko_html.language == "ko"
    lead = find(ko_html, "누적 이용 건수가 지난 10일 1000만 건을 넘었다고")
    find(ko_html, "210만 건으로 전년보다 18% 늘었다")
    find(ko_html, "노후 자전거 2000대를 교체할 계획이다")
    assert lead in claim_texts(ko_html)
    # The headline itself is proposed too.
    assert any(s.kind == "headline" and s.checkworthy for s in ko_html.sentences)


def test_speaker_is_filled_from_the_sentence(ko_html: Extraction, ko_text: Extraction,
                                             en_text: Extraction) -> None:
    by_text = {s.text: s for s in ko_html.sentences + ko_text.sentences + en_text.sentences}
    quote = find(ko_html, "대여소 300곳을 추가로 설치하겠다")
    assert by_text[quote].speaker == "최은영 한빛시 교통정책과장"
    source = find(ko_html, "한국교통연구원에 따르면")
    assert by_text[source].speaker == "한국교통연구원"
    # "그는" refers to the person named in the sentence before.
    follow_up = find(ko_text, "리튬 회수율을 95%까지")
    assert by_text[follow_up].speaker == "한지수 그린셀 대표"
    english = find(en_text, "We expect 10 million containers by 2027")
    assert by_text[english].speaker == "Dr. Alan J. Moreno"


def test_unnamed_opinion_and_writer_framing_are_not_claims(ko_html: Extraction,
                                                           ko_text: Extraction,
                                                           en_text: Extraction) -> None:
    everything = claim_texts(ko_html) + claim_texts(ko_text) + claim_texts(en_text)
    for framing in ("시민들의 반응도 뜨겁다.", "자전거 도로가 끊겨 있어",
                    "배터리 업계는 긴장하고 있다.", "원자재 가격이 떨어지면",
                    "Not everyone is convinced.",
                    "Officials should act faster", "Congestion remains a worry."):
        assert not any(framing in text for text in everything), framing


def test_english_article_keeps_attributed_figures(en_text: Extraction) -> None:
    find(en_text, "handled 9.1 million containers last year")
    find(en_text, "Trucks waited an average of 3.5 hours")
    find(en_text, "$1.2 billion on a new terminal")
    assert en_text.article.outlet == "Coastal Business News"


def test_every_probability_is_made_of_the_terms_it_shows(ko_text: Extraction) -> None:
    """Transparency: the terms a reviewer sees (named features, and the meaning term when the
    encoder is used) plus the model's bias are the whole log-odds; nothing hidden."""
    model = ko_text.model
    for sentence in ko_text.sentences:
        assert all(name in FEATURES for name in sentence.features)
        shown = {name for name, _ in sentence.contributions}
        assert shown <= set(sentence.features) | {MEANING}
        log_odds = model.bias + sum(value for _, value in sentence.contributions)
        # Terms under 0.005 are left out of the list; at most one per feature.
        slack = 0.005 * (len(sentence.features) + 1)
        assert math.log(sentence.probability / (1 - sentence.probability)) == pytest.approx(
            log_odds, abs=slack)
        if sentence.excluded is None:
            assert sentence.checkworthy == (sentence.probability >= ko_text.threshold)
        else:
            assert not sentence.checkworthy


def test_all_mode_keeps_every_sentence_with_score_and_reason(ko_text: Extraction) -> None:
    document = ko_text.document(include_all=True)
    tags = {c["text"]: c["tags"] for c in document["claims"]}
    caption = next(t for t in tags if "(사진=그린셀)" in t)
    assert "excluded:caption" in tags[caption]
    byline = next(t for t in tags if t.startswith("[에너지투데이"))
    assert "excluded:byline" in tags[byline]
    assert any("below-threshold" in v for v in tags.values())
    assert all(any(tag.startswith("probability:") for tag in v) for v in tags.values())
    assert all(any(tag.startswith("why:") for tag in v) for v in tags.values())
    proposed = ko_text.document()
    assert len(proposed["claims"]) == len(ko_text.claims) < len(document["claims"])


def test_dateline_glued_to_the_lead_is_cut_off_not_the_lead() -> None:
    article = article_from_plain_text(
        "(서울=한빛통신) 이하늘 기자 = 통계청은 지난달 소비자물가가 2.1% 올랐다고 5일 "
        "밝혔다.\n\n저작권자 © 한빛통신", source="t.txt")
    extraction = extract_article(article, "ko")
    assert [s.text for s in extraction.claims] == [
        "통계청은 지난달 소비자물가가 2.1% 올랐다고 5일 밝혔다."]


@pytest.mark.parametrize(("text", "language", "reason"), [
    ("시민들이 횡단보도를 건너고 있다. 2026.3.12/뉴스1", "ko", "caption"),
    ("▲ 27일 부산항에 컨테이너 3000개가 쌓여 있다.", "ko", "caption"),
    ("[연합뉴스 자료사진]", "ko", "caption"),
    ("딥코어 연구진이 칩을 시험하고 있다. 사진 제공: 딥코어", "ko", "caption"),
    ("A worker checks a wafer in Austin. Photo by Jane Doe", "en", "caption"),
    ("[한빛일보=김하늘·이지은 기자]", "ko", "byline"),
    ("글=김하늘 기자", "ko", "byline"),
    ("Protesters gather in Seoul on Monday. (AP Photo/Ahn Young-joon)", "en", "caption"),
    ("입력 2026.03.12 10:30", "ko", "byline"),
    ("Updated: March 12, 2026", "en", "byline"),
    ("한빛일보 박서준 기자", "ko", "byline"),
    ("Additional reporting by Tom Ames in London", "en", "byline"),
    ("(Reporting by John Smith; Editing by Jane Roe)", "en", "byline"),
    ("/연합뉴스", "ko", "byline"),
    ("문의: press@example.org", "en", "email"),
    ("<저작권자(c) 한빛통신, 무단 전재-재배포, AI 학습 및 활용 금지>", "ko", "copyright"),
    ("[관련기사] 수출 증가세 3개월째 이어져", "ko", "navigation"),
    ("Read more: Exports rose 5% in May", "en", "navigation"),
    ("Will exports top $100 billion this year?", "en", "question"),
    ("수출이 1천억 달러를 넘을 수 있을까.", "ko", "question"),
])
def test_never_claims_whatever_their_score(text: str, language: str, reason: str) -> None:
    article = article_from_plain_text(f"첫 문단.\n\n{text}" if language == "ko"
                                      else f"First paragraph.\n\n{text}", source="t.txt")
    sentences = extract_article(article, language).sentences
    # The paragraph may split into sentences ("... 있다." + "사진 제공: ..."): all go.
    parts = [s for s in sentences if s.paragraph == 1]
    assert " ".join(s.text for s in parts) == text
    assert {s.excluded for s in parts} == {reason}


def test_a_run_on_text_without_stops_is_never_one_claim() -> None:
    menu = " ".join(f"정치 경제 사회 {n}위 기사 보기" for n in range(200))
    article = article_from_plain_text(f"첫 문단.\n\n{menu}", source="t.txt")
    extraction = extract_article(article, "ko")
    assert all(len(s.text) <= 1000 for s in extraction.claims)
    assert "run_on" in {s.excluded for s in extraction.sentences}
