"""The matching index saved beside the database: a new process starts from it instead of
rebuilding, and never trusts it when the database moved on under it (an edited claim, a new
database at the same path, a damaged file). Each `FactcheckService` below is what a new
`factcheck` command opens."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from factcheck.config import Settings
from factcheck.services import FactcheckService
from factcheck.services import index as index_module
from factcheck.services.matching import Query

NVIDIA_EN = "Nvidia suffered the largest one-day loss in US stock market history after DeepSeek."
# shares no word with e5's first wording: only an index holding the new wording finds it
EDITED_E5 = "Xiaomi sold three million robot vacuums in Vietnam during 2024."


# The index is saved beside an SQLite file only (other databases build it in each process).
pytestmark = pytest.mark.sqlite_only("the index file saved beside an SQLite database")


@pytest.fixture(autouse=True)
def small_indexes_are_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "SAVED_INDEX_MIN_CLAIMS", 1)


def open_service(db_path: Path) -> FactcheckService:
    return FactcheckService(Settings.load(db=str(db_path), reviewer="tester"))


def best_refs(db_path: Path, text: str) -> list[tuple[str | None, str | None]]:
    svc = open_service(db_path)
    try:
        [result] = svc.matching.match_texts([Query("q", text)], top_k=3)
        return [(m.claim.claim_ref, m.level) for m in result.matches]
    finally:
        svc.close()


def saved_index(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + "-matchindex.npz")


def edit_e5_in_another_command(workdir: Path, db_path: Path) -> None:
    """Import e5 again with EDITED_E5 as its text (same article, same ref)."""
    document = json.loads(Path("claims/china-ai-pivot-en.json").read_text("utf-8"))
    document["claims"] = [c for c in document["claims"] if c["ref"] == "e5"]
    document["claims"][0]["text"] = EDITED_E5
    edited = workdir / "edited.json"
    edited.write_text(json.dumps(document), "utf-8")
    other = open_service(db_path)
    try:
        assert other.import_paths([edited]).files[0].claims_updated == 1
    finally:
        other.close()


def test_an_import_saves_the_index_and_the_next_command_matches_like_a_rebuild(
        workdir: Path, db_path: Path) -> None:
    svc = open_service(db_path)
    assert not svc.import_paths([Path("claims")]).errors
    svc.close()
    assert saved_index(db_path).exists()
    from_saved = best_refs(db_path, NVIDIA_EN)
    assert from_saved[0][0] in {"e1", "k1", "b1"}
    saved_index(db_path).unlink()
    assert best_refs(db_path, NVIDIA_EN) == from_saved


def test_claims_added_after_the_save_are_found(workdir: Path, db_path: Path) -> None:
    svc = open_service(db_path)
    assert not svc.import_paths([Path("claims/deepseek-effect-ko.json")]).errors
    svc.close()
    svc = open_service(db_path)  # starts from the saved index, then reads the new claims
    assert not svc.import_paths([Path("claims/china-ai-pivot-en.json")]).errors
    pairs = [{p.a.claim_ref, p.b.claim_ref} for p in svc.matching.duplicates()]
    svc.close()
    assert {"k3", "e2"} in pairs  # the new English claim met the Korean one in the index
    assert best_refs(db_path, "Zhipu AI is preparing for an initial public offering.")[0] \
        == ("e2", "same")


def test_an_edited_claim_is_matched_by_its_new_wording(workdir: Path, db_path: Path) -> None:
    svc = open_service(db_path)
    assert not svc.import_paths([Path("claims")]).errors
    svc.close()
    # Another command edits e5 upstream (same ref, new text): the saved index holds the old.
    edit_e5_in_another_command(workdir, db_path)
    assert best_refs(db_path, EDITED_E5)[0][0] == "e5"
    old_wording = "Baichuan is concentrating on models specialised for healthcare."
    assert ("e5", "suggested") not in best_refs(db_path, old_wording)


def test_a_new_database_at_the_same_path_ignores_the_old_index(workdir: Path,
                                                                db_path: Path) -> None:
    svc = open_service(db_path)
    assert not svc.import_paths([Path("claims")]).errors
    expected = best_refs(db_path, NVIDIA_EN)
    svc.close()
    stale = saved_index(db_path).read_bytes()
    for leftover in workdir.glob("factcheck.db*"):
        leftover.unlink()
    # The same claims in another order: as many, but every claim id names another claim.
    svc = open_service(db_path)
    for path in sorted(Path("claims").glob("*.json"), reverse=True):
        assert not svc.import_paths([path]).errors
    svc.close()
    saved_index(db_path).write_bytes(stale)  # the old database's index, put back
    assert best_refs(db_path, NVIDIA_EN) == expected


def test_a_damaged_index_file_is_rebuilt(workdir: Path, db_path: Path) -> None:
    svc = open_service(db_path)
    assert not svc.import_paths([Path("claims")]).errors
    svc.close()
    expected = best_refs(db_path, NVIDIA_EN)
    saved_index(db_path).write_bytes(b"\x93NUMPY damaged")
    assert best_refs(db_path, NVIDIA_EN) == expected


def test_a_database_from_before_saved_indexes_gets_one(workdir: Path, db_path: Path) -> None:
    svc = open_service(db_path)
    assert not svc.import_paths([Path("claims")]).errors
    svc.close()
    saved_index(db_path).unlink()
    with sqlite3.connect(db_path) as connection:  # as written by an older factcheck
        connection.execute("DROP TABLE matchstate")
        connection.execute("DROP TABLE matchpending")  # (added with migrations)
        connection.execute("DROP TABLE claimembedding")  # (added with vectors)
        # (added with verdict-only conflicts)
        connection.execute("ALTER TABLE claim DROP COLUMN review_version")
        # (added with the commit-ordered clock and snapshots stored in the database)
        for table in ("indexclock", "storedindexpart", "storedindex"):
            connection.execute(f"DROP TABLE {table}")
        connection.execute("DROP INDEX ix_claimnorm_seq")
        connection.execute("ALTER TABLE claimnorm DROP COLUMN seq")
        # (added with named reviewers, 0007)
        connection.execute("ALTER TABLE claim DROP COLUMN status_version")
        connection.execute("ALTER TABLE claim DROP COLUMN imported_by")
        connection.execute("ALTER TABLE article DROP COLUMN imported_by")
        # (added with desk settings, earlier fact-checks and second review, 0008-0010)
        for table in ("desksetting", "earlierreviewchange", "earlierreview", "verdictreview"):
            connection.execute(f"DROP TABLE {table}")
        # (added with assignments and blind review, 0011)
        connection.execute("DROP TABLE assignment")
        connection.execute("DROP INDEX ix_claim_assignee")
        connection.execute("ALTER TABLE claim DROP COLUMN assignee")
        connection.execute("DROP TABLE alembic_version")  # (from before migrations, too)
    expected = best_refs(db_path, NVIDIA_EN)  # builds the index, saves it
    assert saved_index(db_path).exists()
    assert best_refs(db_path, NVIDIA_EN) == expected


def test_an_open_session_sees_a_claim_another_command_edited(workdir: Path,
                                                             db_path: Path) -> None:
    reviewer = open_service(db_path)  # e.g. the TUI, open all along
    assert not reviewer.import_paths([Path("claims")]).errors
    assert reviewer.matching.match_texts([Query("q", NVIDIA_EN)])[0].matches
    edit_e5_in_another_command(workdir, db_path)
    [result] = reviewer.matching.match_texts([Query("q", EDITED_E5)], top_k=3)
    reviewer.close()
    assert [m.claim.claim_ref for m in result.matches][:1] == ["e5"]


# ---------------------------------------------------------------- MatchIndex's rules, one by one


def saved_meta(db_path: Path) -> dict[str, object]:
    from factcheck.match.index import LexicalIndex

    return LexicalIndex.load(saved_index(db_path))[1]


def loads_saved(db_path: Path) -> tuple[bool, list[int]]:
    """Whether a new command starts from the saved file, and the claims its index holds."""
    svc = open_service(db_path)
    try:
        svc.match_index.load()
        return svc.match_index.started_from_saved, svc.match_index.claim_ids()
    finally:
        svc.close()


def import_sample(db_path: Path) -> list[int]:
    svc = open_service(db_path)
    try:
        report = svc.import_paths([Path("claims")])
        assert not report.errors
        return sorted(report.new_claim_ids)
    finally:
        svc.close()


def test_the_next_command_starts_from_the_saved_file_and_holds_every_claim(
        workdir: Path, db_path: Path) -> None:
    claim_ids = import_sample(db_path)
    assert loads_saved(db_path) == (True, claim_ids)
    saved_index(db_path).unlink()
    assert loads_saved(db_path) == (False, claim_ids)


def test_an_index_saved_by_another_normaliser_is_not_used(workdir: Path,
                                                          db_path: Path) -> None:
    from factcheck.match.index import LexicalIndex

    claim_ids = import_sample(db_path)
    expected = best_refs(db_path, NVIDIA_EN)
    index, meta = LexicalIndex.load(saved_index(db_path))
    index.save(saved_index(db_path), {**meta, "engine": "0"})
    assert loads_saved(db_path) == (False, claim_ids)
    assert saved_meta(db_path)["engine"] == index_module.engine_version()  # saved again
    assert best_refs(db_path, NVIDIA_EN) == expected


def test_a_form_gone_under_the_saved_index_makes_it_unused(workdir: Path,
                                                           db_path: Path) -> None:
    claim_ids = import_sample(db_path)
    expected = best_refs(db_path, NVIDIA_EN)
    with sqlite3.connect(db_path) as connection:
        connection.execute("DELETE FROM claimnorm WHERE claim_id = ?", (claim_ids[3],))
    # not used, and the claim is normalised again
    assert loads_saved(db_path) == (False, claim_ids)
    assert best_refs(db_path, NVIDIA_EN) == expected


def test_a_clock_short_of_what_the_index_took_in_makes_it_unused(
        workdir: Path, db_path: Path) -> None:
    claim_ids = import_sample(db_path)
    edit_e5_in_another_command(workdir, db_path)  # stamped; that command saves the index
    saved_seq = saved_meta(db_path)["seq"]
    assert isinstance(saved_seq, int) and saved_seq > 0
    assert loads_saved(db_path)[0]
    with sqlite3.connect(db_path) as connection:  # e.g. a database restored from before it
        connection.execute("UPDATE indexclock SET seq = ?", (saved_seq - 1,))
    assert loads_saved(db_path) == (False, claim_ids)
    assert best_refs(db_path, EDITED_E5)[0][0] == "e5"


def test_a_form_written_here_is_in_this_index_at_once(sample_svc: FactcheckService) -> None:
    index = sample_svc.match_index
    index.load()
    [row] = sample_svc.list_claims(limit=1)
    sample_svc.edit_claim_text(row.id, EDITED_E5)
    # no load() in between: the edit itself put the new form into the index
    form = index_module.parse_form(index.norms[row.id])
    assert "xiaomi" in form.index_tokens
    assert index.lexical.search(list(form.index_tokens), top_k=1)[0].doc_id == row.id


def test_saved_again_only_once_grown_by_a_tenth(workdir: Path, db_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "SAVED_INDEX_MIN_CLAIMS", 10)
    import_sample(db_path)  # 24 claims: saved, and due again after 2 more
    assert saved_meta(db_path)["forms"] == 24
    for number in (1, 2):
        document = {"article": {"ref": f"later-{number}", "title": "Later"},
                    "claims": [{"ref": "c1", "text": f"Claim number {number} said later."}]}
        path = workdir / f"later-{number}.json"
        path.write_text(json.dumps(document), "utf-8")
        svc = open_service(db_path)
        try:
            assert not svc.import_paths([path]).errors
        finally:
            svc.close()
        assert saved_meta(db_path)["forms"] == (24 if number == 1 else 26)


def test_a_folder_the_index_cannot_be_saved_in_is_no_error(
        workdir: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.match.index import LexicalIndex

    def refuse(self: LexicalIndex, path: Path, meta: dict[str, object]) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(LexicalIndex, "save", refuse)
    import_sample(db_path)
    assert not saved_index(db_path).exists()
    assert best_refs(db_path, NVIDIA_EN)[0][0] in {"e1", "k1", "b1"}


@pytest.mark.parametrize(("db_url", "saved"), [
    ("sqlite:////data/desk/factcheck.db", "/data/desk/factcheck.db-matchindex.npz"),
    ("sqlite://", None),
    ("sqlite:///:memory:", None),
    ("sqlite:///file:shared?mode=memory&uri=true", None),
    ("postgresql://kim@db.example/factcheck", None),
])
def test_the_index_is_saved_beside_an_sqlite_file_only(db_url: str, saved: str | None) -> None:
    from factcheck.services.workspace import file_beside_database

    path = file_beside_database(db_url, "-matchindex.npz")
    assert (str(path) if path else None) == saved
