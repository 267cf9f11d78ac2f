"""Duplicate claims as a user meets them: import, `dupes`, `match`, decisions, verdict reuse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.config import Settings
from factcheck.services import FactcheckService

SAME_PAIRS = [("k1", "b1"), ("k6", "b4"), ("k3", "b5")]
NEVER_DUPLICATES = [("k10", "b3"), ("k4", "b6")]


def ids_by_ref(svc: FactcheckService) -> dict[str, int]:
    return {row.claim_ref or "": row.id for row in svc.list_claims()}


def dupes_json(runner: CliRunner, *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["dupes", "--json", *args])
    assert result.exit_code == 0, result.output
    pairs: list[dict[str, Any]] = json.loads(result.stdout)
    return pairs


def pair_of(pairs: list[dict[str, Any]], ref_a: str, ref_b: str) -> dict[str, Any] | None:
    wanted = {ref_a, ref_b}
    for pair in pairs:
        if {pair["a"]["claim_ref"], pair["b"]["claim_ref"]} == wanted:
            return pair
    return None


def test_import_links_the_same_claims_across_articles(sample_svc: FactcheckService,
                                                      runner: CliRunner) -> None:
    pairs = dupes_json(runner)
    for ref_a, ref_b in SAME_PAIRS:
        pair = pair_of(pairs, ref_a, ref_b)
        assert pair is not None, f"{ref_a}~{ref_b} not linked"
        assert pair["level"] == "same"
        assert pair["status"] == "auto"
        assert 0 <= pair["score"] <= 100
        assert set(pair["a"]) == {"id", "article_ref", "claim_ref", "text"}
        assert pair["a"]["id"] < pair["b"]["id"]


def test_near_misses_are_never_duplicates(sample_svc: FactcheckService,
                                          runner: CliRunner) -> None:
    pairs = dupes_json(runner)
    for ref_a, ref_b in NEVER_DUPLICATES:
        pair = pair_of(pairs, ref_a, ref_b)
        # At most "related", with the reason spelled out.
        assert pair is None or (pair["level"] == "related" and pair["differences"]), pair
    only_same = dupes_json(runner, "--level", "same")
    assert all(p["level"] == "same" for p in only_same)
    for ref_a, ref_b in NEVER_DUPLICATES:
        assert pair_of(only_same, ref_a, ref_b) is None


def test_related_pair_says_what_differs(sample_svc: FactcheckService,
                                        runner: CliRunner) -> None:
    # "A claim like this one, with another number, was checked before" is worth seeing.
    pair = pair_of(dupes_json(runner, "--level", "related"), "k10", "b3")
    assert pair is not None and pair["status"] == "open"
    text = " ".join(pair["differences"])
    assert "7개월" in text and "7년" in text


def test_rejected_pair_never_comes_back(sample_svc: FactcheckService, runner: CliRunner,
                                        workdir: Path) -> None:
    ids = ids_by_ref(sample_svc)
    result = runner.invoke(app, ["dupes", "reject", str(ids["b1"]), str(ids["k1"]),
                                 "--reviewer", "kim"])
    assert result.exit_code == 0, result.output
    assert pair_of(dupes_json(runner), "k1", "b1") is None
    rejected = pair_of(dupes_json(runner, "--status", "rejected"), "k1", "b1")
    assert rejected is not None and rejected["status"] == "rejected"

    # The blog edits its wording: the claim is matched again on import, the decision stays.
    path = workdir / "claims" / "ai-weekly-roundup-ko.json"
    data = json.loads(path.read_text("utf-8"))
    data["claims"][0]["text"] = data["claims"][0]["text"].replace("겪었다", "기록했다")
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    report = sample_svc.import_paths([Path("claims")])
    assert report.total("claims_updated") == 1
    assert pair_of(dupes_json(runner, "--rescan"), "k1", "b1") is None
    with_rejected = dupes_json(runner, "--status", "rejected")
    assert pair_of(with_rejected, "k1", "b1") is not None


def test_confirm_persists_and_joins_a_cluster(sample_svc: FactcheckService,
                                              runner: CliRunner) -> None:
    ids = ids_by_ref(sample_svc)
    result = runner.invoke(app, ["dupes", "confirm", str(ids["e4"]), str(ids["k6"])])
    assert result.exit_code == 0, result.output
    pair = pair_of(dupes_json(runner, "--status", "confirmed"), "k6", "e4")
    assert pair is not None and pair["status"] == "confirmed"
    # A second service (another process) sees the decision and the cluster.
    other = FactcheckService(sample_svc.settings)
    try:
        cluster = other.matching.cluster_of(ids["k6"])
    finally:
        other.close()
    # k6~b4 linked automatically, k6~e4 confirmed: one cluster of three.
    assert {ids["k6"], ids["b4"], ids["e4"]} <= set(cluster)


def test_confirming_a_claim_with_itself_is_refused(sample_svc: FactcheckService,
                                                   runner: CliRunner) -> None:
    ids = ids_by_ref(sample_svc)
    result = runner.invoke(app, ["dupes", "confirm", str(ids["k1"]), str(ids["k1"])])
    assert result.exit_code == 1
    assert "itself" in result.stderr


def test_earlier_verdict_is_offered_and_reuse_names_its_source(
        sample_svc: FactcheckService) -> None:
    ids = ids_by_ref(sample_svc)
    k1, b1 = ids["k6"], ids["b4"]  # the three-models claim, linked automatically
    assert sample_svc.matching.earlier_verdict(b1) is None
    sample_svc.set_verdict(k1, "false", rationale="KRX data", reviewer="park")
    offer = sample_svc.matching.earlier_verdict(b1)
    assert offer is not None
    assert offer.claim.id == k1
    assert offer.describe().startswith("checked before: false, by park, on ")

    version = sample_svc.claim_detail(b1).row.version
    reused = sample_svc.matching.reuse_verdict(b1, k1, reviewer="lee", expected_version=version)
    assert reused.reused_from_claim_id == k1
    detail = sample_svc.claim_detail(b1)
    assert detail.row.verdict == "false"
    assert detail.history[-1].reused_from_claim_id == k1
    assert detail.history[-1].reviewer == "lee"


def test_reusing_from_a_claim_without_verdict_is_refused(sample_svc: FactcheckService) -> None:
    ids = ids_by_ref(sample_svc)
    with pytest.raises(Exception, match="no verdict to reuse"):
        sample_svc.matching.reuse_verdict(ids["b1"], ids["k1"])
    assert sample_svc.claim_detail(ids["b1"]).history == []


def test_match_text_finds_the_stored_claim(sample_svc: FactcheckService,
                                           runner: CliRunner) -> None:
    result = runner.invoke(app, ["match", "엔비디아 주가가 하루 만에 사상 최대 폭으로 떨어졌다",
                                 "--top", "3", "--json"])
    assert result.exit_code == 0, result.output
    (answer,) = json.loads(result.stdout)
    assert answer["query_id"] == "1"
    refs = [m["claim_ref"] for m in answer["matches"]]
    assert len(refs) <= 3
    assert refs and refs[0] in {"k1", "b1"}
    assert set(answer["matches"][0]) == {"id", "article_ref", "claim_ref", "text", "score",
                                         "level", "differences", "earlier_check"}
    assert answer["matches"][0]["earlier_check"] is None  # one of the desk's own claims
    # `same` first, then by the evidence (the lexical rank and the meaning), not the score
    levels = [m["level"] for m in answer["matches"]]
    assert levels == sorted(levels, key=lambda level: level != "same")


def test_match_puts_the_same_claim_before_suggestions(sample_svc: FactcheckService,
                                                     runner: CliRunner) -> None:
    # e2's own words: e2 is the same claim; its shorter Korean counterparts only suggested
    result = runner.invoke(app, ["match", "Zhipu AI is preparing for an initial public "
                                 "offering.", "--top", "3", "--json"])
    assert result.exit_code == 0, result.output
    (answer,) = json.loads(result.stdout)
    levels = [(m["claim_ref"], m["level"]) for m in answer["matches"]]
    assert levels[0] == ("e2", "same")
    assert {"b5", "k3"} <= {ref for ref, level in levels[1:] if level == "suggested"}


def test_match_queries_jsonl_answers_each_in_order(sample_svc: FactcheckService,
                                                   runner: CliRunner, workdir: Path) -> None:
    queries = workdir / "batch.jsonl"
    queries.write_text(
        json.dumps({"id": "q-zhipu", "text": "Zhipu AI is preparing an IPO."}) + "\n\n"
        + json.dumps({"id": 7, "text": "중국에서 살아남는 AI 모델은 3개뿐일 것"},
                     ensure_ascii=False) + "\n", "utf-8")
    result = runner.invoke(app, ["match", "--queries", str(queries), "--json"])
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout)
    assert [a["query_id"] for a in answers] == ["q-zhipu", 7]
    # The English claim, or its Korean counterpart (the cross-language link is honest too).
    assert answers[0]["matches"][0]["claim_ref"] in {"e2", "b5", "k3"}
    assert "e2" in [m["claim_ref"] for m in answers[0]["matches"]]
    assert answers[1]["matches"][0]["claim_ref"] in {"k6", "b4"}


def test_match_queries_plain_lines(sample_svc: FactcheckService, runner: CliRunner,
                                   workdir: Path) -> None:
    queries = workdir / "batch.txt"
    queries.write_text("Moonshot AI cut its marketing budget\n"
                       "Baichuan focuses on healthcare models\n", "utf-8")
    result = runner.invoke(app, ["match", "--queries", str(queries), "--json"])
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout)
    assert [a["query_id"] for a in answers] == ["1", "2"]
    assert answers[1]["matches"][0]["claim_ref"] == "e5"


def test_bad_queries_file_names_file_and_line(sample_svc: FactcheckService,
                                              runner: CliRunner, workdir: Path) -> None:
    queries = workdir / "bad.jsonl"
    queries.write_text('{"id": 1, "text": "fine"}\n{"id": 2, "text": \n', "utf-8")
    result = runner.invoke(app, ["match", "--queries", str(queries), "--json"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ") and "bad.jsonl:2:" in lines[0]
    assert result.stdout == ""

    missing_text = workdir / "nokey.jsonl"
    missing_text.write_text('{"id": 1, "claim": "x"}\n', "utf-8")
    result = runner.invoke(app, ["match", "--queries", str(missing_text)])
    assert result.exit_code == 1
    assert "nokey.jsonl:1:" in result.stderr and '"text"' in result.stderr


def test_claims_imported_without_matching_are_found_by_rescan(
        workdir: Path, db_url: str, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_MATCHING", "off")
    svc = FactcheckService(Settings.load(db=db_url, reviewer="tester"))
    try:
        assert not svc.import_paths([Path("claims")]).errors
    finally:
        svc.close()
    assert dupes_json(runner) == []
    monkeypatch.delenv("FACTCHECK_MATCHING")
    pairs = dupes_json(runner, "--rescan")
    for ref_a, ref_b in SAME_PAIRS:
        found = pair_of(pairs, ref_a, ref_b)
        assert found is not None and found["level"] == "same"
