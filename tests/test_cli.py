"""The command line as scripts use it: typer's CliRunner against a real SQLite file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def claims_json(runner: CliRunner, *extra: str) -> list[dict[str, object]]:
    code, out, _ = run(runner, "claims", "list", "--json", *extra)
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


def by_ref(records: list[dict[str, object]], ref: str) -> dict[str, object]:
    return next(r for r in records if r["claim_ref"] == ref)


def test_import_reports_counts_and_is_idempotent(workdir: Path, runner: CliRunner,
                                                 backend: str) -> None:
    code, out, _ = run(runner, "import", "claims/")
    assert code == 0
    assert "articles 3 new / 0 existing, claims 24 added" in out
    code, out, _ = run(runner, "import", "claims/")
    assert code == 0
    assert "articles 0 new / 3 existing, claims 0 added" in out and "24 unchanged" in out
    assert (workdir / "factcheck.db").exists() == (backend == "sqlite")


def test_bad_files_exit_1_with_one_line_each_and_change_nothing(
    workdir: Path, runner: CliRunner
) -> None:
    run(runner, "import", "claims/")
    before = claims_json(runner)
    bad = {
        "truncated.json": '{"article": {"ref": "t"}, "claims": [{"text": "x"',
        "notext.json": json.dumps({"article": {"ref": "n"}, "claims": [{"ref": "c1"}]}),
        "typo.json": json.dumps({"article": {"ref": "y"}, "claims": [{"txet": "x"}]}),
        "number.json": json.dumps({"article": {"ref": "m"}, "claims": [{"text": 3.5}]}),
    }
    expected = {
        "truncated.json": "error: truncated.json:1:",
        "notext.json": 'error: notext.json: $.claims[0]: missing required key "text"',
        "typo.json": 'error: typo.json: $.claims[0].txet: unknown key "txet"',
        "number.json": "error: number.json: $.claims[0].text: expected a non-empty string, "
                       "got a number",
    }
    for name, content in bad.items():
        Path(name).write_text(content, encoding="utf-8")
        code, out, err = run(runner, "import", name)
        assert code == 1, name
        assert len(err.splitlines()) == 1, err
        assert err.startswith(expected[name]), err
        assert "Traceback" not in err + out
    assert 'did you mean "text"?' in run(runner, "import", "typo.json")[2]
    assert claims_json(runner) == before


def test_verdict_source_export_round_trip(workdir: Path, runner: CliRunner) -> None:
    run(runner, "import", "claims/")
    # (a verdict is final at once; second review, on by default for a team database, has
    # tests of its own)
    assert run(runner, "config", "set", "second_review", "off")[0] == 0
    k6 = by_ref(claims_json(runner), "k6")
    claim_id = str(k6["id"])
    code, out, _ = run(runner, "verdict", claim_id, "false", "--rationale",
                       "Lee said five or six", "--reviewer", "kim")
    assert code == 0 and "false" in out
    code, _, _ = run(runner, "source", "add", claim_id, "https://example.org/interview",
                     "--stance", "refutes", "--note", "transcript")
    assert code == 0
    k6 = by_ref(claims_json(runner), "k6")
    assert (k6["verdict"], k6["rationale"], k6["reviewer"], k6["status"]) == (
        "false", "Lee said five or six", "kim", "reviewed")
    assert k6["sources"] == [{
        **k6["sources"][0],  # type: ignore[index,dict-item]
        "url": "https://example.org/interview", "stance": "refutes", "note": "transcript",
        "added_by": "tester",
    }]
    assert [r["claim_ref"] for r in claims_json(runner, "--verdict", "false")] == ["k6"]
    assert len(claims_json(runner, "--verdict", "none")) == 23
    assert len(claims_json(runner, "--status", "reviewed")) == 1

    code, out, _ = run(runner, "export")
    assert code == 0 and "wrote 24 rows to exports/verdicts-" in out
    exported = next(Path("exports").glob("verdicts-*.csv"))
    with exported.open(encoding="utf-8", newline="") as fh:
        rows = {r["claim_ref"]: r for r in csv.DictReader(fh)}
    row = rows["k6"]
    assert (row["verdict"], row["rating_value"], row["rationale"], row["reviewer"]) == (
        "false", "1", "Lee said five or six", "kim")
    assert (row["sources"], row["stances"], row["source_count"]) == (
        "https://example.org/interview", "refutes", "1")
    assert row["claim_text"] == "중국에서는 AI 모델 3개만 살아남을 것이다."


def test_user_errors_are_single_lines(workdir: Path, runner: CliRunner) -> None:
    run(runner, "import", "claims/")
    code, _, err = run(runner, "verdict", "999", "false")
    assert (code, err.strip()) == (1, "error: no claim with id 999")
    code, _, err = run(runner, "source", "add", "1", "javascript:alert(1)")
    assert code == 1 and err.startswith('error: source URL "javascript:alert(1)" refused')
    code, _, err = run(runner, "claims", "list", "--verdict", "fals")
    assert code == 1 and err.startswith('error: unknown rating "fals"')
    code, _, err = run(runner, "verdict", "1", "probably")
    assert code == 2 and "probably" in err  # typer's own usage error names the bad choice


def test_db_option_and_env(workdir: Path, runner: CliRunner, monkeypatch: object) -> None:
    code, _, _ = run(runner, "--db", "other.db", "import", "claims/")
    assert code == 0 and Path("other.db").exists() and not Path("factcheck.db").exists()
    result = runner.invoke(app, ["claims", "list", "--json"], env={"FACTCHECK_DB": "other.db"})
    assert len(json.loads(result.stdout)) == 24


def test_schema_is_json_and_matches_the_validator_keys(runner: CliRunner) -> None:
    from factcheck.io.json_import import ARTICLE_KEYS, CLAIM_KEYS

    code, out, _ = run(runner, "schema")
    schema = json.loads(out)
    assert code == 0
    assert tuple(schema["$defs"]["article"]["properties"]) == ARTICLE_KEYS
    assert tuple(schema["$defs"]["claim"]["properties"]) == CLAIM_KEYS
    assert schema["$defs"]["claim"]["required"] == ["text"]


def test_help_lists_the_commands(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--help")
    assert code == 0
    for command in ("import", "claims", "verdict", "source", "export", "schema"):
        assert command in out


@pytest.mark.parametrize(
    ("db", "expected"),
    [
        ("foo://bar", "error: cannot open database foo://bar: expected a file path or an "
                      "SQLAlchemy URL"),
        ("postgresql+nodriver://u:secret@127.0.0.1:1/db", "error: cannot open database "
                                                          "postgresql+nodriver://u:***@"),
        # the driver is a dependency: a plain postgresql:// URL goes through psycopg 3, and a
        # server that is not there is one line
        ("postgresql://u:secret@127.0.0.1:1/db", "error: cannot open database "
                                                 "postgresql+psycopg://u:***@127.0.0.1:1/db: "),
        ("claims/deepseek-effect-ko.json", "error: cannot open database sqlite:///claims/"
                                           "deepseek-effect-ko.json: file is not a database"),
        ("missing/dir/x.db", "error: cannot open database sqlite:///missing/dir/x.db: unable "
                             "to open database file"),
    ],
)
def test_bad_db_values_are_one_line(workdir: Path, runner: CliRunner, db: str,
                                    expected: str) -> None:
    before = Path("claims/deepseek-effect-ko.json").read_bytes()
    code, out, err = run(runner, "--db", db, "claims", "list")
    assert code == 1
    assert err.startswith(expected), err
    assert err.count("\n") == 1 and "secret" not in err
    assert Path("claims/deepseek-effect-ko.json").read_bytes() == before


def test_an_unexpected_failure_is_one_line_unless_debugging(
    workdir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No known bug to trigger, so stand one in for the CSV writer (a leaf, not the code
    # under test: the CLI's handling of an exception nobody translated).
    import factcheck.services.export as export_service

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(export_service, "write_csv", broken)
    run(runner, "import", "claims/")
    code, _, err = run(runner, "export")
    assert code == 2
    assert err.strip() == ("error: unexpected RuntimeError: disk on fire (set FACTCHECK_DEBUG=1 "
                           "to see the traceback)")
    monkeypatch.setenv("FACTCHECK_DEBUG", "1")
    result = runner.invoke(app, ["export"])
    assert isinstance(result.exception, RuntimeError)


@pytest.mark.parametrize("width", [80, 120])
def test_claims_list_keeps_the_claim_readable_at_80_columns(workdir: Path, runner: CliRunner,
                                                            width: int) -> None:
    assert run(runner, "import", "claims/")[0] == 0
    result = runner.invoke(app, ["claims", "list"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    header = next(line for line in lines if "claim" in line and "status" in line)
    assert ("article" in header) is (width >= 100)
    # The first claim's words are on screen, not squeezed to nothing.
    first = next(line for line in lines if line.startswith("│ 1 "))
    assert first.rstrip("│ ").split("│")[-1].strip(), first
