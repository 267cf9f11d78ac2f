"""A sentence broken over several lines is joined before it is scored, and a sentence whose
subject is carried over from the previous one inherits it (issue 12). Sentences written for
these tests."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.extract.article import split_text
from factcheck.extract.worthiness import FEATURES
from tests.extract.conftest import extracted_text, sentence_starting

KO_SCRIPT = """한빛전자 주가 급락

[앵커]
한빛전자가 어제 3분기 실적을 발표했습니다.
창사 이래
가장 큰 낙폭을
기록했습니다.
▲ 한빛전자 본사 전경 (사진=한빛전자 제공)
박서준 기자 sj.park@example.kr
한빛증권은 목표 주가를 20% 내렸습니다.

올해 영업이익 목표치를
2조 원으로 낮췄습니다.
"""

EN_SCRIPT = """Orbitline shares slide

Orbitline Aerospace
reported a loss of $40 million
in the second quarter on Tuesday.
It is the biggest loss the satellite maker has ever reported.
Photo: An Orbitline satellite in a clean room
By Jamie Cole
Meridian Bank lowered its price target to $12.

It cut prices twice last year.
"""


extracted = extracted_text
unit = sentence_starting


def test_a_korean_sentence_over_three_lines_is_one_claim() -> None:
    extraction = extracted(KO_SCRIPT)
    joined = unit(extraction, "창사 이래")
    assert joined.text == "창사 이래 가장 큰 낙폭을 기록했습니다."
    assert joined.checkworthy


def test_an_english_sentence_over_three_lines_is_one_claim() -> None:
    extraction = extracted(EN_SCRIPT)
    joined = unit(extraction, "Orbitline Aerospace")
    assert joined.text == ("Orbitline Aerospace reported a loss of $40 million in the second "
                           "quarter on Tuesday.")
    assert joined.checkworthy


def test_captions_bylines_and_headings_next_to_a_broken_sentence_stay_apart() -> None:
    ko = extracted(KO_SCRIPT)
    assert unit(ko, "▲ 한빛전자").excluded == "caption"
    assert unit(ko, "박서준 기자").excluded in ("byline", "email")
    assert unit(ko, "[앵커]").text == "[앵커]" and not unit(ko, "[앵커]").checkworthy
    en = extracted(EN_SCRIPT)
    assert unit(en, "Photo:").excluded == "caption"
    assert unit(en, "By Jamie Cole").excluded == "byline"
    for extraction in (ko, en):
        for claim in extraction.claims:
            assert not any(mark in claim.text for mark in ("사진=", "기자", "Photo", "By Jamie"))


def test_a_blank_line_still_splits_paragraphs() -> None:
    split = split_text("The board met on Monday and\n\nvoted to close two plants.")
    assert split.paragraphs == ["The board met on Monday and", "voted to close two plants."]
    assert split.groups == [0, 1]
    ko = extracted(KO_SCRIPT)
    last = unit(ko, "올해 영업이익")
    assert last.text == "올해 영업이익 목표치를 2조 원으로 낮췄습니다."
    assert last.group != unit(ko, "한빛증권은").group


def test_a_korean_sentence_without_a_subject_inherits_the_previous_one() -> None:
    extraction = extracted(KO_SCRIPT)
    carried = unit(extraction, "창사 이래")
    assert carried.inherited == "한빛전자"
    assert "inherited_subject" in carried.features and "inherited_subject" in FEATURES
    assert carried.checkworthy
    claim = next(c for c in extraction.document()["claims"] if c["text"].startswith("창사"))
    assert "한빛전자" in claim["context"]


def test_an_english_pronoun_inherits_the_previous_subject() -> None:
    extraction = extracted(EN_SCRIPT)
    carried = unit(extraction, "It is the biggest")
    assert carried.inherited == "Orbitline Aerospace"
    assert carried.checkworthy and "inherited_subject" in carried.features


def test_a_sentence_with_its_own_subject_inherits_nothing() -> None:
    assert unit(extracted(KO_SCRIPT), "한빛증권은").inherited is None
    assert unit(extracted(EN_SCRIPT), "Meridian Bank").inherited is None
    assert unit(extracted(KO_SCRIPT), "한빛전자가").inherited is None


def test_nothing_is_inherited_across_a_paragraph_break() -> None:
    ko = unit(extracted(KO_SCRIPT), "올해 영업이익")
    assert ko.inherited is None and "inherited_subject" not in ko.features
    en = unit(extracted(EN_SCRIPT), "It cut prices")
    assert en.inherited is None and "inherited_subject" not in en.features


def test_nothing_is_inherited_from_a_caption_or_byline() -> None:
    text = ("Orbitline shares slide\n\nOrbitline Aerospace cut prices twice last year.\n"
            "By Jamie Cole\nIt is the largest cut in a decade.\n")
    extraction = extracted(text)
    assert unit(extraction, "By Jamie Cole").excluded == "byline"
    assert unit(extraction, "It is the largest").inherited is None


def test_all_shows_what_a_sentence_inherited(workdir: Path, runner: CliRunner) -> None:
    path = workdir / "script.txt"
    path.write_text(KO_SCRIPT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--all"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)["claims"]
    carried = next(c for c in claims if c["text"].startswith("창사 이래"))
    assert carried["context"] == "subject carried over from the previous sentence: 한빛전자"
    assert "inherited_subject" in carried["tags"]
    own = next(c for c in claims if c["text"].startswith("한빛증권은"))
    assert "context" not in own and "inherited_subject" not in own["tags"]
