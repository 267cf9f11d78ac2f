"""The candidate index: BM25 order, blocking by rare tokens, and incremental updates that
agree with a rebuild (claims added on import must be found like the ones loaded at start)."""

from __future__ import annotations

import random

from factcheck.match.index import LexicalIndex

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
