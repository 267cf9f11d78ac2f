"""`factcheck review`: imports first with the import command's rules, and says how to start."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app


def test_review_refuses_to_open_when_an_import_fails(workdir: Path, runner: CliRunner) -> None:
    bad = workdir / "bad.json"
    bad.write_text('{"article": {"title": "x"}, "claims": [{"text": 5}]}', "utf-8")
    result = runner.invoke(app, ["review", str(bad)])
    assert result.exit_code == 1
    assert "bad.json" in result.stderr and "review not opened" in result.stderr
    assert "Traceback" not in result.output


def test_review_on_an_empty_database_says_how_to_start(workdir: Path,
                                                       runner: CliRunner) -> None:
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 0
    assert "The database is empty" in result.stdout
    assert "factcheck review PATH" in result.stdout


def test_review_in_an_empty_folder_leaves_no_database_behind(
        tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FACTCHECK_DB", raising=False)
    for args in (["review"], ["--db", "sub.db", "review"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "factcheck review PATH" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_review_of_a_missing_path_is_one_error_line(workdir: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["review", "nowhere/"])
    assert result.exit_code == 1
    assert "error: nowhere: no such file or folder" in result.stderr
