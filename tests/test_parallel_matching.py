"""Large imports normalise and match in worker processes (one per core): the links they
store must be the ones a single process finds. Run in a fresh interpreter, as the CLI is:
kiwipiepy is not loaded there yet, so normalising goes to the workers too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from factcheck.services import FactcheckService
from tests.conftest import REPO

# Imports the sample with the thresholds lowered so that its 24 claims make a "large" run;
# the step functions note the process they ran in.
IMPORT_IN_WORKERS = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    import factcheck.services.index as index
    import factcheck.services.matching as matching
    from factcheck.config import Settings
    from factcheck.services import FactcheckService

    index.PARALLEL_MIN_CLAIMS = 2
    index.BATCH_CLAIMS = 5
    ran_in = Path(sys.argv[2])
    real_forms, real_match = index._stored_forms_batch, matching._match_batch

    def note(step):
        with ran_in.open("a") as out:
            out.write(f"{step} {os.getpid()}\\n")

    # module-level functions: a worker pool sends them by name
    def noted_forms(batch):
        note("_stored_forms_batch")
        return real_forms(batch)

    def noted_match(batch):
        note("_match_batch")
        return real_match(batch)

    index._stored_forms_batch, matching._match_batch = noted_forms, noted_match
    svc = FactcheckService(Settings.load(db=sys.argv[1], reviewer="tester"))
    report = svc.import_paths([Path("claims")])
    assert not report.errors, report.errors
    links = [[p.a.claim_ref, p.b.claim_ref, p.level, p.score, p.differences]
             for p in svc.matching.duplicates()]
    svc.close()
    print(json.dumps({"pid": os.getpid(), "links": links}))
""")


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                    reason="worker processes are forked, one per core")
def test_worker_processes_store_the_links_one_process_finds(workdir: Path,
                                                            svc: FactcheckService) -> None:
    report = svc.import_paths([Path("claims")])
    assert not report.errors
    expected = [[p.a.claim_ref, p.b.claim_ref, p.level, p.score, p.differences]
                for p in svc.matching.duplicates()]
    assert expected, "the sample has duplicates"

    ran_in = workdir / "ran_in.txt"
    done = subprocess.run([sys.executable, "-c", IMPORT_IN_WORKERS,
                           str(workdir / "workers.db"), str(ran_in)],
                          capture_output=True, text=True, cwd=workdir, check=False,
                          env={"PYTHONPATH": str(REPO), "FACTCHECK_CHECK_SOURCES": "off",
                               "PATH": os.environ.get("PATH", "")}, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    steps: dict[str, set[int]] = {}
    for line in ran_in.read_text().splitlines():
        step, pid = line.split()
        steps.setdefault(step, set()).add(int(pid))
    # Normalising and matching both ran in worker processes, not in the importing one...
    for step in ("_stored_forms_batch", "_match_batch"):
        assert steps.get(step), f"{step} never ran"
        assert result["pid"] not in steps[step], f"{step} ran in the importing process"
    # ...and the links stored are the ones one process stores.
    assert result["links"] == expected
