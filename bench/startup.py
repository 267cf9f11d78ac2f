"""How long a command takes to start, as a reviewer waits for it: prints medians over a few
runs of whole `factcheck` processes (a fresh interpreter each, as in a shell) for

- `factcheck --help` (loads no database stack, no kiwipiepy, no Textual),
- `factcheck claims list` and `claims list --json` on the bundled sample (24 claims),
- `factcheck claims show 1`,

and, for reference, `python -c pass` (the interpreter alone).

    uv run python bench/startup.py --runs 7
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(args: list[str], cwd: Path, runs: int) -> list[float]:
    env = {**os.environ, "FACTCHECK_CHECK_SOURCES": "off", "FACTCHECK_REVIEWER": "bench"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (median shown)")
    args = parser.parse_args()
    factcheck = [sys.executable, "-m", "factcheck"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(REPO / "claims", work / "claims")
        subprocess.run([*factcheck, "import", "claims"], cwd=work, check=True,
                       stdout=subprocess.DEVNULL)
        cases = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("factcheck --help", [*factcheck, "--help"]),
            ("factcheck claims list (sample)", [*factcheck, "claims", "list"]),
            ("factcheck claims list --json (sample)", [*factcheck, "claims", "list", "--json"]),
            ("factcheck claims show 1 (sample)", [*factcheck, "claims", "show", "1"]),
        ]
        print(f"start-up, median of {args.runs} runs (min-max), {os.cpu_count()} cores")
        for label, command in cases:
            times = timed(command, work, args.runs)
            print(f"  {label:<40} {statistics.median(times) * 1000:7.0f} ms "
                  f"({min(times) * 1000:.0f}-{max(times) * 1000:.0f})")


if __name__ == "__main__":
    main()
