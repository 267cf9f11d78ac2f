"""The matching index shared by every process on any backend: its snapshot (lexical index and
vector index) is a file beside an SQLite database and stored in the database itself
otherwise, so a new process starts from it and finds what a rebuild finds; a damaged or
disagreeing snapshot is ignored; and an index catches up by the commit-ordered clock, so a
claim, a replaced form or a vector committed after one with a larger id is not missed
(PostgreSQL, where two transactions can commit out of id order).

"A new process" below is a real one (`python -c`), opening the database as a command does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text, update
from sqlmodel import col

from factcheck.config import Settings
from factcheck.match.index import LexicalIndex
from factcheck.models import Claim
from factcheck.services import FactcheckService
from factcheck.services import index as index_module
from factcheck.services import vectors as vectors_service
from factcheck.store import embeddings as vectors_db
from factcheck.store import snapshots as snapshots_db
from tests.test_saved_index import EDITED_E5, NVIDIA_EN

REPO = Path(__file__).resolve().parent.parent
CHILD = """
import json, sys
from factcheck.config import Settings
from factcheck.services import FactcheckService
from factcheck.services.matching import Query

svc = FactcheckService(Settings.load(db=sys.argv[1], reviewer="tester"))
[result] = svc.matching.match_texts([Query("q", sys.argv[2])], top_k=3)
print(json.dumps({"lexical": svc.match_index.started_from_saved,
                  "vectors": svc.vectors.started_from_saved,
                  "matches": [[m.claim.claim_ref, m.level] for m in result.matches]}))
svc.close()
"""


@pytest.fixture(autouse=True)
def small_indexes_are_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    """In this process only: the new processes keep the real thresholds, so they start from
    what this one saved and never save again themselves."""
    monkeypatch.setattr(index_module, "SAVED_INDEX_MIN_CLAIMS", 1)
    monkeypatch.setattr(vectors_service, "SAVED_MIN_VECTORS", 2)


def open_service(db_url: str) -> FactcheckService:
    return FactcheckService(Settings.load(db=db_url, reviewer="tester"))


def new_process(db_url: str, query: str) -> dict[str, Any]:
    """A new process matching `query`: whether it started from the snapshots, and the
    matches it found."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", CHILD, db_url, query], capture_output=True,
                          text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def import_sample(db_url: str) -> None:
    svc = open_service(db_url)
    try:
        assert not svc.import_paths([Path("claims")]).errors
    finally:
        svc.close()


def snapshot_files(workdir: Path) -> list[Path]:
    return sorted(workdir.glob("factcheck.db-*"))


def drop_snapshots(svc: FactcheckService, workdir: Path) -> None:
    for path in snapshot_files(workdir):
        path.unlink()
    with svc.workspace.session(write=True) as session:
        for name in index_module.SnapshotName:
            snapshots_db.drop_snapshot(session=session, name=name.value)


def rewrite_lexical_snapshot(svc: FactcheckService, **meta_changes: Any) -> None:
    """The lexical snapshot put back with `meta_changes` (its bytes intact)."""
    path = svc.match_index.saved_path()
    if path is not None:
        index, meta = LexicalIndex.load(path)
        index.save(path, {**meta, **meta_changes})
        return
    stored = index_module.read_stored_snapshot(svc.workspace, index_module.SnapshotName.LEXICAL)
    assert stored is not None
    index, meta = LexicalIndex.from_bytes(stored.data)
    meta = {**meta, **meta_changes}
    assert index_module.store_snapshot(svc.workspace, index_module.SnapshotName.LEXICAL,
                                       index.to_bytes(meta), meta)


def damage_snapshots(svc: FactcheckService) -> None:
    """Both snapshots cut short (files) or with a part overwritten (in the database)."""
    paths = [svc.match_index.saved_path(), svc.vectors.saved_path()]
    if all(path is not None for path in paths):
        for path in paths:
            assert path is not None
            data = path.read_bytes()
            path.write_bytes(data[:len(data) // 2])
        return
    with svc.workspace.session(write=True) as session:
        changed = session.execute(text(
            "UPDATE storedindexpart SET data = :data WHERE part = 0"), {"data": b"\xff" * 64})
        assert getattr(changed, "rowcount", 0) == 2


def test_a_new_process_starts_from_the_snapshot_and_matches_like_a_rebuild(
        workdir: Path, db_url: str, backend: str) -> None:
    import_sample(db_url)
    if backend == "postgresql":
        assert snapshot_files(workdir) == []  # kept in the database, not beside anything
    else:
        assert len(snapshot_files(workdir)) == 3  # the lexical file, the vectors and meta
    from_snapshot = new_process(db_url, NVIDIA_EN)
    assert (from_snapshot["lexical"], from_snapshot["vectors"]) == (True, True)
    assert from_snapshot["matches"][0][0] in {"e1", "k1", "b1"}
    svc = open_service(db_url)
    try:
        drop_snapshots(svc, workdir)
    finally:
        svc.close()
    rebuilt = new_process(db_url, NVIDIA_EN)
    assert (rebuilt["lexical"], rebuilt["vectors"]) == (False, False)
    assert rebuilt["matches"] == from_snapshot["matches"]


def test_a_claim_edited_after_the_snapshot_is_matched_by_its_new_wording(
        workdir: Path, db_url: str) -> None:
    import_sample(db_url)
    svc = open_service(db_url)
    try:
        svc.match_index.load()
        [e5] = [c for c in svc.list_claims(limit=100) if c.claim_ref == "e5"]
        # the edit is stamped after the snapshot: not saved again (one form < a tenth)
        svc.edit_claim_text(e5.id, EDITED_E5)
    finally:
        svc.close()
    found = new_process(db_url, EDITED_E5)
    assert found["lexical"] and found["matches"][0][0] == "e5"


def test_a_damaged_snapshot_is_ignored(workdir: Path, db_url: str) -> None:
    import_sample(db_url)
    expected = new_process(db_url, NVIDIA_EN)
    assert (expected["lexical"], expected["vectors"]) == (True, True)
    svc = open_service(db_url)
    try:
        damage_snapshots(svc)
    finally:
        svc.close()
    found = new_process(db_url, NVIDIA_EN)
    assert (found["lexical"], found["vectors"]) == (False, False)
    assert found["matches"] == expected["matches"]


@pytest.mark.parametrize("meta_changes", [
    {"engine": "0"},  # another normaliser
    {"workspace": "another"},  # another database's
    {"forms": 3},  # holds other than it says
])
def test_a_disagreeing_snapshot_is_ignored(workdir: Path, db_url: str,
                                           meta_changes: dict[str, Any]) -> None:
    import_sample(db_url)
    expected = new_process(db_url, NVIDIA_EN)
    svc = open_service(db_url)
    try:
        rewrite_lexical_snapshot(svc, **meta_changes)
    finally:
        svc.close()
    found = new_process(db_url, NVIDIA_EN)
    assert not found["lexical"] and found["matches"] == expected["matches"]


def test_a_snapshot_ahead_of_the_database_is_ignored(workdir: Path, db_url: str) -> None:
    """A clock behind the snapshot (a database restored from a backup older than it)."""
    import_sample(db_url)
    expected = new_process(db_url, NVIDIA_EN)
    svc = open_service(db_url)
    try:
        with svc.workspace.session(write=True) as session:
            session.execute(text("UPDATE indexclock SET seq = 0"))
    finally:
        svc.close()
    found = new_process(db_url, NVIDIA_EN)
    assert (found["lexical"], found["vectors"]) == (False, False)
    assert found["matches"] == expected["matches"]


# ---------------------------------------------------------------- out of commit order


@pytest.fixture
def two_writers(backend: str) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite has one writer at a time: commits cannot come out of id order")


@pytest.mark.usefixtures("two_writers")
def test_a_new_claim_committed_after_a_larger_id_is_taken_in(
        sample_svc: FactcheckService) -> None:
    index = sample_svc.match_index
    index.load()
    [article_id] = {c.article_id for c in sample_svc.list_claims(limit=1)}
    with sample_svc.workspace.session(write=True) as first:
        early = Claim(article_id=article_id, text="The harbour crane lifted 90 tonnes.")
        first.add(early)
        first.flush()
        index.store_normal_forms(session=first, claim_ids=[early.id])
        with sample_svc.workspace.session(write=True) as second:
            late = Claim(article_id=article_id, text="The tram line opened in 1998.")
            second.add(late)
            second.flush()
            index.store_normal_forms(session=second, claim_ids=[late.id])
        assert early.id is not None and late.id is not None and early.id < late.id
        index.load()  # the larger id is committed, the smaller one not yet
        assert late.id in index.lexical and early.id not in index.lexical
    index.load()
    assert early.id in index.lexical and late.id in index.lexical
    assert "harbour" in index_module.parse_form(index.norms[early.id]).index_tokens


@pytest.mark.usefixtures("two_writers")
def test_a_replaced_form_committed_out_of_order_is_taken_in(
        sample_svc: FactcheckService) -> None:
    index = sample_svc.match_index
    index.load()
    one, two = sorted(c.id for c in sample_svc.list_claims(limit=2))
    new_texts = {one: "Xiaomi sold three million robot vacuums in Vietnam.",
                 two: "The ferry crossing now takes forty minutes."}

    def edit(session: Any, claim_id: int) -> None:
        session.execute(update(Claim).where(col(Claim.id) == claim_id)
                        .values(text=new_texts[claim_id], version=Claim.version + 1))
        assert index.store_normal_forms(session=session, claim_ids=[claim_id]) == [claim_id]

    # a second MatchIndex, as another process holds: it learns of the edits only by load()
    other = index_module.MatchIndex(sample_svc.workspace)
    other.load()
    with sample_svc.workspace.session(write=True) as first:
        edit(first, one)  # logs its change first
        with sample_svc.workspace.session(write=True) as second:
            edit(second, two)
        other.load()
    other.load()
    assert "xiaomi" in index_module.parse_form(other.norms[one]).index_tokens
    assert "ferry" in index_module.parse_form(other.norms[two]).index_tokens
    [hit] = other.lexical.search(["xiaomi", "vietnam"], top_k=1)
    assert hit.doc_id == one


@pytest.mark.usefixtures("two_writers")
def test_a_vector_committed_out_of_order_is_taken_in(sample_svc: FactcheckService) -> None:
    vectors = sample_svc.vectors
    assert vectors.load() is not None
    one, two = sorted(c.id for c in sample_svc.list_claims(limit=2))
    texts = {one: "The harbour crane lifted 90 tonnes.", two: "The tram line opened in 1998."}
    encoded = dict(zip(texts, vectors.encode(list(texts.values())), strict=True))
    from factcheck.match.vectors import vector_bytes

    encoder = vectors.encoder.id
    with sample_svc.workspace.session(write=True) as first:
        vectors_db.write_vectors(session=first, encoder=encoder, vectors=[
            (one, texts[one], vector_bytes(encoded[one]))])  # takes the smaller row id
        with sample_svc.workspace.session(write=True) as second:
            vectors_db.write_vectors(session=second, encoder=encoder, vectors=[
                (two, texts[two], vector_bytes(encoded[two]))])
        vectors.load()
    vectors.load()
    held = vectors.vectors_of([one, two])
    for claim_id in (one, two):
        assert float(held[claim_id] @ encoded[claim_id]) > 0.99, claim_id
