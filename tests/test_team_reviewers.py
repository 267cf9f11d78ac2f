"""Named reviewers: on a team database (PostgreSQL) every command that changes anything
refuses to start without --reviewer or FACTCHECK_REVIEWER; on an SQLite file the OS user
stands in. Every change records who made it, imports and upstream rewordings included, and
`claims show` says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.config import ReviewerUse, Settings, is_team_database, os_user_name
from factcheck.errors import FactcheckError
from factcheck.services import FactcheckService


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("url", "team"), [
    ("postgresql://u:p@db/f", True), ("postgresql+psycopg://db/f", True),
    ("postgres://db/f", True), ("sqlite:///factcheck.db", False), ("sqlite://", False)])
def test_a_postgresql_database_is_a_team_database(url: str, team: bool) -> None:
    assert is_team_database(url) is team


# Every command in factcheck/cli that records a reviewer's change; `serve` names each browser
# session by its token or its login prompt instead (tests/test_serve.py).
WRITING_COMMANDS = [
    ("import", "claims/"),
    ("verdict", "1", "false"),
    ("source", "add", "1", "https://example.org/s"),
    ("dupes", "confirm", "1", "2"),
    ("dupes", "reject", "1", "2"),
    ("review",),
    ("extract", "article.txt", "--import"),
]


@pytest.mark.parametrize("command", WRITING_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_team_database_refuses_a_change_without_a_named_reviewer(
        workdir: Path, runner: CliRunner, backend: str, command: tuple[str, ...],
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(runner, "import", "claims/")[0] == 0  # (as tester, from the environment)
    (workdir / "article.txt").write_text("The city said rentals rose 40% in 2024.\n", "utf-8")
    before = run(runner, "claims", "show", "1", "--json")[1]
    monkeypatch.delenv("FACTCHECK_REVIEWER")
    if backend == "sqlite" and command[0] == "review":
        # (it would open the app: Settings say what it would do, see below)
        assert Settings.load(reviewer_use=ReviewerUse.CHANGE).reviewer == os_user_name()
        return
    code, out, err = run(runner, *command)
    if backend == "postgresql":
        assert code == 1, out
        assert err.count("\n") == 1 and err.startswith("error: postgresql+psycopg://")
        assert err.endswith("is a team database: name the reviewer with --reviewer NAME or "
                            "FACTCHECK_REVIEWER=NAME (every change records who made it)\n")
        assert "pw@" not in err and "Traceback" not in err  # no password shown
        assert run(runner, "claims", "show", "1", "--json")[1] == before  # nothing written
    else:
        # An SQLite file is one reviewer's: the OS user name stands in.
        assert "team database" not in err


def test_reading_commands_need_no_reviewer_on_a_team_database(
        workdir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(runner, "import", "claims/")[0] == 0
    monkeypatch.delenv("FACTCHECK_REVIEWER")
    for command in (("claims", "list"), ("claims", "show", "1"), ("export",), ("dupes",),
                    ("db", "status")):
        code, _, err = run(runner, *command)
        assert code == 0 and "team database" not in err, (command, err)


def test_a_named_reviewer_is_recorded_on_a_team_database(
        workdir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTCHECK_REVIEWER")
    assert run(runner, "import", "claims/", "--reviewer", "kim")[0] == 0
    monkeypatch.setenv("FACTCHECK_REVIEWER", "lee")
    assert run(runner, "verdict", "1", "false")[0] == 0
    record = json.loads(run(runner, "claims", "show", "1", "--json")[1])
    assert (record["imported_by"], record["article_imported_by"]) == ("kim", "kim")
    assert [v["reviewer"] for v in record["history"]] == ["lee"]


def test_settings_refuse_before_opening_the_database(db_url: str, backend: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTCHECK_REVIEWER", raising=False)
    if backend == "postgresql":
        with pytest.raises(FactcheckError, match="is a team database"):
            Settings.load(db=db_url, reviewer_use=ReviewerUse.CHANGE)
    else:
        assert Settings.load(db=db_url, reviewer_use=ReviewerUse.CHANGE).reviewer == \
            os_user_name()
    assert Settings.load(db=db_url, reviewer_use=ReviewerUse.ASK).reviewer is None
    assert Settings.load(db=db_url, reviewer=" kim ",
                         reviewer_use=ReviewerUse.CHANGE).reviewer == "kim"


def test_every_change_names_its_reviewer_in_claims_show(
        workdir: Path, runner: CliRunner, db_url: str) -> None:
    """Imports, a rewording upstream, sources added and retracted, a duplicate decision: each
    says who did it where the history is shown."""
    bundle = {"article": {"ref": "bikes", "title": "Bikes"},
              "claims": [{"ref": "b1", "text": "Bike rentals passed 10 million."}]}
    path = workdir / "bikes.json"
    path.write_text(json.dumps(bundle), "utf-8")
    assert run(runner, "import", str(path), "--reviewer", "kim")[0] == 0
    assert run(runner, "import", "claims/", "--reviewer", "lee")[0] == 0
    service = FactcheckService(Settings.load(db=db_url, reviewer="tester"))
    try:
        bikes = next(r for r in service.list_claims() if r.article_ref == "bikes").id
        other = next(r for r in service.list_claims() if r.article_ref != "bikes").id
        seen = service.claim_detail(bikes).row.version
        source = service.add_source(bikes, "https://example.org/s", added_by="ann")
        service.retract_source(source.id, reviewer="bo")
        service.matching.reject(bikes, other, reviewer="cy")
        bundle["claims"][0]["text"] = "Bike rentals passed 11 million."
        path.write_text(json.dumps(bundle), "utf-8")
        assert run(runner, "import", str(path), "--reviewer", "dee")[0] == 0
        # The new wording upstream makes a verdict on the old one stale.
        with pytest.raises(FactcheckError, match="changed since it was loaded"):
            service.set_verdict(bikes, "true", expected_version=seen)
    finally:
        service.close()

    code, out, _ = run(runner, "claims", "show", str(bikes))
    assert code == 0
    assert "imported: by kim, " in out
    assert "retracted sources (1):" in out
    assert "added by ann, " in out and "; retracted by bo, " in out
    assert "rejected, by cy, " in out
    assert "dee  text: Bike rentals passed 10 million. -> Bike rentals passed 11 million." in out
    record = json.loads(run(runner, "claims", "show", str(bikes), "--json")[1])
    assert record["retracted_sources"][0]["retracted_by"] == "bo"
    assert record["duplicates"][0]["decided_by"] == "cy"
    assert [(c["changed_by"], c["field"]) for c in record["changes"]] == [("dee", "text")]
