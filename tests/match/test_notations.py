"""One quantity in other notations is one fact; other quantities stay different facts."""

from __future__ import annotations

import pytest

from factcheck.match import compare, normalise
from factcheck.match.numbers import extract_quantities


def bases(text: str) -> list[tuple[float, str]]:
    return [q.base for q in extract_quantities(text)[0]]


def differences(a: str, b: str) -> list[str]:
    return compare(normalise(a), normalise(b)).differences


@pytest.mark.parametrize(("a", "b"), [
    # Korean 만/억/조 with 천/백, digits and decimals
    ("관람객 3만7천여 명", "관람객 3만7000여 명"),
    ("관람객 3만7천여 명", "관람객 3.7만 명"),
    ("회원 58만4000명", "회원 58.4만 명"),
    ("예산 12조3000억 원", "예산 12.3조 원"),
    ("예산 1억2천만 원", "예산 1.2억 원"),
    ("자원봉사자 백 명", "자원봉사자 100명"),
    ("참가자 천여 명", "참가자 1000여 명"),
    ("선박 1만8천 TEU", "선박 1만8000TEU"),
    # Latin suffixes and magnitude words
    ("sold 384k tickets", "sold 384,000 tickets"),
    ("8.2m passengers", "8.2 million passengers"),
    ("a $3.5bn bond", "a 3.5 billion dollar bond"),
    ("twenty-six schools", "26 schools"),
    ("three hundred and twelve beds", "312 beds"),
    # units of one dimension
    ("closed for 48 hours", "closed for two days"),
    ("closed for a day", "closed for 24 hours"),
    ("두 주 동안", "14일 동안"),
    ("일주일 동안", "7일 동안"),
    ("이틀 동안", "48시간 동안"),
    ("a 24-month contract", "a two-year contract"),
    ("12개월", "1년"),
    ("burned 6,000 hectares", "burned 6,000ha"),
    ("숲 2만3000㏊", "숲 2.3만 헥타르"),
    ("a 3.1 gigawatt plant", "a 3,100 megawatt plant"),
    ("raised rates by 50 basis points",
     "raised rates by half a percentage point"),
    ("cut by a quarter point",
     "cut by 0.25 percentage points"),
    ("0.75%포인트 인상", "75bp 인상"),
    ("0.5%p 인하", "0.5%포인트 인하"),
])
def test_equal_quantities_in_other_notations_read_alike(a: str, b: str) -> None:
    assert bases(a) == bases(b)


@pytest.mark.parametrize(("a", "b"), [
    ("항만공사는 올해 신규 창고 3곳을 짓는다고 밝혔다.",
     "항만공사는 올해 신규 창고 네 곳을 짓는다고 밝혔다."),
    ("시의회는 주차 요금을 2% 올리기로 의결했다.",
     "시의회는 주차 요금을 2%포인트 올리기로 의결했다."),
    ("그 도서관은 5년 동안 휴관한다고 구청이 밝혔다.",
     "그 도서관은 5개월 동안 휴관한다고 구청이 밝혔다."),
    ("The museum raised 4 billion dollars for its new wing, its director said.",
     "The museum raised 4 million dollars for its new wing, its director said."),
    ("The bridge will be closed for 9 months for repairs, the city said.",
     "The bridge will be closed for 9 years for repairs, the city said."),
    ("The offshore wind farm off the coast will produce 60 megawatts from next year.",
     "The offshore wind farm off the coast will produce 60 gigawatts from next year."),
    ("The ferry strike will last 48 hours from Monday, the union said.",
     "The ferry strike will last a week from Monday, the union said."),
    ("부산항에 1만6000TEU급 선박 두 척이 들어왔다고 항만공사가 밝혔다.",
     "부산항에 2만6000TEU급 선박 두 척이 들어왔다고 항만공사가 밝혔다."),
])
def test_different_quantities_stay_different(a: str, b: str) -> None:
    result = compare(normalise(a), normalise(b))
    assert not result.is_duplicate
    assert any(" vs " in d and not d.startswith(("entity", "direction", "negation"))
               for d in result.differences)


@pytest.mark.parametrize(("a", "b"), [
    ("The regional airport handled 6.4m passengers last year, its operator said.",
     "The regional airport handled 6.4 million passengers last year, its operator said."),
    ("The city library lent out 212k books in March, according to the council.",
     "The city library lent out 212,000 books in March, according to the council."),
    ("올해 지역 축제를 찾은 관람객은 4만2천여 명으로 집계됐다.",
     "올해 지역 축제를 찾은 관람객은 4만2000여 명으로 집계됐다."),
    ("산불로 숲 1만2000㏊가 탔다고 산림청이 밝혔다.",
     "산불로 숲 1.2만 헥타르가 탔다고 산림청이 밝혔다."),
    ("The dock workers will strike for 24 hours on Friday, the union said.",
     "The dock workers will strike for a day on Friday, the union said."),
    ("The central bank of Norway cut its rate by 25 basis points on Thursday.",
     "The central bank of Norway cut its rate by a quarter point on Thursday."),
    ("시는 올해 관광 예산이 8.6조 원이라고 발표했다.",
     "시는 올해 관광 예산이 8조6000억 원이라고 발표했다."),
    ("행사에는 자원봉사자 천 명이 참여했다고 주최 측이 밝혔다.",
     "행사에는 자원봉사자 1000명이 참여했다고 주최 측이 밝혔다."),
])
def test_paraphrases_in_other_notations_have_no_quantity_difference(a: str, b: str) -> None:
    assert differences(a, b) == []


def test_rates_and_relative_dates_are_not_lengths_of_time() -> None:
    assert bases("spends $2bn a year") == [(2e9, "usd")]
    assert bases("up from a year earlier") == []
    assert bases("a 40m tower") == [(40.0, "metre")]
    assert bases("하루빨리 고쳐야 한다") == []


def test_words_that_begin_with_a_magnitude_syllable_are_words() -> None:
    assert bases("3백화점") == [(3.0, "")]
    assert bases("2천연가스") == [(2.0, "")]


def test_keys_share_the_base_unit() -> None:
    hours, day = (extract_quantities(t)[0][0] for t in ("24 hours", "one day"))
    assert hours.key == day.key == "1day"
    assert extract_quantities("3년")[0][0].key == "36month"
