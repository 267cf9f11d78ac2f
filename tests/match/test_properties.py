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
