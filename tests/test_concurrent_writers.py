"""Writers at once, as a team works on PostgreSQL: real processes (the real command line,
started together behind a barrier) on one database of each backend. Imports of one article,
matchers storing the same pairs, processes opening a new database and reviewers writing one
claim converge to one row per identity, and never fail with a raw constraint error.

(SQLite serializes write transactions with BEGIN IMMEDIATE; PostgreSQL runs them side by side,
so there the advisory locks, row locks and ON CONFLICT of store/conflicts.py do the work.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from factcheck.errors import FactcheckError
from factcheck.models import (
    Article,
    Claim,
    ClaimNorm,
    DuplicateLink,
    LinkStatus,
    MatchLevel,
    MatchPending,
    Verdict,
)
from factcheck.services import FactcheckService
from factcheck.store import links as links_db
from factcheck.store import open_engine, unit_of_work
from factcheck.store import queries as q
from factcheck.store.conflicts import article_lock_keys, lock_article_identities
from factcheck.store.migrations import head_revision, prepare_database
from tests.conftest import REPO, throwaway_postgres_database

# Runs the real command line (argv after the two barrier files) once every process is ready:
# each imports the command line first, says so in its ready file and waits for the go file,
# so their work starts together instead of one process's start-up apart.
TOGETHER = """
import sys, time
from pathlib import Path
import factcheck.services  # noqa: F401  (the slow imports, before the start line)
from factcheck.cli import main

ready, go = Path(sys.argv[1]), Path(sys.argv[2])
ready.touch()
while not go.exists():
    time.sleep(0.002)
sys.argv = ["factcheck", *sys.argv[3:]]
main()
"""

# A reviewer's verdict as the review app gives it: on the version the reviewer loaded (read
# before the barrier), refused as stale when the claim moved on. Exit 1 with the error line.
VERDICT_ON_LOADED = """
import sys, time
from pathlib import Path
from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.services import FactcheckService

ready, go, db, claim_id, rating, reviewer = sys.argv[1:]
svc = FactcheckService(Settings.load(db=db, reviewer=reviewer))
loaded = svc.claim_detail(int(claim_id)).row.version
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.002)
try:
    info = svc.set_verdict(int(claim_id), rating, expected_version=loaded)
except FactcheckError as exc:
    print(f"error: {exc.message}", file=sys.stderr)
    sys.exit(1)
print(f"claim {claim_id}: {info.rating} (by {info.reviewer})")
"""

CLAIMS = 3000
URL = "https://example.org/roads"


@pytest.fixture(autouse=True)
def _words_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Matching by words only, in this process too: the sentence encoder would make these
    imports slow and adds nothing to what is tested."""
    monkeypatch.setenv("FACTCHECK_ENCODER", "off")


@dataclass(frozen=True)
class Finished:
    code: int
    out: str
    err: str


def _environment(matching: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"FACTCHECK_ENCODER": "off", "FACTCHECK_MATCHING": "on" if matching else "off",
                "FACTCHECK_REVIEWER": "tester", "FACTCHECK_CHECK_SOURCES": "off"})
    env.pop("FACTCHECK_DEBUG", None)  # a traceback must not be asked for: none may come
    return env


def _together(script: str, argvs: Sequence[Sequence[str]], folder: Path, *,
              matching: bool = False, timeout: float = 180) -> list[Finished]:
    """Run `script` once per argv, all started at the same moment; their outcomes in order."""
    barrier = folder / f"barrier-{time.monotonic_ns()}"
    barrier.mkdir()
    go = barrier / "go"
    readies = [barrier / f"ready-{n}" for n in range(len(argvs))]
    processes = [subprocess.Popen([sys.executable, "-c", script, str(ready), str(go), *argv],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  cwd=folder, env=_environment(matching))
                 for ready, argv in zip(readies, argvs, strict=True)]
    try:
        deadline = time.monotonic() + 60
        while not all(r.exists() for r in readies):
            failed = [p for p in processes if p.poll() is not None]
            assert not failed, failed[0].communicate()
            assert time.monotonic() < deadline, "the processes did not get ready"
            time.sleep(0.01)
        go.touch()
        outcomes = [p.communicate(timeout=timeout) for p in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    return [Finished(p.returncode, out, err)
            for p, (out, err) in zip(processes, outcomes, strict=True)]


def _no_traceback(done: Sequence[Finished]) -> None:
    for finished in done:
        assert "Traceback" not in finished.err and "unexpected" not in finished.err, \
            finished.err


def _claim_file(folder: Path, *, ref: str | None = None) -> Path:
    """One article of CLAIMS claims; every tenth claim has a reworded twin (a `same` pair)."""
    texts = [f"The council of Town{i} spent {i * 7 + 3} million won on roads in 2023."
             for i in range(CLAIMS)]
    for i in range(0, CLAIMS, 10):
        texts[i + 1] = (f"Town{i}'s council spent {i * 7 + 3} million won on roads in 2023, "
                        "officials said.")
    article = {"url": URL, "title": "Road spending"} | ({"ref": ref} if ref else {})
    path = folder / f"roads-{ref or 'url'}.json"
    path.write_text(json.dumps({"article": article, "claims": [{"text": t} for t in texts]}),
                    "utf-8")
    return path


def _count(db_url: str, model: type) -> int:
    engine = open_engine(db_url)
    try:
        with unit_of_work(engine) as session:
            return int(session.execute(select(func.count()).select_from(model)).scalar_one())
    finally:
        engine.dispose()


def _added_and_unchanged(finished: Finished) -> tuple[int, int]:
    """The claims a run reports as added and as unchanged (its summary line)."""
    summary = finished.out.strip().splitlines()[-1]
    claims_part = summary.split("claims ", 1)[1]
    added = int(claims_part.split(" added")[0])
    unchanged = int(claims_part.split(" / ")[2].split(" unchanged")[0])
    return added, unchanged


def _pairs_by_text(db_url: str) -> set[tuple[str, str, str, str]]:
    """Every stored link as (text a, text b, level, status): the same in two databases."""
    engine = open_engine(db_url)
    try:
        with unit_of_work(engine) as session:
            texts: dict[int | None, str] = {}
            for claim_id, text in session.execute(select(Claim.id, Claim.text)):
                texts[claim_id] = text
            links = session.execute(select(DuplicateLink)).scalars()
            return {(texts[link.claim_a_id], texts[link.claim_b_id], str(link.level),
                     link.status) for link in links}
    finally:
        engine.dispose()


@pytest.fixture
def other_db_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A second database of the test's backend, for a sequential run to compare with."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'sequential.db'}"
        return
    with throwaway_postgres_database() as url:
        yield url


def _at_head(db_url: str) -> None:
    """Give the database its schema first: the test is about what comes after opening."""
    engine = open_engine(db_url)
    try:
        prepare_database(engine)
    finally:
        engine.dispose()


def _import_twice_at_once(db_url: str, path: Path, folder: Path, *,
                          matching: bool) -> list[Finished]:
    _at_head(db_url)
    done = _together(TOGETHER, [["--db", db_url, "import", str(path)]] * 2, folder,
                     matching=matching)
    _no_traceback(done)
    assert [d.code for d in done] == [0, 0], done
    reports = sorted(_added_and_unchanged(d) for d in done)
    # one run added the claims, the other found them all: the reports add up
    assert reports == [(0, CLAIMS), (CLAIMS, 0)], done
    assert _count(db_url, Article) == 1
    assert _count(db_url, Claim) == CLAIMS
    return done


# ---------------------------------------------------------------------------- imports


def test_two_imports_of_one_article_by_url_converge(db_url: str, tmp_path: Path) -> None:
    _import_twice_at_once(db_url, _claim_file(tmp_path), tmp_path, matching=False)


def test_two_imports_of_one_article_by_ref_converge(db_url: str, tmp_path: Path) -> None:
    done = _import_twice_at_once(db_url, _claim_file(tmp_path, ref="roads-2023"), tmp_path,
                                 matching=False)
    assert all("duplicate key" not in d.err for d in done)


def test_two_imports_with_matching_store_each_duplicate_link_once(
        db_url: str, other_db_url: str, tmp_path: Path) -> None:
    path = _claim_file(tmp_path)
    _import_twice_at_once(db_url, path, tmp_path, matching=True)

    sequential = subprocess.run([sys.executable, "-m", "factcheck", "--db", other_db_url,
                                 "import", str(path)], capture_output=True, text=True,
                                cwd=tmp_path, env=_environment(matching=True), check=False)
    assert sequential.returncode == 0, sequential.stderr
    expected = _pairs_by_text(other_db_url)
    assert len(expected) == CLAIMS // 10  # the reworded twins
    assert _pairs_by_text(db_url) == expected  # none missing, none twice (see below)
    assert _count(db_url, DuplicateLink) == len(expected)
    assert _count(db_url, ClaimNorm) == CLAIMS
    assert _count(db_url, MatchPending) == 0


def test_imports_of_different_articles_do_not_wait_for_each_other(
        db_url: str, tmp_path: Path) -> None:
    """Two articles at once both land whole (on PostgreSQL their locks differ)."""
    first = _claim_file(tmp_path, ref="first")
    second = tmp_path / "second.json"
    data = json.loads(first.read_text("utf-8"))
    data["article"] = {"ref": "second", "url": "https://example.org/other"}
    second.write_text(json.dumps(data), "utf-8")
    _at_head(db_url)
    done = _together(TOGETHER, [["--db", db_url, "import", str(first)],
                                ["--db", db_url, "import", str(second)]], tmp_path)
    _no_traceback(done)
    assert [_added_and_unchanged(d) for d in done] == [(CLAIMS, 0), (CLAIMS, 0)]
    assert (_count(db_url, Article), _count(db_url, Claim)) == (2, 2 * CLAIMS)


def test_an_import_waits_only_for_an_import_of_its_own_article(
        db_url: str, backend: str, tmp_path: Path) -> None:
    """While a transaction holds the lock of one article, an import of another article runs
    through and one of the same article waits for it, then finds its claims stored."""
    if backend == "sqlite":
        pytest.skip("SQLite serializes every write transaction (BEGIN IMMEDIATE): there an "
                    "import waits for any other write by design")
    _at_head(db_url)
    first = _claim_file(tmp_path, ref="first")
    second = tmp_path / "second.json"
    data = json.loads(first.read_text("utf-8"))
    data["article"] = {"ref": "second", "url": "https://example.org/other"}
    second.write_text(json.dumps(data), "utf-8")
    engine = open_engine(db_url)
    try:
        with unit_of_work(engine, write=True) as session:
            lock_article_identities(session=session, keys=article_lock_keys(
                ref="first", url=URL, title="Road spending", outlet=None))
            other = subprocess.run([sys.executable, "-m", "factcheck", "--db", db_url,
                                    "import", str(second)], capture_output=True, text=True,
                                   cwd=tmp_path, env=_environment(matching=False),
                                   timeout=120, check=False)
            assert other.returncode == 0, other.stderr
            same = subprocess.Popen([sys.executable, "-m", "factcheck", "--db", db_url,
                                     "import", str(first)], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                                    env=_environment(matching=False))
            _wait_until_blocked(db_url, backend, same)
        out, err = same.communicate(timeout=120)
    finally:
        engine.dispose()
    assert same.returncode == 0, err
    assert _added_and_unchanged(Finished(0, other.stdout, "")) == (CLAIMS, 0)
    assert _added_and_unchanged(Finished(0, out, err)) == (CLAIMS, 0)


def test_a_unique_key_stored_first_is_one_readable_line(svc: FactcheckService) -> None:
    """What a write that loses to another process's (and is not retried) reports."""
    svc.import_paths([REPO / "claims"])
    taken = svc.article_refs()[0]
    with pytest.raises(FactcheckError) as refused, svc.workspace.session(write=True) as session:
        session.add(Article(ref=taken, title="again"))
        session.flush()
    assert refused.value.message.startswith(
        "database error: another process stored the same row (")
    assert refused.value.message.endswith("at the same time; nothing was saved, try again")
    assert "\n" not in refused.value.message and "duplicate key" not in refused.value.message


# ---------------------------------------------------------------------------- matchers


def test_two_rescans_at_once_store_each_pair_once(db_url: str, tmp_path: Path) -> None:
    path = _claim_file(tmp_path)
    imported = subprocess.run([sys.executable, "-m", "factcheck", "--db", db_url, "import",
                               str(path)], capture_output=True, text=True, cwd=tmp_path,
                              env=_environment(matching=False), check=False)
    assert imported.returncode == 0, imported.stderr
    assert _count(db_url, DuplicateLink) == 0  # matching was off: the rescans find them

    done = _together(TOGETHER, [["--db", db_url, "dupes", "--rescan", "--json"]] * 2,
                     tmp_path, matching=True)
    _no_traceback(done)
    assert [d.code for d in done] == [0, 0], done
    assert _count(db_url, DuplicateLink) == CLAIMS // 10
    assert _count(db_url, ClaimNorm) == CLAIMS
    for finished in done:  # each lists every pair, once
        assert len(json.loads(finished.out)) == CLAIMS // 10


def test_a_rescan_keeps_a_decision_made_while_it_ran(svc: FactcheckService, db_url: str,
                                                     tmp_path: Path) -> None:
    """A pair a reviewer rejected is not made undecided again by a matcher that read it
    before the decision (the UPDATE checks the status itself)."""
    svc.import_paths([_claim_file(tmp_path)])
    pair = svc.matching.duplicates()[0]
    a, b = pair.a.id, pair.b.id
    with unit_of_work(svc.workspace.engine) as session:
        before = links_db.get_link(session=session, key=(a, b))
        assert before is not None and before.status == LinkStatus.AUTO.value
    svc.matching.reject(a, b, reviewer="kim")
    # what a matcher that read the link before the decision writes: an update of the link it
    # read, and (had it not seen the link) the pair as new
    with unit_of_work(svc.workspace.engine, write=True) as session:
        links_db.update_undecided_link(session=session, link_id=before.id or 0,
                                       values={"status": LinkStatus.AUTO.value, "score": 1.0})
        links_db.insert_links(session=session, rows=[{
            "claim_a_id": a, "claim_b_id": b, "score": 2.0, "level": MatchLevel.SAME.value,
            "status": LinkStatus.AUTO.value, "differences": []}])
    with unit_of_work(svc.workspace.engine) as session:
        link = links_db.get_link(session=session, key=(a, b))
        assert link is not None
        assert (link.status, link.decided_by, link.score) == (
            LinkStatus.REJECTED.value, "kim", before.score)
    assert _count(db_url, DuplicateLink) == CLAIMS // 10


# ---------------------------------------------------------------------------- opening


def test_three_processes_opening_an_empty_database_at_once(db_url: str,
                                                           tmp_path: Path) -> None:
    done = _together(TOGETHER, [["--db", db_url, "claims", "list", "--json"]] * 3, tmp_path)
    _no_traceback(done)
    assert [(d.code, d.err) for d in done] == [(0, "")] * 3
    assert all(json.loads(d.out) == [] for d in done)
    status = subprocess.run([sys.executable, "-m", "factcheck", "--db", db_url, "db",
                             "status", "--json"], capture_output=True, text=True,
                            cwd=tmp_path, env=_environment(matching=False), check=False)
    assert status.returncode == 0, status.stderr
    found = json.loads(status.stdout)
    assert (found["state"], found["current_revision"]) == ("head", head_revision())


# ---------------------------------------------------------------------------- reviewers


@pytest.fixture
def one_claim(svc: FactcheckService) -> int:
    report = svc.import_paths([REPO / "claims"])
    assert not report.errors
    return svc.list_claims()[0].id


def test_two_verdicts_on_the_same_version_one_lands_one_is_stale(
        svc: FactcheckService, db_url: str, one_claim: int, tmp_path: Path) -> None:
    done = _together(VERDICT_ON_LOADED, [[db_url, str(one_claim), "true", "kim"],
                                         [db_url, str(one_claim), "false", "lee"]], tmp_path)
    _no_traceback(done)
    assert sorted(d.code for d in done) == [0, 1], done
    landed = next(d for d in done if d.code == 0)
    refused = next(d for d in done if d.code == 1)
    winner = "kim" if "kim" in landed.out else "lee"
    assert refused.err.count("\n") == 1 and refused.err.startswith(
        f"error: claim {one_claim} changed since it was loaded"), refused.err
    assert f"by {winner}" in refused.err
    history = svc.claim_detail(one_claim).history
    assert [v.reviewer for v in history] == [winner]
    assert _count(db_url, Verdict) == 1


def test_a_source_waits_for_a_verdict_being_written_on_its_claim(
        svc: FactcheckService, db_url: str, backend: str, one_claim: int,
        tmp_path: Path) -> None:
    """A reviewer adds a source while another's verdict on the claim is being written: the
    source's write reads the claim after the verdict committed (it waits for the row), so it
    does not put the reviewed claim back in review."""
    with unit_of_work(svc.workspace.engine, write=True) as session:
        claim = q.get_claim(session=session, claim_id=one_claim, lock=True)
        q.bump_version(session=session, claim=claim, expected_version=None,
                       status="reviewed", kind=q.ChangeKind.REVIEW)
        session.add(Verdict(claim_id=one_claim, rating="true", reviewer="kim"))
        session.flush()
        adding = subprocess.Popen(
            [sys.executable, "-m", "factcheck", "--db", db_url, "source", "add",
             str(one_claim), "https://example.org/filing", "--reviewer", "lee"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
            env=_environment(matching=False))
        _wait_until_blocked(db_url, backend, adding)
    out, err = adding.communicate(timeout=60)
    assert adding.returncode == 0, err
    detail = svc.claim_detail(one_claim)
    assert (detail.row.status, detail.row.verdict) == ("reviewed", "true")
    assert [s.added_by for s in detail.sources] == ["lee"]


def _wait_until_blocked(db_url: str, backend: str, process: subprocess.Popen[str]) -> None:
    """Until `process` waits for a lock this test holds (on SQLite: long enough to be sure
    it started and reached its write, which waits for ours)."""
    if backend == "sqlite":
        time.sleep(3)
        assert process.poll() is None, process.communicate()
        return
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(db_url).set(drivername="postgresql")
    deadline = time.monotonic() + 30
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as conn:
        while True:
            waiting = conn.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()
            if waiting and waiting[0]:
                return
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the other process never waited"
            time.sleep(0.05)
