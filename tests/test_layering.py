"""The domain core never imports Textual (or kiwipiepy): only factcheck.tui may."""

import subprocess
import sys


def test_importing_the_core_leaves_textual_unloaded() -> None:
    code = (
        "import sys, factcheck, factcheck.services, factcheck.cli, factcheck.models;"
        "print(','.join(m for m in ('textual', 'kiwipiepy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
