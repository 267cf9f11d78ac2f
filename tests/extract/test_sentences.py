"""Sentence splitting keeps names, dates, decimals, abbreviations and quotations whole."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.extract.sentences import detect_language, split_sentences


def test_korean_split_keeps_company_names_with_dots_and_dates_without_spaces() -> None:
    text = ("중국 스타트업 01.AI는 1월27일 새 모델을 공개했다. 이 회사의 매출은 3.5배 늘었다. "
            "리카이푸 대표는 \"살아남을 것이다. 확신한다\"라고 말했다.")
    assert split_sentences(text, "ko") == [
        "중국 스타트업 01.AI는 1월27일 새 모델을 공개했다.",
        "이 회사의 매출은 3.5배 늘었다.",
        "리카이푸 대표는 \"살아남을 것이다. 확신한다\"라고 말했다.",
    ]


def test_korean_photo_credit_stays_with_its_caption() -> None:
    assert split_sentences("배터리 공장 내부 모습. (사진=그린셀)", "ko") == [
        "배터리 공장 내부 모습. (사진=그린셀)"]
    # A credit that leads the caption goes with the caption, not with the sentence before it.
    parts = split_sentences("환경부는 25일 밝혔다. (사진=연합뉴스) 공장에 배터리가 쌓여 있다.",
                            "ko")
    assert parts == ["환경부는 25일 밝혔다.", "(사진=연합뉴스) 공장에 배터리가 쌓여 있다."]


def test_english_split_respects_abbreviations_initials_decimals_and_quotes() -> None:
    text = ("Dr. Alan J. Moreno of the U.S. Department of Commerce said exports rose 3.5% to "
            "$2.4 billion. “We grew. We will grow more,” he said. Is that enough? Mr. Kim "
            "thinks so! Acme Inc. The end.")
    assert split_sentences(text, "en") == [
        "Dr. Alan J. Moreno of the U.S. Department of Commerce said exports rose 3.5% to "
        "$2.4 billion.",
        "“We grew. We will grow more,” he said.",
        "Is that enough?",
        "Mr. Kim thinks so!",
        "Acme Inc.",
        "The end.",
    ]


def test_english_quote_ending_in_question_mark_with_attribution_is_one_sentence() -> None:
    assert split_sentences('"Can we win?" she asked. Nobody answered.', "en") == [
        '"Can we win?" she asked.', "Nobody answered."]


def test_a_full_stop_that_closes_a_quotation_ends_the_sentence() -> None:
    text = 'She called it "the best year yet." Critics disagreed.'
    assert split_sentences(text, "en") == ['She called it "the best year yet."',
                                           "Critics disagreed."]


def test_english_photo_credit_joins_its_caption() -> None:
    assert split_sentences("A worker inspects a wafer. (Photo: Reuters)", "en") == [
        "A worker inspects a wafer. (Photo: Reuters)"]


def test_language_detection_uses_the_share_of_hangul() -> None:
    assert detect_language("한빛시는 공공자전거 이용 건수가 1000만 건을 넘었다고 밝혔다.") == "ko"
    assert detect_language("Samsung (삼성전자) said on Tuesday that its profit rose by 12% "
                           "in the third quarter.") == "en"


_ALPHABET = "abcXYZ 012.,?!\"“”‘’'()$%-가나다라마바사."


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=200))
def test_english_splitting_loses_and_invents_no_text(text: str) -> None:
    parts = split_sentences(text, "en")
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")
    assert all(part == part.strip() and part for part in parts)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_korean_splitting_loses_and_invents_no_text(text: str) -> None:
    parts = split_sentences(text, "ko")
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")
