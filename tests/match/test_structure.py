"""The structural guard: two wordings of one sentence aligned unit by unit, so a substituted
word, number, unit, period or name is a difference even when no word list knows it."""

from __future__ import annotations

import pytest

from factcheck.match import NormalForm, compare, normalise
from factcheck.match.score import structural_differences


def structural(a: str, b: str) -> list[str]:
    return structural_differences(normalise(a), normalise(b))


# --- substitutions that make another claim --------------------------------------------------

@pytest.mark.parametrize(("a", "b", "words"), [
    # a preposition or comparison word (above/below are stopwords for the index)
    ("The city's recycling rate this spring was above the national target.",
     "The city's recycling rate this spring was below the national target.", ("above", "below")),
    ("The ferry left the harbour before the storm reached the coast.",
     "The ferry left the harbour after the storm reached the coast.", ("before", "after")),
    # a verb of opposite meaning that no antonym list holds
    ("The tribunal dismissed the complaint against the landlord.",
     "The tribunal sustained the complaint against the landlord.", ("dismissed", "sustained")),
    ("시의회는 도서관 증축 예산안을 가결했다.", "시의회는 도서관 증축 예산안을 부결했다.",
     ("가결", "부결")),
    ("조합원들은 임금 협상 잠정 합의안을 수용했다.", "조합원들은 임금 협상 잠정 합의안을 거절했다.",
     ("수용", "거절")),
    # a unit
    ("The wind farm will deliver 300 kilowatts to the island grid.",
     "The wind farm will deliver 300 terawatts to the island grid.", ("kilowatts", "terawatts")),
    # a period
    ("구립 수영장은 하루 평균 800명이 이용한다.", "구립 수영장은 한 달 평균 800명이 이용한다.",
     ("하루", "한 달")),
    # a name
    ("Lisbon hosted the robotics fair this autumn for the first time.",
     "Porto hosted the robotics fair this autumn for the first time.", ("Lisbon", "Porto")),
    ("광주시는 올해 시내버스 노선 12개를 새로 만들었다.",
     "대전시는 올해 시내버스 노선 12개를 새로 만들었다.", ("광주", "대전")),
])
def test_a_substituted_word_is_a_difference(a: str, b: str, words: tuple[str, str]) -> None:
    differences = structural(a, b)
    assert len(differences) == 1
    line = differences[0]
    assert line.startswith("differs in: ")
    assert words[0] in line and words[1] in line
    assert line.index(words[0]) < line.index(" vs ") < line.index(words[1])
    result = compare(normalise(a), normalise(b))
    assert result.level == "related"
    assert result.differences


@pytest.mark.parametrize(("a", "b", "shown"), [
    ("도서관의 평일 개방 시간은 약 9시간이다.", "도서관의 평일 개방 시간은 약 9시간 반이다.",
     "9시간 vs 9시간 반"),
    ("The bridge repairs will cost 12 million euros next year.",
     "The bridge repairs will cost over 12 million euros next year.",
     "12 million euros vs over 12 million euros"),
])
def test_a_modifier_inserted_on_a_figure_is_a_difference(a: str, b: str, shown: str) -> None:
    assert structural(a, b) == [f"differs in: {shown}"]
    assert compare(normalise(a), normalise(b)).level == "related"


def test_the_guard_is_symmetric_and_names_each_side_in_order() -> None:
    a = "The museum shop sells postcards cheaper than the kiosk."
    b = "The museum shop sells postcards dearer than the kiosk."
    assert structural(a, b) == ["differs in: cheaper vs dearer"]
    assert structural(b, a) == ["differs in: dearer vs cheaper"]
    assert compare(normalise(a), normalise(b)).level == compare(normalise(b), normalise(a)).level


# --- the same claim written otherwise: no difference ----------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    # the same lemma, inflected otherwise
    ("The museum extends its opening hours for the summer festival.",
     "The museum extended its opening hours for the summer festival."),
    ("시립 미술관은 여름 축제 기간에 관람 시간을 늘린다.",
     "시립 미술관은 여름 축제 기간에 관람 시간을 늘렸다."),
    # a typo
    ("The museum extended its opening hours for the summer festival.",
     "The museum extended its openning hours for the sumer festival."),
    ("시립 미술관은 여름 축제 기간에 관람 시간을 연장했다.",
     "시립 미술관은 여름 축제 기간에 관람 시간을 연장햇다."),
    # a number written otherwise
    ("Thirty volunteers cleaned the beach near the old lighthouse.",
     "30 volunteers cleaned the beach near the old lighthouse."),
    ("그 마을의 사과 축제는 전국 지역 축제 가운데 3위를 차지했다.",
     "그 마을의 사과 축제는 전국 지역 축제 가운데 세 번째를 차지했다."),
    # other particles
    ("시립 도서관이 주말 운영 시간을 두 시간 늘렸다.",
     "시립 도서관은 주말 운영 시간을 두 시간 늘렸다."),
    # attribution added at an edge
    ("The ferry company said the new island route opens in June.",
     "The new island route opens in June."),
    ("구청은 다음 달부터 공영 주차장 요금을 인하한다고 밝혔다.",
     "다음 달부터 공영 주차장 요금을 인하한다."),
    # words in another order
    ("In June, the ferry company opens a new route to the island.",
     "The ferry company opens a new route to the island in June."),
    ("다음 달부터 구청은 공영 주차장 요금을 인하한다.",
     "구청은 다음 달부터 공영 주차장 요금을 인하한다."),
    # a glossary concept, and an abbreviation of the same name
    ("엔비디아는 서울에 새 연구소를 열었다고 발표했다.",
     "Nvidia는 서울에 새 연구소를 열었다고 발표했다."),
    ("The World Health Organization opened a new office in Nairobi this week.",
     "The WHO opened a new office in Nairobi this week."),
    # a hedge on the figure
    ("The harbour festival drew 20,000 visitors over the weekend.",
     "The harbour festival drew about 20,000 visitors over the weekend."),
    # spacing
    ("구청은 공영주차장 요금을 인하했다.", "구청은 공영 주차장 요금을 인하했다."),
])
def test_the_same_claim_written_otherwise_has_no_structural_difference(a: str, b: str) -> None:
    assert structural(a, b) == []
    assert structural(b, a) == []


def test_a_paraphrase_gives_no_structural_conclusion() -> None:
    # reworded throughout: the alignment shares too little to call it the same sentence
    assert structural("The council will double the number of night buses from May.",
                      "From May, twice as many buses will run at night, the council said.") == []


def test_claims_in_other_languages_are_not_aligned() -> None:
    assert structural("구청은 공영 주차장 요금을 인하했다.",
                      "The district office cut parking fees at public car parks.") == []


def test_units_are_stored_with_the_form() -> None:
    form = normalise("The ferry left the harbour before the storm reached 40 knots.")
    assert "before" in form.unit_words or "before" in form.units
    assert any(unit.startswith("#") for unit in form.units)
    back = NormalForm.from_text(form.to_text())
    assert back.units == form.units
    assert back.unit_words == form.unit_words
    assert back.unit_spots == form.unit_spots


def test_a_form_without_units_is_not_aligned() -> None:
    a = NormalForm(language="en", tokens=("ferry", "harbour", "storm"))
    b = NormalForm(language="en", tokens=("ferry", "harbour", "gale"))
    assert structural_differences(a, b) == []
