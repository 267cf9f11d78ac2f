"""compare(): levels, guards and the differences a reviewer reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.match import MatchResult, MatchSettings, compare, normalise

SAMPLE_CLAIMS = Path(__file__).resolve().parents[2] / "claims"


def match(a: str, b: str, lang_a: str | None = None, lang_b: str | None = None) -> MatchResult:
    return compare(normalise(a, lang_a), normalise(b, lang_b))


def test_paraphrase_with_other_particles_and_endings_links_as_same() -> None:
    result = match("카카오는 내년부터 자체 번역 모델을 웹툰 서비스에 적용한다.",
                   "카카오가 내년부터 자체 번역 모델을 웹툰 서비스에 적용합니다.")
    assert result.level == "same"


def test_numbers_written_in_words_or_digits_link_as_same() -> None:
    result = match("한 통신사는 전국 데이터센터 세 곳에 GPU 서버 4천억 원어치를 들인다.",
                   "한 통신사가 전국 데이터센터 3곳에 4000억 원어치의 GPU 서버를 들인다.")
    assert result.level == "same"


def test_months_and_years_are_different_claims() -> None:
    result = match("반도체 재고가 7개월 만에 최저로 떨어졌다.",
                   "반도체 재고가 7년 만에 최저로 떨어졌다.")
    assert result.level == "related"
    assert result.differences == ["7개월 vs 7년"]


@pytest.mark.parametrize(("a", "b"), [
    ("점유율이 2%포인트 올랐다고 회사가 발표했다.", "점유율이 2% 올랐다고 회사가 발표했다."),
    ("The startup raised 300 million dollars from investors.",
     "The startup raised 300 billion dollars from investors."),
    ("그 회사는 올해 신규 공장 두 곳을 짓는다.", "그 회사는 올해 신규 공장 세 곳을 짓는다."),
])
def test_conflicting_quantities_are_never_duplicates(a: str, b: str) -> None:
    result = match(a, b)
    assert not result.is_duplicate
    assert result.differences


def test_cut_and_doubled_are_different_claims() -> None:
    korean = match("그 게임사는 올해 광고 예산을 크게 삭감했다.",
                   "그 게임사는 올해 광고 예산을 두 배로 늘렸다.")
    english = match("The game studio cut its advertising budget this year.",
                    "The game studio doubled its advertising budget this year.")
    for result in (korean, english):
        assert result.level == "related"
        assert any(d.startswith("direction") for d in result.differences)


@pytest.mark.parametrize(("a", "b"), [
    ("규제 당국은 두 회사의 합병을 허용했다.", "규제 당국은 두 회사의 합병을 허용하지 않았다."),
    ("규제 당국은 두 회사의 합병을 허용했다.", "규제 당국은 두 회사의 합병을 불허했다."),
    ("The regulator approved the merger of the two chipmakers.",
     "The regulator blocked the merger of the two chipmakers."),
    ("The new search tool will reduce traffic to news sites.",
     "The new search tool will not reduce traffic to news sites."),
])
def test_negation_on_one_side_is_never_a_duplicate(a: str, b: str) -> None:
    result = match(a, b)
    assert not result.is_duplicate
    assert any(d.startswith("negation") for d in result.differences)


def test_a_changed_company_is_never_a_duplicate() -> None:
    result = match("The cloud provider signed a five-year power deal with Oracle.",
                   "The cloud provider signed a five-year power deal with Siemens.")
    assert not result.is_duplicate
    assert any(d.startswith("entity") for d in result.differences)


def test_a_changed_speaker_is_never_a_duplicate() -> None:
    a = normalise("AI 반도체 수요는 내년에도 계속 늘어날 것이다.", speaker="젠슨 황 엔비디아 CEO")
    b = normalise("AI 반도체 수요는 내년에도 계속 늘어날 것이다.", speaker="리사 수 AMD CEO")
    result = compare(a, b)
    assert not result.is_duplicate
    assert any(d.startswith("speaker") for d in result.differences)


def test_rising_and_falling_are_different_claims_in_english() -> None:
    result = match("Memory chip prices rose sharply in the third quarter.",
                   "Memory chip prices fell sharply in the third quarter.")
    assert result.level == "related"


def test_cross_language_pair_is_suggested_never_same() -> None:
    result = match("엔비디아는 대만에 새 연구소를 열었다.",
                   "Nvidia opened a new research lab in Taiwan.", "ko", "en")
    assert result.level == "suggested"
    same_for_anything = MatchSettings(same=0.0, suggested=0.0)
    assert compare(normalise("엔비디아는 대만에 새 연구소를 열었다."),
                   normalise("Nvidia opened a new research lab in Taiwan."),
                   same_for_anything).level == "suggested"


def test_short_claims_are_never_linked_automatically() -> None:
    result = match("애플이 이겼다.", "애플이 이겼다.")
    assert result.level == "suggested"
    assert result.score == 100.0


def test_unrelated_claims_have_no_level() -> None:
    result = match("샤오미는 새 전기차 공장을 베이징에 짓는다.",
                   "The EU fined a search company for ad practices.")
    assert result.level is None


def test_levels_do_not_depend_on_argument_order() -> None:
    a = normalise("The game studio cut its advertising budget this year.")
    b = normalise("The game studio doubled its advertising budget this year.")
    assert compare(a, b).level == compare(b, a).level
    c = normalise("카카오는 내년부터 자체 번역 모델을 웹툰 서비스에 적용한다.")
    d = normalise("카카오가 내년부터 자체 번역 모델을 웹툰 서비스에 적용합니다.")
    assert compare(c, d) == compare(d, c)


# --- the sample claims a new user imports first ----------------------------------------------

def sample_forms() -> dict[str, object]:
    forms = {}
    for path in sorted(SAMPLE_CLAIMS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for claim in data["claims"]:
            forms[claim["ref"]] = normalise(claim["text"], data["article"]["language"],
                                            speaker=claim.get("speaker"))
    return forms


@pytest.fixture(scope="module")
def sample() -> dict[str, object]:
    return sample_forms()


@pytest.mark.parametrize(("a", "b"), [("k1", "b1"), ("k6", "b4"), ("k3", "b5")])
def test_sample_same_claims_across_korean_articles_link_as_same(sample, a, b) -> None:
    assert compare(sample[a], sample[b]).level == "same"


@pytest.mark.parametrize(("a", "b"), [("k1", "e1"), ("b1", "e1"), ("k6", "e4"), ("k3", "e2"),
                                      ("b5", "e2"), ("k4", "e3"), ("k5", "e5"), ("k9", "e7")])
def test_sample_english_counterparts_are_suggested(sample, a, b) -> None:
    assert compare(sample[a], sample[b]).level == "suggested"


def test_sample_near_misses_are_never_linked(sample) -> None:
    months = compare(sample["k10"], sample["b3"])
    assert months.level == "related" and months.differences == ["7개월 vs 7년"]
    spending = compare(sample["k4"], sample["b6"])
    assert spending.level == "related"
    assert any(d.startswith("direction") for d in spending.differences)


def test_sample_has_no_other_duplicate_links(sample) -> None:
    expected = {frozenset(p) for p in [("k1", "b1"), ("k6", "b4"), ("k3", "b5"), ("k1", "e1"),
                                       ("b1", "e1"), ("k6", "e4"), ("b4", "e4"), ("k3", "e2"),
                                       ("b5", "e2"), ("k4", "e3"), ("k5", "e5"), ("k9", "e7")]}
    refs = sorted(sample)
    found = {frozenset((a, b)) for i, a in enumerate(refs) for b in refs[i + 1:]
             if compare(sample[a], sample[b]).is_duplicate}
    assert found == expected


@pytest.mark.parametrize(("a", "b"), [
    ("The chip designer is the largest supplier of modems to carmakers.",
     "The chip designer is the second-largest supplier of modems to carmakers."),
    ("그 회사는 올해 상반기에 신형 로봇을 내놓는다.",
     "그 회사는 올해 하반기에 신형 로봇을 내놓는다."),
    ("The carmaker will hire 3,000 software engineers.",
     "The carmaker will lay off 3,000 software engineers."),
    ("그 기능은 모든 요금제 이용자에게 제공된다.", "그 기능은 일부 요금제 이용자에게만 제공된다."),
])
def test_rank_half_year_hiring_and_scope_changes_are_not_duplicates(a: str, b: str) -> None:
    result = match(a, b)
    assert not result.is_duplicate
    assert result.differences


@pytest.mark.parametrize(("a", "b"), [
    ("그 회사는 서버 매출이 50% 늘었다고 밝혔다.", "그 회사의 서버 매출이 1.5배로 늘었다."),
    ("그 회사는 추론 비용을 3분의 1로 낮췄다.", "그 회사는 추론 비용을 약 33% 수준으로 낮췄다."),
    ("The carmaker will cut 3,000 jobs.", "The carmaker will lay off 3,000 employees."),
    ("The Gemini app has 350 million monthly users.",
     "The Gemnii app has 350 milion monthly users."),
])
def test_equal_facts_written_differently_are_duplicates(a: str, b: str) -> None:
    assert match(a, b).is_duplicate


def test_a_changed_opening_subject_is_never_a_duplicate() -> None:
    # names the tagger does not know are still the subject the claim is about
    result = match("가나다랩스는 의료 영상 분석 AI를 병원 300곳에 공급했다.",
                   "라마바소프트는 의료 영상 분석 AI를 병원 300곳에 공급했다.")
    assert not result.is_duplicate
    assert any(d.startswith("entity") for d in result.differences)


def test_a_word_with_a_negative_sense_alone_is_not_a_negation() -> None:
    # "lost customers" says nothing against a claim that never mentions winning
    result = match("The foundry lost three big customers to its rival last year.",
                   "Three big customers moved orders from the foundry to its rival last year.")
    assert not any(d.startswith("negation") for d in result.differences)
    stopped = match("The retailer is testing delivery drones in two cities.",
                    "The retailer has stopped testing delivery drones in two cities.")
    assert any(d.startswith("negation") for d in stopped.differences)


def test_a_changed_period_is_never_a_duplicate() -> None:
    result = match("The console maker sold 20 million units in the fiscal year.",
                   "The console maker sold 20 million units in the quarter.")
    assert not result.is_duplicate
    assert any(d.startswith("period") for d in result.differences)


def test_related_always_says_what_differs_and_other_weak_pairs_have_no_level() -> None:
    # Alike in topic, below the suggestion threshold, no checkable fact differs: no level.
    weak = match("The city council approved a new budget for public parks.",
                 "The city council debated traffic rules near schools.")
    assert weak.level is None and weak.differences == []
    # A guard failed: related, with its difference.
    related = match("AI가 해낼 수 있는 작업의 길이는 7개월마다 2배씩 늘어나고 있다.",
                    "AI가 해낼 수 있는 작업의 길이는 7년마다 2배씩 늘어나고 있다.")
    assert related.level == "related" and related.differences == ["7개월 vs 7년"]


@pytest.mark.parametrize(("query", "other"), [
    ("AI 능력은 7개월마다 2배씩 증가한다", "문샷 AI는 마케팅 비용을 오히려 두 배로 늘렸다."),
    ("Solar panel output doubles every 18 months", "The city doubled its parking fees."),
])
def test_a_number_on_one_side_with_little_else_shared_is_no_duplicate(query: str,
                                                                       other: str) -> None:
    result = match(query, other)
    assert not result.is_duplicate, result
    assert result.score < MatchSettings().suggested


def test_the_same_number_with_a_paraphrase_is_still_suggested() -> None:
    result = match("AI 능력은 7개월마다 2배씩 증가한다",
                   "AI가 해낼 수 있는 작업의 길이는 7개월마다 2배씩 늘어나고 있다.")
    assert result.is_duplicate


@pytest.mark.parametrize("text", [
    "Zhipu AI is preparing an IPO",  # 6 words
    "Kakao launches a webtoon translation model",  # 6 words
    "지푸 AI가 상장을 추진",  # 4 Korean words
])
def test_claims_of_few_words_are_never_same(text: str) -> None:
    result = match(text, text)
    assert result.score == 100.0
    assert result.level == "suggested"


def test_claims_of_enough_words_can_be_same() -> None:
    text = "Zhipu AI is preparing for an initial public offering this year."
    assert match(text, text).level == "same"
    korean = "지푸 AI가 상장을 추진하고 있다."  # 5 Korean words carry as much as 8 English
    assert match(korean, korean).level == "same"
