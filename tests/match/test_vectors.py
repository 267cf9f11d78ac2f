"""The nearest-neighbour index over claim vectors: add, replace, remove, search, saved file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from factcheck.match.vectors import VectorFileError, VectorIndex

DIM = 32


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def rows() -> np.ndarray:
    return unit(np.random.default_rng(7).normal(size=(200, DIM)))


def test_search_finds_the_nearest_with_its_cosine(rows: np.ndarray) -> None:
    index = VectorIndex(DIM)
    index.add(list(range(1, 201)), rows)
    query = unit(rows[41:42] + 0.05 * rows[7:8])[0]
    (best, cosine), *rest = index.search(query, 5)
    assert best == 42 and abs(cosine - float(query @ rows[41])) < 0.02
    assert [c for _, c in rest] == sorted((c for _, c in rest), reverse=True)
    assert 42 not in [k for k, _ in index.search(query, 5, exclude=[42])]
    assert all(c >= 0.5 for _, c in index.search(query, 50, min_cosine=0.5))


def test_adding_a_claim_again_replaces_its_vector(rows: np.ndarray) -> None:
    index = VectorIndex(DIM)
    index.add([1, 2], rows[:2])
    index.add([1], rows[5:6])
    assert len(index) == 2
    assert index.search(rows[5], 1)[0][0] == 1
    assert float(index.vectors_of([1])[1] @ rows[5]) > 0.99
    index.remove([1, 99])
    assert len(index) == 1 and 1 not in index and index.vectors_of([1]) == {}


def test_the_saved_index_reads_back_and_a_damaged_one_is_refused(tmp_path: Path,
                                                                 rows: np.ndarray) -> None:
    index = VectorIndex(DIM)
    index.add(list(range(200)), rows)
    path = tmp_path / "x.usearch"
    index.save(path, {"workspace": "w"})
    again, meta = VectorIndex.load(path)
    assert meta["workspace"] == "w" and meta["count"] == 200 and len(again) == 200
    assert again.search(rows[3], 1)[0][0] == 3
    path.write_bytes(b"not an index")
    with pytest.raises(VectorFileError):
        VectorIndex.load(path)
    (tmp_path / "x.usearch.json").unlink()
    with pytest.raises(VectorFileError):
        VectorIndex.load(path)
