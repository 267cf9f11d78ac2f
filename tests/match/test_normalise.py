"""Normal forms: Korean and English numbers, morphology, storage round trip, lazy kiwipiepy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from factcheck.match import NormalForm, StaleNormalForm, normalise, normalise_many


def quantities(text: str) -> list[tuple[float, str]]:
    return [(q.value, q.unit) for q in normalise(text).quantities]


@pytest.mark.parametrize(("words", "digits"), [
    ("부품 세 개를 샀다", "부품 3개를 샀다"),
    ("매출이 두 배로 늘었다", "매출이 2배로 늘었다"),
    ("가입자 1만 명", "가입자 10000명"),
    ("가입자 1만 명", "가입자 10,000명"),
    ("4천억 원을 투자했다", "4000억 원을 투자했다"),
    ("1조1000억 원", "1조 1000억 원"),
    ("네 곳에 짓는다", "4곳에 짓는다"),
    ("세 번째 공장", "3위 공장"),
])
def test_korean_numerals_and_units_read_as_the_same_quantity(words: str, digits: str) -> None:
    assert quantities(words) == quantities(digits)


def test_korean_large_amounts_have_their_value() -> None:
    assert quantities("총 1조1000억 원") == [(1.1e12, "krw")]
    assert quantities("2조4000억 원") == [(2.4e12, "krw")]


def test_units_are_told_apart() -> None:
    assert quantities("7개월마다") == [(7.0, "month")]
    assert quantities("7년마다") == [(7.0, "year")]
    assert quantities("3%포인트 올랐다") == [(3.0, "%p")]
    assert quantities("3%p 올랐다") == [(3.0, "%p")]
    assert quantities("3% 올랐다") == [(3.0, "%")]
    assert quantities("rose 3 percentage points") == [(3.0, "%p")]


def test_english_amounts_and_currencies() -> None:
    assert quantities("a $2.5bn deal") == [(2.5e9, "usd")]
    assert quantities("2.5 billion dollars") == [(2.5e9, "usd")]
    assert quantities("2.5 million dollars") == [(2.5e6, "usd")]
    assert quantities("it doubled") == [(2.0, "times")]


def test_model_names_with_digits_are_names_not_numbers() -> None:
    form = normalise("The H200 and GPT-4o shipped")
    assert form.quantities == ()
    assert {"h200", "gpt-4o"} <= set(form.entities)


def test_korean_particles_and_endings_are_dropped() -> None:
    plain = normalise("카카오는 새 번역 앱을 출시했다.")
    polite = normalise("카카오가 새 번역 앱을 출시했습니다.")
    assert plain.tokens == polite.tokens
    assert "는" not in plain.tokens and "었" not in plain.tokens


def test_glossary_maps_korean_and_english_to_shared_tokens() -> None:
    korean = normalise("엔비디아 주가가 올랐다")
    english = normalise("Nvidia stock rose")
    assert {"nvidia", "stock"} <= set(korean.crosslingual) & set(english.crosslingual)


def test_english_contractions_plurals_and_negation() -> None:
    form = normalise("The regulators didn't approve the chips")
    assert form.negated
    assert "chip" in form.tokens
    assert not normalise("The regulators approved the chips").negated


def test_korean_negation_and_antonyms() -> None:
    assert normalise("그 계획은 허용되지 않았다").negated
    assert normalise("당국은 그 계획을 불허했다").negated
    assert not normalise("당국은 그 계획을 허용했다").negated


def test_stored_text_round_trips() -> None:
    form = normalise("카카오는 5년간 3조 원을 AI에 투자한다고 밝혔다.", "ko", speaker="카카오")
    assert NormalForm.from_text(form.to_text()) == form
    assert form.index_tokens  # something to index


def test_stored_text_of_another_version_is_refused() -> None:
    text = normalise("Nvidia stock rose").to_text().replace('"v":', '"v":-', 1)
    with pytest.raises(StaleNormalForm):
        NormalForm.from_text(text)
    with pytest.raises(StaleNormalForm):
        NormalForm.from_text("not json")


def test_batch_equals_one_by_one() -> None:
    texts = ["카카오는 새 번역 앱을 출시했다.", "Nvidia stock rose 5%",
             "메타는 직원 두 명을 뽑았다"]
    assert normalise_many(texts, ["ko", "en", "ko"]) == [
        normalise(t, lang) for t, lang in zip(texts, ["ko", "en", "ko"], strict=True)]


def test_kiwipiepy_loads_only_when_korean_text_is_normalised() -> None:
    code = (
        "import sys, factcheck.match as m\n"
        "print('kiwipiepy' in sys.modules)\n"
        "m.normalise('Nvidia stock rose 5% in a day')\n"
        "print('kiwipiepy' in sys.modules)\n"
        "m.normalise('엔비디아 주가가 하루에 5% 올랐다')\n"
        "print('kiwipiepy' in sys.modules, m.kiwi_loaded())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split("\n")[:3] == ["False", "False", "True True"]


def test_british_and_american_spellings_share_tokens() -> None:
    assert normalise("The firm reorganised its chip unit").tokens == \
        normalise("The firm reorganized its chip unit").tokens


def test_capitalised_words_are_case_folded_before_stemming() -> None:
    start = normalise("Prisoners were freed early, officials said.")
    inside = normalise("Officials said that prisoners were freed early.")
    assert set(start.index_tokens) == set(inside.index_tokens)
    assert normalise("Governors").tokens == normalise("governors").tokens

