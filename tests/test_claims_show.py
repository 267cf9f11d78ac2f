"""`factcheck claims show ID`: one claim's whole record from the command line, so a verdict's
history can be read without the review app."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from factcheck.cli import app
from tests.test_cli import by_ref, claims_json, run


def _reviewed(runner: CliRunner) -> int:
    """The sample with claim b1 reviewed twice, one verdict undone, a source and new wording."""
    assert run(runner, "import", "claims/")[0] == 0
    claim_id = int(by_ref(claims_json(runner), "b1")["id"])  # type: ignore[call-overload]
    assert run(runner, "verdict", str(claim_id), "false", "-m", "The filing says 5")[0] == 0
    assert run(runner, "verdict", str(claim_id), "mixed", "-m", "second look",
               "--reviewer", "lee")[0] == 0
    assert run(runner, "source", "add", str(claim_id), "https://example.org/report",
               "--stance", "refutes", "--note", "annual report, p. 4")[0] == 0
    return claim_id


def test_json_holds_every_verdict_source_and_duplicate(workdir: Path,
                                                       runner: CliRunner) -> None:
    claim_id = _reviewed(runner)
    code, out, _ = run(runner, "claims", "show", str(claim_id), "--json")
    assert code == 0
    record = json.loads(out)
    assert record["id"] == claim_id and record["claim_ref"] == "b1"
    assert record["verdict"] == "mixed" and record["reviewer"] == "lee"
    assert [(v["rating"], v["reviewer"], v["rationale"]) for v in record["history"]] == [
        ("false", "tester", "The filing says 5"), ("mixed", "lee", "second look")]
    assert [(s["url"], s["stance"], s["note"]) for s in record["sources"]] == [
        ("https://example.org/report", "refutes", "annual report, p. 4")]
    # b1 is the Nvidia claim: its Korean twin is linked as `same`, the English one suggested
    levels = {d["claim_ref"]: d["level"] for d in record["duplicates"]}
    assert levels.get("k1") == "same" and levels.get("e1") == "suggested"


def test_text_shows_the_history_in_order(workdir: Path, runner: CliRunner) -> None:
    claim_id = _reviewed(runner)
    code, out, _ = run(runner, "claims", "show", str(claim_id))
    assert code == 0
    assert "verdict: mixed by lee" in out
    assert out.index("false: The filing says 5") < out.index("mixed: second look")
    assert "refutes https://example.org/report" in out and "annual report, p. 4" in out
    assert "duplicates (" in out and "k1" in out


def test_undo_and_rewording_are_part_of_the_record(workdir: Path, db_url: str,
                                                   runner: CliRunner) -> None:
    from factcheck.config import Settings
    from factcheck.services import FactcheckService

    claim_id = _reviewed(runner)
    svc = FactcheckService(Settings.load(db=db_url, reviewer="kim"))
    try:
        last = svc.claim_detail(claim_id).history[-1]
        svc.undo_verdict(last.id)
        svc.edit_claim_text(claim_id, "엔비디아는 하루에 사상 최대 폭락을 겪었다.")
    finally:
        svc.close()
    record = json.loads(run(runner, "claims", "show", str(claim_id), "--json")[1])
    assert record["verdict"] == "false"  # the undo brought the first verdict back
    assert record["history"][-1]["undoes_verdict_id"] == last.id
    assert [(c["field"], c["changed_by"]) for c in record["changes"]] == [("text", "kim")]
    assert record["changes"][0]["new_value"] == record["text"]
    out = run(runner, "claims", "show", str(claim_id))[1]
    assert f"(undoes verdict {last.id})" in out and "text: " in out


def test_an_unknown_claim_is_one_line(workdir: Path, runner: CliRunner) -> None:
    run(runner, "import", "claims/")
    result = runner.invoke(app, ["claims", "show", "999"])
    assert result.exit_code == 1
    assert result.stderr == "error: no claim with id 999\n"


def test_outside_text_is_shown_escaped(workdir: Path, runner: CliRunner) -> None:
    hostile = workdir / "hostile.json"
    hostile.write_text(json.dumps({"article": {"ref": "h"}, "claims": [
        {"text": "[bold red]Win[/] \x1b[31mred\x1b[0m now"}]}), "utf-8")
    assert run(runner, "import", str(hostile))[0] == 0
    claim_id = next(r["id"] for r in claims_json(runner) if r["article_ref"] == "h")
    out = run(runner, "claims", "show", str(claim_id))[1]
    assert "[bold red]Win[/]" in out and "\x1b" not in out
