"""The candidate index: BM25 order, blocking by rare tokens, and incremental updates that
agree with a rebuild (claims added on import must be found like the ones loaded at start)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from factcheck.match.index import IndexFileError, LexicalIndex

DOCS: list[tuple[int, list[str]]] = [
    (1, ["nvidia", "stock", "record", "drop", "deepseek"]),
    (2, ["nvidia", "stock", "rise", "earnings"]),
    (3, ["zhipu", "ipo", "prepare"]),
    (4, ["stock", "market", "record", "high"]),
    (5, ["moonshot", "marketing", "cut"]),
]


def test_rare_shared_tokens_rank_first() -> None:
    index = LexicalIndex.build(DOCS)
    hits = index.search(["deepseek", "nvidia", "stock"], top_k=3)
    assert [h.doc_id for h in hits][:2] == [1, 2]
    assert hits[0].score > hits[1].score
    assert index.search(["unknown", "words"]) == []


def test_exclude_and_remove_keep_claims_out() -> None:
    index = LexicalIndex.build(DOCS)
    assert 1 not in [h.doc_id for h in index.search(["nvidia", "stock"], exclude=(1,))]
    index.remove(2)
    assert 2 not in [h.doc_id for h in index.search(["nvidia", "stock", "earnings"])]
    assert len(index) == 4


def test_added_documents_score_like_a_rebuild() -> None:
    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(60)]
    docs = [(i, [rng.choice(vocab) for _ in range(rng.randint(3, 9))]) for i in range(1, 201)]
    incremental = LexicalIndex.build(docs[:120])
    for doc_id, tokens in docs[120:]:
        incremental.add(doc_id, tokens)
    rebuilt = LexicalIndex.build(docs)
    queries = [tokens for _, tokens in docs[::17]]
    # Found before the merge too (the recent segment is searched).
    for tokens in queries:
        found = {h.doc_id for h in incremental.search(tokens, top_k=200)}
        assert found == {h.doc_id for h in rebuilt.search(tokens, top_k=200)}
    incremental.merge()
    for tokens in queries:
        got = [(h.doc_id, round(h.score, 4)) for h in incremental.search(tokens, top_k=10)]
        want = [(h.doc_id, round(h.score, 4)) for h in rebuilt.search(tokens, top_k=10)]
        assert sorted(got, key=lambda x: (-x[1], x[0])) == sorted(want,
                                                                  key=lambda x: (-x[1], x[0]))


def test_replacing_a_document_forgets_its_old_tokens() -> None:
    index = LexicalIndex.build(DOCS)
    index.add(3, ["zhipu", "layoffs"])  # claim 3 edited upstream
    assert [h.doc_id for h in index.search(["ipo", "prepare"])] == []
    assert [h.doc_id for h in index.search(["layoffs"])] == [3]


def test_blocking_still_finds_the_claim_sharing_rare_tokens() -> None:
    common = [(i, ["said", "company", "market", f"filler{i}"]) for i in range(10, 3000)]
    index = LexicalIndex.build([*common, (1, ["said", "company", "market", "hbm3e", "8"])])
    hits, ceiling = index.search_with_ceiling(["said", "company", "market", "hbm3e", "8"],
                                              top_k=1, postings_budget=100)
    assert [h.doc_id for h in hits] == [1]
    assert 0 < hits[0].score <= ceiling * (1 + 1e-5)  # postings weights are float32


def hits_of(index: LexicalIndex, queries: list[list[str]]) -> list[list[tuple[int, float]]]:
    return [[(h.doc_id, round(h.score, 9)) for h in index.search(q, top_k=10)]
            for q in queries]


def test_a_saved_index_searches_like_the_one_it_was_saved_from(tmp_path: Path) -> None:
    rng = random.Random(9)
    vocab = [f"w{i}" for i in range(80)] + ["엔비디아", "낙폭"]
    docs = [(i, [rng.choice(vocab) for _ in range(rng.randint(2, 9))]) for i in range(1, 301)]
    index = LexicalIndex.build(docs[:200])
    for doc_id, tokens in docs[200:]:
        index.add(doc_id, tokens)  # a recent segment, merged on save
    index.add(7, ["엔비디아", "낙폭", "w1"])  # replaced: its old tokens are gone
    index.remove(8)
    path = tmp_path / "index.npz"
    index.save(path, {"up_to": 300})
    loaded, meta = LexicalIndex.load(path)
    assert meta == {"up_to": 300}
    assert len(loaded) == len(index) == 299 and 8 not in loaded and 7 in loaded
    queries = [[rng.choice(vocab) for _ in range(rng.randint(1, 6))] for _ in range(60)]
    assert hits_of(loaded, queries) == hits_of(index, queries)
    # and it goes on growing like the original
    for target in (index, loaded):
        target.add(301, ["w3", "w4", "엔비디아"])
    assert hits_of(loaded, queries) == hits_of(index, queries)


def test_an_unusable_index_file_says_so(tmp_path: Path) -> None:
    damaged = tmp_path / "index.npz"
    damaged.write_bytes(b"not an index")
    with pytest.raises(IndexFileError):
        LexicalIndex.load(damaged)
    with pytest.raises(IndexFileError):
        LexicalIndex.load(tmp_path / "missing.npz")
