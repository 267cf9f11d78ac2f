"""An export killed with SIGKILL leaves its partial file behind; the next export removes it,
and never the partial file of an export that is still running. Real processes, real kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_cli import run

# Writes the header and one row, then hangs (as a long export would) until killed.
HANGING_EXPORT = """
import sys, time
from pathlib import Path
from factcheck.io.csv_export import write_csv

def rows():
    yield ("1",) * 3
    print("writing", flush=True)
    time.sleep(600)

write_csv(Path(sys.argv[1]), rows(), columns=("a", "b", "c"))
"""

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")


def _start_export(target: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", HANGING_EXPORT, str(target)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "writing"
    return process


def _partials(folder: Path) -> list[Path]:
    return sorted(folder.glob(".export-*.csv"))


def test_the_next_export_removes_what_a_killed_one_left(workdir: Path,
                                                        runner: CliRunner) -> None:
    exports = workdir / "exports"
    killed = _start_export(exports / "big.csv")
    left = _partials(exports)
    assert len(left) == 1
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    assert _partials(exports) == left  # SIGKILL: nothing could clean up
    running = _start_export(exports / "other.csv")
    try:
        (still_writing,) = [p for p in _partials(exports) if p not in left]
        assert run(runner, "import", "claims/")[0] == 0
        code, out, _ = run(runner, "export")
        assert code == 0 and "wrote 24 rows" in out
        assert _partials(exports) == [still_writing]  # the live export keeps its file
    finally:
        running.kill()
        running.wait(timeout=10)
    assert not (exports / "big.csv").exists()
