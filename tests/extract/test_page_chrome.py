"""Page and broadcast chrome that is never a claim, whatever the model says: time stamps in any
layout, header lines with pipes, credit lines, captions ending in a photo credit, on-screen
name straps (whose following lines are the named person's words). Written for these tests."""

from __future__ import annotations

import pytest

from factcheck.extract.article import article_from_plain_text, split_text
from factcheck.extract.pipeline import extract_article
from factcheck.extract.sentences import split_sentences
from factcheck.extract.worthiness import exclusion


@pytest.mark.parametrize(("text", "reason"), [
    ("2026.11.02 (월) 07:15", "byline"),
    ("November 2, 2026 7:15 AM GMT+9", "byline"),
    ("송고시간 2026-11-02 07:15", "byline"),
    ("Aired November 2, 2026, 9:00 PM ET", "byline"),
    ("경제 | 해오름일보 | 정다은 기자 | 입력 2026.11.02", "byline"),
    ("Metro | By Sam Ortiz", "byline"),
    ("By Sam Ortiz · November 2, 2026", "byline"),
    ("촬영기자: 한도윤", "byline"),
    ("Photos by Lee Park", "byline"),
    ("Volunteers load sandbags near the levee on Monday. Sam Ortiz/Harbor Ledger", "caption"),
    ("A worker inspects the damaged roof. (Harbor Ledger file photo)", "caption"),
    ("Cranes stand idle at the terminal. Photograph: Lee Park/Coastline Images", "caption"),
    ("해오름항에 컨테이너가 쌓여 있다. 정다은 기자", "caption"),
    ("해오름시청 전경. /해오름일보 DB", "caption"),
    ("추돌한 차량들. [해오름소방서 제공. 재판매 및 DB 금지]", "caption"),
    ("[인터뷰] 박민호 / 해오름시 어민", "caption"),
    ("[해오름일보 주요뉴스] 해오름시, 청년 지원금 두 배로", "navigation"),
    ("Explainer: What the new port rules mean", "navigation"),
    ("해오름일보 > 경제 > 산업", "navigation"),
    ("No. 12 · Monday, March 2, 2026 · 4 min read", "navigation"),
    ("[저녁뉴스] 2026/03/02 20:05", "byline"),
    ("Ana Ruiz covers city hall for the Harbor Ledger.", "byline"),
    ("Tags: port, strike, shipping", "navigation"),
    ("Companies: Orbis Freight Ltd", "navigation"),
    ("Comments (27)", "navigation"),
    ("SPONSORED — This week's issue is brought to you by Quillpad.", "navigation"),
    ("이 기사를 추천합니다 5", "navigation"),
    ("이 뉴스레터가 도움이 됐다면 친구에게 전달해 주세요.", "navigation"),
    ("제보는 카카오톡 해오름제보", "navigation"),
    ("Anyone with information is asked to call detectives at 555-0199.", "navigation"),
    ("Witnesses are asked to contact the sheriff's office.", "navigation"),
    ("Stock quotes delayed at least 20 minutes.", "navigation"),
    ("압수한 현금과 휴대전화. 해오름경찰서 제공", "caption"),
    ("Firefighters at the scene on Monday. (Ana Ruiz/Harbor Ledger via Coast Press)", "caption"),
    ("(Ana Ruiz/Harbor Ledger)", "caption"),
    ("(Ledger staff photo)", "caption"),
    ("Metro › Courts", "navigation"),
    ("31 comments", "navigation"),
    ("Crews clear debris on Monday. (Ana Ruiz | Harbor Ledger)", "caption"),
    ("Support local news: subscribe now for $2 a month", "navigation"),
    ("Download our News app for alerts.", "navigation"),
    ("한도윤 기자는 도쿄 특파원을 거쳐 지금은 산업부에서 조선업을 담당하고 있다.", "byline"),
    ("▶ 기사 원문보기 : https://news.example.kr/view/123", "navigation"),
    ("(…)", "transition"),
    ("Cars wait at the border on Monday. HARBOR/Ana Ruiz/File Photo", "caption"),
    ("License this photo", "navigation"),
    ("♥ 88 💬 12 ↻ 3 Share", "navigation"),
    ("Up next: Storm watch for the weekend", "navigation"),
    ("HARBOR MORNING BRIEF", "navigation"),
    ("#항만 #파업 #해오름", "navigation"),
    ("공감 댓글 9 본문 요약 글자 크기 공유", "navigation"),
])
def test_chrome_is_never_a_claim(text: str, reason: str) -> None:
    language = "ko" if any("가" <= ch <= "힣" for ch in text) else "en"
    assert exclusion(text, language, words=len(text.split())) == reason


@pytest.mark.parametrize("text", [
    "The utility said 12,000 homes lost power on Monday, and 3/4 were reconnected by noon.",
    "Harbor Ledger reported that the port handled 2.1 million containers in 2026.",
    "해오름시는 2026년 11월 2일 오전 7시 15분 긴급 재난문자를 보냈다.",
    "KTX/SRT 통합 방안은 내년 상반기 발표된다.",
    "The council voted 5-2, with Kim, Lee and Park in favour.",
    "해오름시는 공연장 건립비 50억 원을 시 예산으로 제공하기로 했다.",
    "Police asked anyone with information to call the tip line, the department said.",
    "The firm said it would sponsor the festival again next year.",
    "GDP grew 2.1% in Q3 2026",
    "3 killed, 12 hurt in Harbor City crash",
])
def test_sentences_with_dates_slashes_or_outlets_stay_claims(text: str) -> None:
    language = "ko" if any("가" <= ch <= "힣" for ch in text) else "en"
    assert exclusion(text, language, words=len(text.split())) is None


def test_a_caption_with_its_credit_on_the_next_line_is_a_caption() -> None:
    article = article_from_plain_text("Port strike enters second week\n\nDock workers march "
                                      "past the terminal gates.\n(Ana Ruiz/Harbor Ledger)\n\n"
                                      "The union said 4,000 members walked out.", source="t.txt")
    sentences = extract_article(article, "en").sentences
    caption = next(s for s in sentences if s.text.startswith("Dock workers"))
    claim = next(s for s in sentences if s.text.startswith("The union"))
    assert caption.excluded == "caption" and claim.excluded is None


def test_stacked_header_lines_are_not_joined_into_one_sentence() -> None:
    split = split_text("Harbor County Health Department\nNEWS RELEASE\n\nThe department "
                       "confirmed two cases\non Monday, according to\nChief Officer Ann Lee.")
    assert split.paragraphs == ["Harbor County Health Department", "NEWS RELEASE",
                                "The department confirmed two cases on Monday, according to "
                                "Chief Officer Ann Lee."]


def test_lines_under_a_name_strap_are_that_persons_words() -> None:
    script = ("해오름항 어획량 급감\n\n[리포트]\n올해 오징어 어획량이\n"
              "지난해의 절반에 그쳤습니다.\n\n[인터뷰] 박민호 / 해오름시 어민\n"
              "배를 띄워도\n기름값도 안 나와요.\n\n"
              "해오름시는 어민 지원금을 늘리기로 했습니다.")
    extraction = extract_article(article_from_plain_text(script, source="t.txt"), "ko")
    strap = next(s for s in extraction.sentences if s.text.startswith("[인터뷰]"))
    words = next(s for s in extraction.sentences if s.text.startswith("배를 띄워도"))
    after = next(s for s in extraction.sentences if s.text.startswith("해오름시는"))
    assert strap.excluded == "caption" and not strap.checkworthy
    assert words.text == "배를 띄워도 기름값도 안 나와요."
    assert words.speaker == "박민호" and "direct_quote" in words.features
    assert words.excluded is None  # short, but a named person's words, not a transition
    assert after.speaker is None  # the strap ends with its paragraph


def test_a_korean_sentence_opening_with_a_quoted_name_is_not_cut_after_it() -> None:
    parts = split_sentences("배급사는 300만 명을 넘겼다고 밝혔다. '겨울 바다'는 다음 달 미국에서도 "
                            "개봉한다.", "ko")
    assert parts == ["배급사는 300만 명을 넘겼다고 밝혔다.",
                     "'겨울 바다'는 다음 달 미국에서도 개봉한다."]


def test_a_list_under_an_outlets_most_read_heading_is_navigation() -> None:
    article = article_from_plain_text("첫 문단이다.\n\n해오름일보 주요뉴스\n시의회, 예산 3조 원 "
                                      "통과\n항만 노조 파업 닷새째", source="t.txt")
    listed = [s for s in extract_article(article, "ko").sentences if s.paragraph >= 1]
    assert listed and all(s.excluded == "navigation" for s in listed)


def test_a_short_chrome_line_cut_in_two_by_the_splitter_goes_whole() -> None:
    article = article_from_plain_text("첫 문단이다.\n\n좋아요 12 댓글 4\n\n본문이 이어진다.",
                                      source="t.txt")
    sentences = [s for s in extract_article(article, "ko").sentences if s.paragraph == 1]
    assert sentences and all(s.excluded == "navigation" for s in sentences)
