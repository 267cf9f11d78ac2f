"""The learned check-worthiness score (issue 12): where its weights and threshold come from,
what `--all` and `--threshold` do, and how it scores kinds of news sentences it must get right.
The sentences here are written for these tests and are not in the training articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.extract.labelled import Split, training_articles
from factcheck.extract.model import FEATURES_VARIANT, MEANING, MEANING_VARIANT, shipped_models
from factcheck.extract.training import train_models
from factcheck.extract.worthiness import FEATURES
from factcheck.text import normalise_whitespace
from tests.extract.conftest import (
    EN_TEXT,
    KO_TEXT,
    default_encoder,
    extracted_text,
    sentence_starting,
)


def test_the_shipped_model_is_what_training_makes_from_the_labelled_articles() -> None:
    """No weight is set by hand: fitting again on factcheck/extract/data/news gives the file."""
    made = train_models(training_articles(), default_encoder())
    shipped = shipped_models()
    assert set(made) == set(shipped) == {MEANING_VARIANT, FEATURES_VARIANT}
    for name, model in made.items():
        assert model.inputs == shipped[name].inputs == tuple(FEATURES)
        assert model.weights == pytest.approx(shipped[name].weights, abs=1e-4)
        assert model.meaning_weights == pytest.approx(shipped[name].meaning_weights, abs=1e-4)
        assert model.bias == pytest.approx(shipped[name].bias, abs=1e-4)
        assert model.threshold == shipped[name].threshold


def test_the_threshold_was_chosen_on_articles_the_model_was_not_trained_on() -> None:
    articles = training_articles()
    by_split = {split: {a.name for a in articles if a.split == split} for split in Split}
    assert all(by_split.values())
    for model in shipped_models().values():
        trained = set(model.info["trained_on"])
        chosen_on = set(model.info["threshold_chosen_on"])
        held_out = set(model.info["held_out"])
        assert trained == by_split[Split.TRAIN]
        assert chosen_on == by_split[Split.VALIDATION]
        assert held_out == by_split[Split.TEST]
        assert not trained & chosen_on and not trained & held_out and not chosen_on & held_out
        assert 0.05 <= model.threshold <= 0.95
    # Both languages are in every split.
    for split in Split:
        assert {a.language for a in articles if a.split == split} == {"ko", "en"}


def test_the_sentences_of_these_tests_are_not_training_sentences() -> None:
    text = normalise_whitespace(" ".join(a.text for a in training_articles()))
    for written in (*KO_CASES, *EN_CASES):
        for line in written[0].splitlines()[1:]:
            if line.strip():
                assert normalise_whitespace(line) not in text, line


# Each case: an article (headline first), the start of the sentence, and whether it is a claim.
KO_CASES = [
    ("해오름시 버스 추락\n\n해오름경찰서는 버스 운전기사 B씨를 업무상과실치사 혐의로 입건했다. "
     "경찰은 B씨가 졸음운전을 했는지 조사하고 있다.", "해오름경찰서는", True),
    ("솔빛데이터 해킹 의혹\n\n솔빛데이터는 해커 조직과 어떤 접촉도 없었고, 고객 정보가 빠져나갈 "
     "가능성도 없다고 반박했다.", "솔빛데이터는", True),
    ("수면과 기억력\n\n잠이 부족한 청소년은 기억력 시험 점수가 눈에 띄게 낮았다는 연구 결과입니다.",
     "잠이 부족한", True),
    ("반도체 동향\n\n이로써 '칩 전쟁'으로 불리던 한빛반도체와 누리칩의 경쟁은 새로운 국면에 "
     "들어섰다.", "이로써", False),
    ("시장 반응\n\n한 상인은 \"요즘 같아선 장사할 맛이 안 난다\"고 말했다.", "한 상인은", False),
]
EN_CASES = [
    ("Crash on Route 9\n\nTroopers said the driver was taken into custody at the scene and "
     "charged with reckless driving.", "Troopers said", True),
    ("Data breach denied\n\nLumenta denied that any customer records had left its servers and "
     "said it had found no sign of an intrusion.", "Lumenta denied", True),
    ("Sleep and memory\n\nA study of teenagers found that those who slept less than six hours "
     "scored lower on memory tests.", "A study of teenagers", True),
    ("Chip race\n\nWith that, the contest between Orbis Semiconductor and Kestrel Chips has "
     "entered a new and uncertain phase.", "With that", False),
    ("Market mood\n\nOne shopper, who did not want to be named, said the prices were simply "
     "too high these days.", "One shopper", False),
]


@pytest.mark.parametrize(("text", "start", "claim"), KO_CASES + EN_CASES,
                         ids=[f"{c[1]}-{c[2]}" for c in KO_CASES + EN_CASES])
def test_kinds_of_news_sentences(text: str, start: str, claim: bool) -> None:
    """Official accounts without a number, flat denials and study findings are claims; the
    writer's framing around named entities and an unnamed person's opinion are not."""
    found = sentence_starting(extracted_text(text), start)
    assert found.checkworthy is claim, (found.probability, found.contributions)


def test_all_shows_the_probability_and_the_terms_that_moved_it(
        workdir: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", str(EN_TEXT), "--all"])
    assert result.exit_code == 0, result.output
    for claim in json.loads(result.stdout)["claims"]:
        probability = [t for t in claim["tags"] if t.startswith("probability:")]
        assert len(probability) == 1 and 0.0 <= float(probability[0].split(":")[1]) <= 1.0
        why = [t.removeprefix("why:") for t in claim["tags"] if t.startswith("why:")]
        assert 1 <= len(why) <= 3
        names = [w.rsplit(" ", 1)[0] for w in why]
        assert all(name in FEATURES or name == MEANING for name in names)


def test_the_threshold_option_proposes_more_or_fewer(workdir: Path, runner: CliRunner) -> None:
    def proposed(*options: str) -> list[str]:
        result = runner.invoke(app, ["extract", str(KO_TEXT), *options])
        assert result.exit_code == 0, result.output
        return [c["text"] for c in json.loads(result.stdout)["claims"]]

    default = proposed()
    strict = proposed("--threshold", "0.97")
    everything = proposed("--threshold", "0")
    assert set(strict) < set(default) < set(everything)
    # Threshold 0 proposes every sentence but the ones that are never claims.
    every = json.loads(runner.invoke(app, ["extract", str(KO_TEXT), "--all"]).stdout)["claims"]
    assert set(everything) == {c["text"] for c in every
                               if not any(t.startswith("excluded:") for t in c["tags"])}


def test_a_threshold_outside_zero_to_one_is_refused(workdir: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", str(KO_TEXT), "--threshold", "1.5"])
    assert result.exit_code == 2
    assert "--threshold" in result.output and "less than or equal to 1" in result.output


def test_without_the_encoder_the_features_alone_score(
        workdir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_ENCODER", "off")
    result = runner.invoke(app, ["extract", str(EN_TEXT), "--all"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)["claims"]
    assert not any(t.startswith(f"why:{MEANING}") for c in claims for t in c["tags"])
    proposed = [c for c in claims if not any(t.startswith(("excluded:", "below-threshold"))
                                             for t in c["tags"])]
    assert any("9.1 million containers" in c["text"] for c in proposed)
