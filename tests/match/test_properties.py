"""Properties over any input: normalise never fails, round-trips; a text matches itself."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.match import NormalForm, compare, normalise

# Hangul, Latin, digits, Korean numerals/units and the punctuation claims contain.
ALPHABET = st.sampled_from(
    list("가나다라마바사아자차카타파하한두세네개월년억조만천배곳명의는을를이가에서도않못없")
    + list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list(" .,%$()'\"-‘’“”\t\n·…") + ["\u0000", "\u200b", "\ufeff", "\uff05"]
)
TEXTS = st.text(ALPHABET, max_size=80)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_normalises_and_round_trips(text: str) -> None:
    form = normalise(text)
    assert NormalForm.from_text(form.to_text()) == form


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_a_text_never_differs_from_itself(text: str) -> None:
    form = normalise(text)
    result = compare(form, form)
    assert result.differences == []
    assert 0.0 <= result.score <= 100.0


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, TEXTS)
def test_levels_and_scores_are_symmetric(left: str, right: str) -> None:
    a, b = normalise(left), normalise(right)
    forward, backward = compare(a, b), compare(b, a)
    assert forward.level == backward.level
    assert forward.score == backward.score


# Pairs sharing a few words where numbers appear on one side only: the pairs that
# compare(levels_only=True) may turn away before the typo matching.
WORDS = st.lists(st.sampled_from(
    ["kalo", "ranta", "vesimo", "tarku", "pelino", "Zhipu", "marketing", "spending", "model",
     "능력은", "증가한다", "마케팅", "비용을", "늘렸다", "투자했다", "사무소를", "열었다"]),
    min_size=0, max_size=5)
NUMBERS = st.lists(st.sampled_from(["7개월마다", "2배씩", "18 months", "3곳", "1조1000억 원",
                                    "50%", "$4.9bn", "in 2024", "500 people"]),
                   min_size=1, max_size=3)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WORDS, WORDS, NUMBERS, st.booleans())
def test_levels_only_gives_the_same_levels(shared: list[str], own: list[str],
                                           numbers: list[str], numbers_first: bool) -> None:
    a = normalise(" ".join(shared + numbers))
    b = normalise(" ".join(own + shared))
    if numbers_first:
        a, b = b, a
    exact, quick = compare(a, b), compare(a, b, levels_only=True)
    assert quick.level == exact.level
    if exact.level is not None:
        assert (quick.score, quick.differences) == (exact.score, exact.differences)
    else:
        assert quick.score >= exact.score  # turned away early: its score is a ceiling
