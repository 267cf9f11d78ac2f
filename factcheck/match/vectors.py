"""Claim vectors: stored bytes, and the nearest-neighbour index over them (usearch).

Pure: no database. A vector is stored as float16 bytes (half the size of float32, and the
cosine moves by well under 0.001). The index keeps int8 vectors (a quarter of float32: a
million 512-d claims take about 0.6 GB with the graph), in an HNSW graph from the usearch
library, so a query reads a few thousand vectors instead of all of them.

Int8 quantisation maps [-1, 1] onto [-127, 127]; the components of a unit vector in d
dimensions spread about 1/sqrt(d) (±0.2 at most in 512), so rows are scaled first by
sqrt(d) / `SPREAD_SIGMAS` (cosine does not see the scale; the rare component beyond is
clipped): the cosine error then stays around 0.003 instead of 0.01.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

SPREAD_SIGMAS = 4.5
# HNSW search breadth: higher finds more of the true nearest neighbours, at some speed.
EXPANSION_SEARCH = 96
# HNSW build breadth: usearch's default (128) took twice as long to build 100,000 claim-like
# vectors as 64 for the same share of the true 8 nearest found (0.79 against 0.78).
EXPANSION_ADD = 64
# Below this many vectors a search compares with every one (exact, and still well under a
# millisecond); the graph's approximation is used only where it pays.
EXACT_SEARCH_BELOW = 50_000
FILE_FORMAT = 1


class VectorFileError(ValueError):
    """A saved vector index that cannot be used (missing, damaged, another layout)."""


def vector_bytes(row: np.ndarray) -> bytes:
    """One unit vector as stored (float16, little-endian)."""
    import numpy as np

    return np.asarray(row, dtype="<f2").tobytes()


def vectors_from_bytes(blobs: Sequence[bytes], dim: int) -> np.ndarray:
    """Stored vectors back as float32 rows (a blob of the wrong size raises ValueError)."""
    import numpy as np

    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    joined = b"".join(blobs)
    if len(joined) != 2 * dim * len(blobs):
        raise ValueError(f"stored vectors are not {dim}-dimensional float16")
    return np.frombuffer(joined, dtype="<f2").reshape(len(blobs), dim).astype(np.float32)


def cosines(vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Cosine of one unit vector against unit rows."""
    return rows @ vector


class VectorIndex:
    """Claim id -> vector, with nearest-neighbour search by cosine. Not thread-safe for
    writes; searches may run while nothing is added."""

    def __init__(self, dim: int, index: Any = None) -> None:
        from usearch.index import Index

        self.dim = dim
        self._gain = math.sqrt(dim) / SPREAD_SIGMAS
        self._index = index if index is not None else Index(
            ndim=dim, metric="cos", dtype="i8", expansion_add=EXPANSION_ADD,
            expansion_search=EXPANSION_SEARCH)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: int) -> bool:
        return bool(self._index.contains(int(key)))

    def _prepared(self, rows: np.ndarray) -> np.ndarray:
        import numpy as np

        return np.clip(np.asarray(rows, dtype=np.float32) * self._gain, -1.0, 1.0)

    def add(self, keys: Sequence[int], rows: np.ndarray) -> None:
        """Add (or replace) these claims' vectors."""
        import numpy as np

        if not len(keys):
            return
        key_array = np.asarray(keys, dtype=np.uint64)
        present = np.asarray(self._index.contains(key_array), dtype=bool).reshape(-1)
        if present.any():
            self._index.remove(key_array[present])
        # usearch refuses a key twice in one call: the last vector of a key wins
        last = {int(k): i for i, k in enumerate(key_array)}
        order = sorted(last.values())
        # every core: usearch's default builds the graph on one (a million claims: 15 min)
        self._index.add(key_array[order], self._prepared(rows[order]),
                        threads=os.cpu_count() or 1)

    def remove(self, keys: Iterable[int]) -> None:
        import numpy as np

        key_array = np.asarray(list(keys), dtype=np.uint64)
        if len(key_array):
            present = np.asarray(self._index.contains(key_array), dtype=bool).reshape(-1)
            if present.any():
                self._index.remove(key_array[present])

    def search(self, vector: np.ndarray, count: int, *, min_cosine: float = -1.0,
               exclude: Iterable[int] = ()) -> list[tuple[int, float]]:
        """The nearest claims to a vector, best first, as (claim id, cosine)."""
        if not len(self._index) or count <= 0:
            return []
        skip = set(exclude)
        matches = self._index.search(self._prepared(vector), count + len(skip),
                                     exact=len(self._index) < EXACT_SEARCH_BELOW)
        found = []
        for key, distance in zip(matches.keys, matches.distances, strict=True):
            similarity = 1.0 - float(distance)
            if int(key) in skip or similarity < min_cosine:
                continue
            found.append((int(key), similarity))
        return found[:count]

    def vectors_of(self, keys: Sequence[int]) -> dict[int, np.ndarray]:
        """The (quantised) vectors of these claims that the index holds, as unit rows."""
        import numpy as np

        if not keys:
            return {}
        key_array = np.asarray(list(keys), dtype=np.uint64)
        present = np.asarray(self._index.contains(key_array), dtype=bool).reshape(-1)
        wanted = key_array[present]
        if not len(wanted):
            return {}
        rows = np.asarray(self._index.get(wanted, dtype="f32"), dtype=np.float32)
        rows = rows.reshape(len(wanted), self.dim)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return {int(k): row for k, row in zip(wanted, rows / norms, strict=True)}

    # ------------------------------------------------------------------ saved file

    def save(self, path: Path, meta: Mapping[str, object]) -> None:
        """Write the index and its metadata beside one another, each renamed over the old
        one, metadata last: a reader never pairs a new index with old metadata unnoticed
        (the metadata names the count it was saved with)."""
        temporary = path.with_name(path.name + ".tmp")
        self._index.save(str(temporary))
        os.replace(temporary, path)
        meta_path = _meta_path(path)
        meta_temporary = meta_path.with_name(meta_path.name + ".tmp")
        meta_temporary.write_text(json.dumps({**meta, "format": FILE_FORMAT, "dim": self.dim,
                                              "count": len(self._index)}), encoding="utf-8")
        os.replace(meta_temporary, meta_path)

    @classmethod
    def load(cls, path: Path) -> tuple[VectorIndex, dict[str, Any]]:
        """A saved index and its metadata, or VectorFileError."""
        from usearch.index import Index

        try:
            meta = json.loads(_meta_path(path).read_text(encoding="utf-8"))
            if not isinstance(meta, dict) or meta.get("format") != FILE_FORMAT:
                raise VectorFileError(f"{path}: another layout")
            dim = int(meta["dim"])
            index = Index.restore(str(path))
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
            raise VectorFileError(f"{path}: {error}") from error
        if index is None or len(index) != meta.get("count") or index.ndim != dim:
            raise VectorFileError(f"{path}: does not agree with its metadata")
        index.expansion_search = EXPANSION_SEARCH  # type: ignore[misc]  # a setter (stubs)
        return cls(dim, index), meta


    def to_bytes(self, meta: Mapping[str, object]) -> tuple[bytes, dict[str, Any]]:
        """The index as usearch's own bytes, and `meta` with what `from_bytes` checks them
        against (for a database, which keeps the two apart: see store/snapshots.py; one
        blob with both would cost another copy of the index in memory)."""
        body = self._index.save()
        return bytes(body or b""), {**meta, "format": FILE_FORMAT, "dim": self.dim,
                                    "count": len(self._index)}

    @classmethod
    def from_bytes(cls, data: bytes, meta: Mapping[str, Any]) -> tuple[VectorIndex,
                                                                        dict[str, Any]]:
        """What `to_bytes` returned, or VectorFileError."""
        from usearch.index import Index

        try:
            if meta.get("format") != FILE_FORMAT:
                raise VectorFileError("a stored vector index of another layout")
            dim = int(meta["dim"])
            index = Index.restore(data) if data else None
        except (ValueError, KeyError, TypeError, RuntimeError) as error:
            raise VectorFileError(f"a stored vector index: {error}") from error
        if index is None or len(index) != meta.get("count") or index.ndim != dim:
            raise VectorFileError("a stored vector index that does not agree with its "
                                  "metadata")
        index.expansion_search = EXPANSION_SEARCH  # type: ignore[misc]  # a setter (stubs)
        return cls(dim, index), dict(meta)


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")
