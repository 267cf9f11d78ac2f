"""Claim vectors end to end: stored per claim on import, waiting claims named and caught up,
edits re-embedded, batches kept when a run is cut short, the saved index used only when the
database agrees. A real database (each backend) and the real encoder; sentences written for
these tests."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlmodel import col
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.config import Settings, engine_url
from factcheck.models import ClaimEmbedding
from factcheck.services import FactcheckService
from factcheck.services import vectors as vectors_service
from tests.test_cli import run

MUSEUM_EN = "The city museum drew 2 million visitors last year."
MUSEUM_KO = "지난해 시립 박물관 방문객은 200만 명이었다."
FERRY = "The new ferry to the island cut the crossing to 40 minutes."


def write_article(folder: Path, ref: str, language: str, texts: list[str]) -> Path:
    path = folder / f"{ref}.json"
    path.write_text(json.dumps({
        "article": {"ref": ref, "title": ref, "language": language},
        "claims": [{"ref": f"{ref}-{i}", "text": text} for i, text in enumerate(texts)]}),
        encoding="utf-8")
    return path


@pytest.fixture
def articles(workdir: Path) -> list[Path]:
    folder = workdir / "mine"
    folder.mkdir()
    return [write_article(folder, "en", "en", [MUSEUM_EN, FERRY]),
            write_article(folder, "ko", "ko", [MUSEUM_KO])]


def vector_rows(db_url: str) -> list[tuple[int, int, str]]:
    engine = create_engine(engine_url(db_url))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(  # type: ignore[misc]
                select(col(ClaimEmbedding.id), col(ClaimEmbedding.claim_id),
                       col(ClaimEmbedding.encoder)).order_by(col(ClaimEmbedding.id)))]
    finally:
        engine.dispose()


def museum_level(runner: CliRunner) -> str | None:
    code, out, _ = run(runner, "dupes", "--json")
    assert code == 0
    for pair in json.loads(out):
        if {pair["a"]["claim_ref"], pair["b"]["claim_ref"]} == {"en-0", "ko-0"}:
            return str(pair["level"])
    return None


def test_a_translation_sharing_no_words_is_suggested_by_meaning(
        workdir: Path, db_url: str, runner: CliRunner, articles: list[Path]) -> None:
    assert run(runner, "import", *map(str, articles))[0] == 0
    assert [encoder for *_, encoder in vector_rows(db_url)] == ["use-multilingual-v3"] * 3
    assert museum_level(runner) == "suggested"


def test_without_vectors_the_words_alone_do_not_find_it(
        workdir: Path, runner: CliRunner, articles: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_ENCODER", "off")
    assert run(runner, "import", *map(str, articles))[0] == 0
    assert museum_level(runner) is None


def test_claims_stored_without_vectors_are_named_until_embed_catches_up(
        workdir: Path, db_url: str, runner: CliRunner, articles: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_ENCODER", "off")
    assert run(runner, "import", *map(str, articles))[0] == 0
    monkeypatch.delenv("FACTCHECK_ENCODER")
    assert "3 claims wait for a sentence vector" in runner.invoke(app, ["dupes"]).stderr
    status = json.loads(run(runner, "db", "status", "--json")[1])
    assert status["pending"]["without a sentence vector"] == 3
    code, out, _ = run(runner, "embed")
    assert code == 0 and "embedded and matched again" in out
    assert len(vector_rows(db_url)) == 3
    assert museum_level(runner) == "suggested"
    assert "sentence vector" not in runner.invoke(app, ["dupes"]).stderr
    assert run(runner, "embed")[1].strip() == "every claim has a sentence vector"


def test_embed_with_the_encoder_off_is_one_line(workdir: Path, runner: CliRunner,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_ENCODER", "off")
    code, _, err = run(runner, "embed")
    assert code == 1 and err.count("\n") == 1 and "FACTCHECK_ENCODER=off" in err


def test_a_bad_encoder_setting_is_one_line(workdir: Path, runner: CliRunner,
                                           articles: list[Path],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_ENCODER", "glove")
    code, _, err = run(runner, "import", str(articles[0]))
    assert code == 1 and err.count("\n") == 1 and 'FACTCHECK_ENCODER="glove"' in err


def test_an_edited_claim_gets_a_new_vector(workdir: Path, db_url: str,
                                           svc: FactcheckService, articles: list[Path]) -> None:
    assert not svc.import_paths(articles).errors
    before = {claim_id: row_id for row_id, claim_id, _ in vector_rows(db_url)}
    ferry = next(c for c in svc.list_claims() if c.claim_ref == "en-1")
    # the edit drops the old vector with the old form, and the new wording is matched (and
    # so embedded) at once
    svc.edit_claim_text(ferry.id, "The new ferry to the island cut the crossing to an hour.")
    after = {claim_id: row_id for row_id, claim_id, _ in vector_rows(db_url)}
    assert after[ferry.id] > max(before.values())
    assert svc.vectors.waiting() == 0


def test_a_run_cut_short_keeps_the_batches_it_finished(
        workdir: Path, db_url: str, svc: FactcheckService, articles: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_ENCODER", "off")
    off = FactcheckService(Settings.load(db=db_url, reviewer="tester"))
    assert not off.import_paths(articles).errors
    off.close()
    monkeypatch.setattr(vectors_service, "EMBED_BATCH", 2)

    def stop_after_the_first_batch(done: int, total: int, what: str) -> None:
        if done >= 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        svc.vectors.embed_waiting(on_progress=stop_after_the_first_batch)
    assert len(vector_rows(db_url)) == 2 and svc.vectors.waiting() == 1
    assert svc.vectors.embed_waiting() == 1 and svc.vectors.waiting() == 0


@pytest.mark.sqlite_only("the vector index is saved beside an SQLite file")
def test_the_saved_vector_index_is_used_only_while_the_database_agrees(
        workdir: Path, db_path: Path, articles: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors_service, "SAVED_MIN_VECTORS", 2)
    first = FactcheckService(Settings.load(db=str(db_path), reviewer="tester"))
    assert not first.import_paths(articles).errors
    first.close()
    saved = db_path.with_name(db_path.name + "-vectors.usearch")
    assert saved.exists()

    def fresh_process_starts_from_saved() -> bool:
        svc = FactcheckService(Settings.load(db=str(db_path), reviewer="tester"))
        try:
            index = svc.vectors.load()
            assert index is not None and len(index) == len(vector_rows(f"sqlite:///{db_path}"))
            return svc.vectors.started_from_saved
        finally:
            svc.close()

    assert fresh_process_starts_from_saved()
    with sqlite3.connect(db_path) as connection:  # a vector gone behind the file's back
        connection.execute("DELETE FROM claimembedding WHERE id = (SELECT min(id) FROM "
                           "claimembedding)")
    assert not fresh_process_starts_from_saved()


def test_a_plugged_in_model_that_cannot_load_is_one_line(
        workdir: Path, runner: CliRunner, articles: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # (sentence-transformers is not a dependency: here it is not installed, or the model is
    # not on this machine; either way one line, and the claims stay stored for `embed`)
    monkeypatch.setenv("FACTCHECK_ENCODER", "sentence-transformers:no-such/model")
    code, _, err = run(runner, "import", str(articles[0]))
    assert code == 1 and err.count("\n") == 1 and "sentence-transformers" in err
    assert "unexpected" not in err
    assert len(json.loads(run(runner, "claims", "list", "--json")[1])) == 2
    monkeypatch.delenv("FACTCHECK_ENCODER")
    assert "finished the duplicate matching" in run(runner, "import", str(articles[0]))[2]
