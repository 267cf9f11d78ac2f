"""Levels from both kinds of evidence (compare with `semantic=`), and what of a searched text
is matched. The cosines are given, so each rule is tested on its own; sentences written for
these tests."""

from __future__ import annotations

from factcheck.match import MatchSettings, compare, normalise
from factcheck.match.query_text import query_text
from factcheck.vocabulary import MatchLevel

S = MatchSettings()


def test_same_needs_the_words_and_the_meaning_to_agree() -> None:
    a = normalise("The regional airport handled 4.2 million passengers in 2025, a record.")
    b = normalise("In 2025 the regional airport handled a record 4.2 million passengers.")
    assert compare(a, b).level == MatchLevel.SAME  # words alone
    assert compare(a, b, semantic=0.95).level == MatchLevel.SAME
    # the same words but meanings far apart (the vectors disagree): a reviewer decides
    assert compare(a, b, semantic=S.semantic_same - 0.2).level != MatchLevel.SAME


def test_a_paraphrase_sharing_few_words_is_suggested_on_its_meaning() -> None:
    a = normalise("Heavy snow shut every school in the valley on Monday.")
    b = normalise("Classes across the valley were cancelled as blizzards hit on Monday.")
    assert compare(a, b).level is None  # the words alone do not see it
    assert compare(a, b, semantic=S.semantic_suggested + 0.05).level == MatchLevel.SUGGESTED
    assert compare(a, b, semantic=0.2).level is None


def test_a_translation_is_at_most_suggested() -> None:
    a = normalise("The city council approved a new tram line to the airport.", "en")
    b = normalise("시의회가 공항까지 가는 새 트램 노선을 승인했다.", "ko")
    assert compare(a, b, semantic=0.99).level == MatchLevel.SUGGESTED
    # (the glossary shares "approve" and "new": meanings far apart refuse that suggestion)
    assert compare(a, b, semantic=S.semantic_floor - 0.2).level in (None,
                                                                         MatchLevel.RELATED)


def test_a_difference_caps_even_a_very_close_meaning_at_related() -> None:
    a = normalise("The bridge toll will rise to 5 dollars in March.")
    b = normalise("The bridge toll will rise to 7 dollars in March.")
    result = compare(a, b, semantic=0.99)
    assert result.level == MatchLevel.RELATED and result.differences
    assert result.score < S.suggested


def test_the_same_figures_need_less_of_the_meaning() -> None:
    a = normalise("Exports of frozen fish reached 1.8 billion dollars last year.")
    b = normalise("Last year the country sold 1.8 billion dollars of frozen seafood abroad.")
    c = normalise("Exports of frozen fish reached 2.6 billion dollars last year.")
    between = (S.semantic_corroborated + S.semantic_suggested) / 2
    assert compare(a, b, semantic=between).level == MatchLevel.SUGGESTED
    assert compare(a, c, semantic=between).level == MatchLevel.RELATED


def test_a_searched_text_needs_less_of_the_meaning_than_a_stored_claim() -> None:
    post = normalise("wow, the valley schools are all closed today because of the snow!! "
                     "stay safe everyone")
    claim = normalise("Heavy snow shut every school in the valley on Monday.")
    cosine = (S.semantic_query + S.semantic_suggested) / 2
    assert compare(post, claim, semantic=cosine).level != MatchLevel.SUGGESTED
    assert compare(post, claim, semantic=cosine, query=True).level == MatchLevel.SUGGESTED


def test_links_leave_a_searched_text_and_handles_keep_their_word() -> None:
    assert query_text("Big news from @CityCouncil: the tram is approved #transit "
                      "https://t.co/x1Y pic.twitter.com/AbC") == (
        "Big news from CityCouncil: the tram is approved transit")
    assert query_text("https://example.org/only-a-link") == "https://example.org/only-a-link"


def test_a_searched_post_may_name_more_than_the_claim_but_not_other_figures() -> None:
    claim = normalise("The harbour bridge will close for repairs for 6 weeks.")
    post = normalise(query_text("Heads up Marlow residents: harbour bridge shuts for six weeks "
                                "of repairs from Monday, says @MayorJones (posted 3 May 2026)"))
    other = normalise(query_text("Heads up Marlow residents: harbour bridge shuts for ten weeks "
                                 "of repairs from Monday, says @MayorJones"))
    # its extra names and dates are not the claim's: no difference
    assert compare(post, claim, semantic=0.6, query=True).level == MatchLevel.SUGGESTED
    # a figure of the same dimension at odds with the claim's is one
    result = compare(other, claim, semantic=0.6, query=True)
    assert result.level == MatchLevel.RELATED and "ten weeks" in result.differences[0]


def test_a_korean_abbreviation_names_the_same_body_and_another_body_does_not() -> None:
    from factcheck.match.score import guard_differences, korean_abbreviation

    assert korean_abbreviation("금감원", "금융감독원")
    assert korean_abbreviation("국토부", "국토교통부")
    assert not korean_abbreviation("국토부", "국방부")
    assert not korean_abbreviation("한전", "한국은행")
    short = normalise("금감원은 보험사 세 곳에 과징금 20억 원을 부과했다.")
    full = normalise("금융감독원은 보험사 세 곳에 과징금 20억 원을 부과했다.")
    other = normalise("국세청은 보험사 세 곳에 과징금 20억 원을 부과했다.")
    assert guard_differences(short, full) == []
    assert guard_differences(short, other)
