"""JSON import: accepted shapes, located errors, all-or-nothing files, idempotency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.io.json_import import parse_claim_text
from factcheck.services import ClaimFilter, FactcheckService


def write(path: Path, content: object | str) -> Path:
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(svc: FactcheckService) -> list[dict[str, object]]:
    return svc.claim_records()


def test_sample_imports_three_articles_and_24_claims_once(svc: FactcheckService) -> None:
    first = svc.import_paths([Path("claims")])
    assert first.errors == []
    assert (first.total("articles_new"), first.total("claims_added")) == (3, 24)
    second = svc.import_paths([Path("claims")])
    assert (second.total("articles_new"), second.total("claims_added")) == (0, 0)
    assert second.total("claims_unchanged") == 24
    assert svc.count_claims() == 24


def test_korean_text_round_trips(sample_svc: FactcheckService) -> None:
    rows = sample_svc.list_claims(ClaimFilter(article_ref="aitimes-deepseek-effect"))
    k6 = next(r for r in rows if r.claim_ref == "k6")
    assert k6.text == "중국에서는 AI 모델 3개만 살아남을 것이다."
    assert k6.speaker == "리카이푸 01.AI CEO"
    assert k6.language == "ko"
    assert k6.article_title is not None and k6.article_title.startswith("딥시크 이후")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"article": {"ref": "a"}, "claims": [', "bad.json:1:"),
        ({"article": {"ref": "a"}, "claims": [{"ref": "c1"}]},
         'bad.json: $.claims[0]: missing required key "text"'),
        ({"article": {"ref": "a"}, "claims": [{"text": "   "}]},
         "bad.json: $.claims[0].text: expected a non-empty string"),
        ({"article": {"ref": "a"}, "claims": [{"txet": "x", "text": "y"}]},
         'bad.json: $.claims[0].txet: unknown key "txet"'),
        ('{"article": {"ref": "a"}, "claims": [{"text": "x', "bad.json:1:47: malformed JSON: "
         "unterminated string starting here"),
        ({"article": {"ref": "a"}, "claims": [{"text": 42}]},
         "bad.json: $.claims[0].text: expected a non-empty string, got a number"),
        ({"article": {"ref": "a", "published": "last tuesday"}, "claims": []},
         "bad.json: $.article.published: expected an ISO date"),
        ({"article": {"outlet": "x"}, "claims": []},
         "bad.json: $.article: expected at least one of ref, url or title"),
        ({"articles": [{"article": {"ref": "a"}, "claims": "nope"}]},
         "bad.json: $.articles[0].claims: expected an array of claims, got a string"),
        ([{"article": {"ref": "a"}, "claims": [{"text": "x", "tags": [1]}]}],
         "bad.json: $[0].claims[0].tags: expected an array of strings"),
        ({"article": {"ref": "a"}, "claims": [{"ref": "c", "text": "x"},
                                             {"ref": "c", "text": "y"}]},
         'bad.json: $.claims[1]: duplicate claim ref "c" in the same article'),
        ("", "bad.json: empty file"),
        (7, "bad.json: $: expected an object"),
    ],
)
def test_bad_file_names_file_and_place_and_writes_nothing(
    sample_svc: FactcheckService, content: object, expected: str
) -> None:
    before = snapshot(sample_svc)
    report = sample_svc.import_paths([write(Path("bad.json"), content)])
    assert len(report.files) == 1 and report.files[0].claims_added == 0
    assert report.errors, "a bad file must be reported"
    assert any(line.startswith(expected) for line in report.errors), report.errors
    assert all("\n" not in line for line in report.errors)
    assert snapshot(sample_svc) == before


def test_misspelt_required_key_is_one_line_with_a_suggestion() -> None:
    with pytest.raises(InputError) as err:
        parse_claim_text('{"article": {"ref": "a"}, "claims": [{"txet": "x"}]}', label="f.json")
    assert err.value.lines() == [
        'f.json: $.claims[0].txet: unknown key "txet" (expected one of: ref, text, speaker, '
        'context, language, tags); did you mean "text"?'
    ]
    with pytest.raises(InputError) as err:
        parse_claim_text('{"artcle": {"ref": "a"}, "claims": []}', label="f.json")
    assert err.value.lines() == ['f.json: $.artcle: unknown key "artcle" (expected one of: '
                                 'article, claims); did you mean "article"?']


@pytest.mark.parametrize(("key", "value", "shown"), [
    ("language", "0\n0", r'expected a language code such as "ko" or "en", got "0\n0"'),
    ("url", "https://example.com/a\nb", r'expected an http(s) URL, got "https://example.com/a\nb"'),
    ("published", "2025\n03", r'expected an ISO date such as "2025-03-26", got "2025\n03"'),
])
def test_a_bad_value_with_a_line_break_is_shown_escaped_on_one_line(key: str, value: str,
                                                                    shown: str) -> None:
    document = {"article": {"ref": "a", key: value}, "claims": []}
    with pytest.raises(InputError) as err:
        parse_claim_text(json.dumps(document), label="f.json")
    assert err.value.lines() == [f"f.json: $.article.{key}: {shown}"]


def test_misspelt_key_suggests_the_right_one() -> None:
    with pytest.raises(InputError) as err:
        parse_claim_text('{"article": {"ref": "a", "titel": "t"}, "claims": []}', label="f.json")
    assert err.value.lines() == [
        'f.json: $.article.titel: unknown key "titel" (expected one of: ref, title, url, '
        'outlet, language, published); did you mean "title"?'
    ]


def test_file_with_one_bad_claim_imports_none_of_its_good_ones(svc: FactcheckService) -> None:
    path = write(Path("mixed.json"), {"article": {"ref": "a"}, "claims": [
        {"text": "good one"}, {"text": "good two"}, {"text": None}]})
    report = svc.import_paths([path])
    assert report.errors == ["mixed.json: $.claims[2].text: expected a non-empty string, "
                             "got null"]
    assert svc.count_claims() == 0
    assert svc.article_refs() == []


def test_good_files_import_beside_a_bad_one(svc: FactcheckService) -> None:
    write(Path("claims/zz-bad.json"), '{"article": ')
    report = svc.import_paths([Path("claims")])
    assert [f.path for f in report.files if f.errors] == ["claims/zz-bad.json"]
    assert svc.count_claims() == 24


def test_jsonl_errors_name_the_line(svc: FactcheckService) -> None:
    good = json.dumps({"article": {"ref": "a"}, "claims": [{"text": "x"}]})
    path = write(Path("batch.jsonl"), good + "\n\n" + '{"article": {"ref": "b"}, "claims": [{}]}\n')
    report = svc.import_paths([path])
    assert report.errors == ['batch.jsonl:3: $.claims[0]: missing required key "text"']
    assert svc.count_claims() == 0
    bad_json = write(Path("broken.jsonl"), good + "\n{oops\n")
    assert svc.import_paths([bad_json]).errors[0].startswith("broken.jsonl:2:2: malformed JSON")


def test_accepted_shapes(svc: FactcheckService) -> None:
    one = {"article": {"ref": "one"}, "claims": [{"text": "a"}]}
    many = [{"article": {"ref": "two"}, "claims": [{"text": "b"}]}]
    wrapped = {"articles": [{"article": {"url": "https://e.org/3"}, "claims": [{"text": "c"}]}]}
    jsonl = "\n".join(json.dumps(d) for d in (
        {"article": {"title": "Four", "outlet": "X"}, "claims": [{"text": "d"}]},
        {"article": {"title": "Four", "outlet": "X"}, "claims": [{"text": "e"}]},
    ))
    report = svc.import_paths([write(Path("1.json"), one), write(Path("2.json"), many),
                               write(Path("3.json"), wrapped), write(Path("4.jsonl"), jsonl)])
    assert report.errors == []
    assert report.total("articles_new") == 4
    assert svc.count_claims() == 5


def test_identity_rules(svc: FactcheckService) -> None:
    path = write(Path("a.json"), {"article": {"url": "https://e.org/x", "title": "T"},
                                  "claims": [{"text": "Prices  rose\n10%."}]})
    svc.import_paths([path])
    # Same article by url, same claim by whitespace-normalised text: nothing new.
    write(path, {"article": {"url": "https://e.org/x", "title": "T2"},
                 "claims": [{"text": "Prices rose 10%."}]})
    again = svc.import_paths([path])
    assert (again.total("articles_existing"), again.total("claims_unchanged")) == (1, 1)
    assert svc.count_claims() == 1


def test_edited_claim_keeps_its_review_and_bumps_version(sample_svc: FactcheckService) -> None:
    row = sample_svc.list_claims(ClaimFilter(search="Nvidia"))[0]
    sample_svc.set_verdict(row.id, "true", rationale="record drop")
    path = Path("claims/china-ai-pivot-en.json")
    data = json.loads(path.read_text("utf-8"))
    data["claims"][0]["text"] += " (corrected)"
    write(path, data)
    report = sample_svc.import_paths([path])
    assert report.total("claims_updated") == 1
    after = sample_svc.claim_detail(row.id).row
    assert after.text.endswith("(corrected)") and after.verdict == "true"
    assert after.version > row.version


def test_size_limit_refuses_large_files(workdir: Path) -> None:
    service = FactcheckService(Settings.load(db="small.db", import_limit_mb=0.0001))
    try:
        big = write(Path("big.json"), {"article": {"ref": "a"},
                                       "claims": [{"text": "x" * 500}]})
        report = service.import_paths([big])
        assert report.errors == ["big.json: file is 551 bytes, over the import limit of 104 "
                                 "bytes (--max-mb or FACTCHECK_IMPORT_LIMIT_MB raise it)"]
        assert service.count_claims() == 0
    finally:
        service.close()


def test_non_utf8_file_is_refused_with_a_position(svc: FactcheckService) -> None:
    path = Path("latin.json")
    path.write_bytes('{"article": {"ref": "é"}, "claims": []}'.encode("latin-1"))
    assert svc.import_paths([path]).errors == ["latin.json: byte 21: expected UTF-8 text"]


def test_missing_path_is_an_input_error(svc: FactcheckService) -> None:
    with pytest.raises(InputError) as err:
        svc.import_paths([Path("nowhere.json")])
    assert err.value.lines() == ["nowhere.json: no such file or folder"]


def test_import_limit_must_be_a_positive_number(workdir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.errors import FactcheckError

    with pytest.raises(FactcheckError, match="--max-mb: expected a positive number of MB"):
        Settings.load(import_limit_mb=-1)
    monkeypatch.setenv("FACTCHECK_IMPORT_LIMIT_MB", "xyz")
    with pytest.raises(FactcheckError, match='FACTCHECK_IMPORT_LIMIT_MB="xyz": expected a number'):
        Settings.load()
    monkeypatch.setenv("FACTCHECK_IMPORT_LIMIT_MB", "0.5")
    assert Settings.load().import_limit_bytes == 512 * 1024
