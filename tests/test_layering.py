"""The domain core never imports Textual (or kiwipiepy): only factcheck.tui may."""

import subprocess
import sys
from pathlib import Path


def test_importing_the_core_leaves_textual_unloaded() -> None:
    code = (
        "import sys, factcheck, factcheck.services, factcheck.cli, factcheck.models;"
        "print(','.join(m for m in ('textual', 'kiwipiepy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_the_import_contracts_hold() -> None:
    """The layers, the Textual and database boundaries and the ban on import cycles, as
    pyproject.toml's [tool.importlinter] states them (run `uv run lint-imports` to see why)."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Contracts: 4 kept, 0 broken." in out.stdout
