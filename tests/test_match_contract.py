"""`dupes` and `match` keep the issue-4 contract: levels, differences, ids, short claims,
and a reviewer warned before confirming claims that differ."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.models import DuplicateLink
from factcheck.services import FactcheckService

LEVELS = {"same", "suggested", "related"}


def ids_by_ref(svc: FactcheckService) -> dict[str, int]:
    return {row.claim_ref or "": row.id for row in svc.list_claims()}


def run_json(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def match_json(runner: CliRunner, text: str, *extra: str) -> list[dict[str, Any]]:
    (answer,) = run_json(runner, "match", text, "--json", *extra)
    matches: list[dict[str, Any]] = answer["matches"]
    return matches


def test_match_lists_only_matches_with_a_level(sample_svc: FactcheckService,
                                               runner: CliRunner) -> None:
    query = "Nvidia had its biggest one-day drop ever"
    matches = match_json(runner, query)
    assert matches
    assert all(m["level"] in LEVELS for m in matches), matches
    assert all(m["differences"] for m in matches if m["level"] == "related")
    # --all adds the nearest other claims as plain search results, after the levelled ones.
    nearest = match_json(runner, query, "--all")
    assert len(nearest) > len(matches)
    assert [m["id"] for m in nearest if m["level"] is not None] == [m["id"] for m in matches]
    assert "--all" in runner.invoke(app, ["match", "--help"]).stdout


def test_every_related_pair_says_what_differs(sample_svc: FactcheckService,
                                              runner: CliRunner) -> None:
    for args in ((), ("--rescan",)):
        pairs = run_json(runner, "dupes", "--json", *args)
        related = [p for p in pairs if p["level"] == "related"]
        assert related, "the sample has pairs that differ in a checkable fact"
        assert all(p["differences"] for p in related), related
        assert all(p["level"] in LEVELS for p in pairs)
    for text in ("Nvidia had its biggest one-day drop ever", "AI 능력은 7개월마다 2배씩 증가한다"):
        for found in match_json(runner, text, "--top", "10"):
            assert found["level"] != "related" or found["differences"], found


def test_a_related_link_without_differences_is_not_listed_and_rescan_drops_it(
        sample_svc: FactcheckService, runner: CliRunner) -> None:
    ids = ids_by_ref(sample_svc)
    a, b = sorted((ids["k2"], ids["e6"]))
    # as an older engine stored it
    with Session(sample_svc.workspace.engine) as session:
        session.add(DuplicateLink(claim_a_id=a, claim_b_id=b, score=40.0, level="related",
                                  differences=[]))
        session.commit()
    assert sample_svc.matching.link_between(a, b) is not None

    def listed() -> bool:
        return any({p["a"]["id"], p["b"]["id"]} == {a, b}
                   for p in run_json(runner, "dupes", "--json"))

    assert not listed()
    run_json(runner, "dupes", "--json", "--rescan")
    assert sample_svc.matching.link_between(a, b) is None


def test_a_number_on_one_side_only_is_not_suggested(sample_svc: FactcheckService,
                                                    runner: CliRunner) -> None:
    matches = match_json(runner, "AI 능력은 7개월마다 2배씩 증가한다", "--top", "10")
    by_ref = {m["claim_ref"]: m for m in matches}
    assert by_ref["k10"]["level"] == "suggested"  # the same claim, 7개월 on both sides
    assert by_ref["b3"]["level"] == "related" and by_ref["b3"]["differences"] == ["7개월 vs 7년"]
    # the marketing-spend claim shares only "두 배" and "AI"
    assert "b6" not in by_ref or by_ref["b6"]["level"] not in ("same", "suggested")


def test_confirming_a_pair_that_differs_is_refused_unless_forced(
        sample_svc: FactcheckService, runner: CliRunner) -> None:
    ids = ids_by_ref(sample_svc)
    a, b = str(ids["k10"]), str(ids["b3"])
    refused = runner.invoke(app, ["dupes", "confirm", a, b])
    assert refused.exit_code == 1
    assert "7개월 vs 7년" in refused.stderr and "--force" in refused.stderr
    assert sample_svc.matching.link_between(ids["k10"], ids["b3"]).status == "open"  # type: ignore[union-attr]

    forced = runner.invoke(app, ["dupes", "confirm", a, b, "--force"])
    assert forced.exit_code == 0, forced.output
    (warning,) = forced.stderr.strip().splitlines()
    low, high = sorted((ids["k10"], ids["b3"]))
    assert warning == (f"warning: claims {low} and {high} differ in: 7개월 vs 7년; "
                       "confirmed anyway")
    assert "duplicate confirmed" in forced.stdout
    pair = sample_svc.matching.link_between(ids["k10"], ids["b3"])
    assert pair is not None and pair.status == "confirmed"


def test_confirming_a_pair_the_matcher_never_paired_warns(sample_svc: FactcheckService,
                                                          runner: CliRunner) -> None:
    ids = ids_by_ref(sample_svc)
    a, b = sorted((ids["b1"], ids["b2"]))  # Nvidia's fall, Google's AI search
    assert sample_svc.matching.link_between(a, b) is None
    result = runner.invoke(app, ["dupes", "confirm", str(a), str(b)])
    assert result.exit_code == 0, result.output
    assert f"warning: claims {a} and {b} were not paired by the matcher" in result.stderr
    assert "confirmed anyway" in result.stderr
    pair = sample_svc.matching.link_between(a, b)
    assert pair is not None and pair.status == "confirmed"
    # a plain confirmation of a suggested pair says nothing on stderr
    ok = runner.invoke(app, ["dupes", "confirm", str(ids["e4"]), str(ids["k6"])])
    assert ok.exit_code == 0 and ok.stderr == ""


def test_dupes_on_an_empty_database(svc: FactcheckService, runner: CliRunner) -> None:
    result = runner.invoke(app, ["dupes"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "no duplicate pairs"
    assert run_json(runner, "dupes", "--json") == []


def test_query_ids_keep_their_json_type(sample_svc: FactcheckService, runner: CliRunner,
                                        workdir: Path) -> None:
    queries = workdir / "ids.jsonl"
    queries.write_text("\n".join(json.dumps(item, ensure_ascii=False) for item in (
        {"id": 2, "text": "Zhipu AI is preparing an IPO."},
        {"id": "2", "text": "중국에서 살아남는 AI 모델은 3개뿐일 것"},
        {"text": "Baichuan focuses on healthcare models"})) + "\n", "utf-8")
    answers = run_json(runner, "match", "--queries", str(queries), "--json")
    assert [a["query_id"] for a in answers] == [2, "2", 3]
    plain = runner.invoke(app, ["match", "--queries", str(queries)])
    assert plain.exit_code == 0 and "query 2:" in plain.stdout


def test_short_queries_never_match_at_same(sample_svc: FactcheckService,
                                           runner: CliRunner) -> None:
    short = match_json(runner, "Zhipu AI is preparing an IPO")
    assert short and short[0]["claim_ref"] in {"e2", "b5", "k3"}
    assert all(m["level"] != "same" for m in short)
    # a full sentence still links automatically
    full = match_json(runner, "Zhipu AI is preparing for an initial public offering.")
    assert {m["claim_ref"]: m["level"] for m in full}["e2"] == "same"
