"""An import killed (SIGKILL) while matching duplicates: the claims are stored, their links
are not. The next commands say so, and the next import finishes the matching, so the links
end up as a clean import makes them. Real processes, a real kill, a real SQLite file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from tests.test_cli import run

# Imports the sample and stops (as a slow run would) once the links of its last file are found
# but before they are stored; the parent kills it there. The progress callback is the import's
# own API (its step lines name the file).
KILLED_IMPORT = """
import sys, time
from pathlib import Path
from factcheck.config import Settings
from factcheck.services import FactcheckService

def on_progress(done, total, what):
    if "saving links" in what and what.startswith(sys.argv[2]):
        print("saving links", flush=True)
        time.sleep(600)

svc = FactcheckService(Settings.load(db=sys.argv[1], reviewer="tester"))
svc.import_paths([Path("claims")], on_progress=on_progress)
"""

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals"),
              pytest.mark.sqlite_only("processes killed while writing an SQLite file")]


def _pairs(runner: CliRunner, *args: str) -> set[tuple[str, str, str, str]]:
    result = runner.invoke(app, [*args, "dupes", "--json"])
    assert result.exit_code == 0, result.output
    return {(p["a"]["claim_ref"], p["b"]["claim_ref"], p["level"], p["status"])
            for p in json.loads(result.stdout)}


def test_matching_cut_short_is_reported_and_finished_by_the_next_import(
        workdir: Path, runner: CliRunner) -> None:
    assert run(runner, "--db", "clean.db", "import", "claims/")[0] == 0
    expected = _pairs(runner, "--db", "clean.db")
    assert expected  # the sample has duplicates

    last = sorted(Path("claims").glob("*.json"))[-1]
    killed = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, "factcheck.db", str(last)],
                              stdout=subprocess.PIPE, text=True, cwd=workdir)
    assert killed.stdout is not None
    assert killed.stdout.readline().strip() == "saving links"
    killed.send_signal(signal.SIGKILL)
    assert killed.wait(timeout=10) == -signal.SIGKILL

    # Files are imported one after the other: the last one's claims were stored, their
    # links were not. Never a silent gap:
    cut_short = len(json.loads(last.read_text("utf-8"))["claims"])
    found = _pairs(runner)
    assert found < expected
    result = runner.invoke(app, ["dupes"])
    assert result.stderr == (
        f"note: {cut_short} claims not matched for duplicates yet: {cut_short} from an import "
        "whose matching was cut short (the next import finishes them); `factcheck dupes "
        "--rescan` matches them now\n")
    status = json.loads(run(runner, "db", "status", "--json")[1])
    assert status["pending"] == {"matching cut short": cut_short,
                                 "not normalised (matching off)": 0,
                                 "without a sentence vector": 0}
    assert "claims still waiting" in run(runner, "db", "status")[1]

    code, out, err = run(runner, "import", "claims/")
    assert code == 0 and "24 unchanged" in out
    assert (f"finished the duplicate matching an earlier import left undone: {cut_short} "
            "claims") in err
    assert _pairs(runner) == expected
    assert runner.invoke(app, ["dupes"]).stderr == ""
    assert json.loads(run(runner, "db", "status", "--json")[1])["pending"] == {
        "matching cut short": 0, "not normalised (matching off)": 0,
        "without a sentence vector": 0}


def test_claims_stored_with_matching_off_are_named_until_a_rescan(
        workdir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_MATCHING", "off")
    assert run(runner, "import", "claims/")[0] == 0
    monkeypatch.delenv("FACTCHECK_MATCHING")
    assert "24 stored with matching off" in runner.invoke(app, ["dupes"]).stderr
    result = runner.invoke(app, ["dupes", "--rescan"])
    assert result.exit_code == 0 and "not matched" not in result.stderr
