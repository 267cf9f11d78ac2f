"""Candidate retrieval: an in-process BM25 index over the claims' normalised tokens.

The index is built from the normal forms stored in the database (any SQL dialect can hold
them), so nothing here depends on SQLite's FTS5. Postings are kept column-wise in numpy
arrays (compressed sparse rows per term), which holds a million claims in a few hundred MB.

Cost per query stays near-flat as the archive grows because of blocking: the query's tokens
are taken rarest first (numbers, names and rare words decide a match) until a budget of
postings is spent, so one very common word never forces a scan of every claim.
Claims added after the build go to a small in-memory segment that is merged when it grows.
"""

from __future__ import annotations

import io
import json
import math
import os
import threading
import zipfile
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

# BM25 parameters (Robertson/Lucene defaults).
BM25_K1 = 1.2
BM25_B = 0.75
# Postings read per query at most, beyond the rarest MIN_BLOCK_TOKENS terms.
DEFAULT_POSTINGS_BUDGET = 400_000
MIN_BLOCK_TOKENS = 3
# Past this many postings in one query, scores are summed with one dense bincount.
DENSE_ACCUMULATION = 30_000
# Merge the recent-additions segment into the main arrays past this many documents.
DELTA_MERGE_DOCS = 50_000
# Layout of the file `save` writes; a file of another layout is not read.
INDEX_FILE_FORMAT = 1


class IndexFileError(ValueError):
    """An index file that cannot be used (missing, damaged, another layout): rebuild."""


@dataclass(frozen=True)
class Hit:
    doc_id: int
    score: float


class LexicalIndex:
    """BM25 over token lists keyed by an integer document id (the claim id)."""

    def __init__(self, k1: float = BM25_K1, b: float = BM25_B) -> None:
        self.k1 = k1
        self.b = b
        self._vocab: dict[str, int] = {}
        # Main segment: postings of term t are rows[offsets[t]:offsets[t+1]].
        self._offsets: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self._rows: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self._tf: npt.NDArray[np.float32] = np.zeros(0, dtype=np.float32)
        self._raw_tf: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self._base_rows = 0
        # Every document, main and recent: row -> external id, and token count.
        self._doc_ids: array[int] = array("q")
        self._lengths: array[int] = array("i")
        self._row_of: dict[int, int] = {}
        self._removed: set[int] = set()
        self._total_length = 0
        self._avgdl = 1.0
        # Recent segment: term -> [(row, raw tf)].
        self._delta: dict[str, list[tuple[int, int]]] = {}
        # Scratch accumulators for one search at a time (see _accumulate).
        self._scores: npt.NDArray[np.float64] = np.zeros(0, dtype=np.float64)
        self._marks: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._scratch_lock = threading.Lock()

    # ------------------------------------------------------------------ building

    @classmethod
    def build(cls, docs: Iterable[tuple[int, Sequence[str]]], k1: float = BM25_K1,
              b: float = BM25_B) -> LexicalIndex:
        index = cls(k1, b)
        index._build(docs)
        return index

    def _build(self, docs: Iterable[tuple[int, Sequence[str]]]) -> None:
        vocab = self._vocab
        term_ids = array("i")
        row_ids = array("i")
        for doc_id, tokens in docs:
            row = self._new_row(doc_id, len(tokens))
            for token in tokens:
                term = vocab.get(token)
                if term is None:
                    term = vocab[token] = len(vocab)
                term_ids.append(term)
                row_ids.append(row)
        self._set_main(np.frombuffer(term_ids, dtype=np.int32).astype(np.int64),
                       np.frombuffer(row_ids, dtype=np.int32).astype(np.int64), None)

    def _new_row(self, doc_id: int, length: int) -> int:
        if doc_id in self._row_of:
            self._removed.add(self._row_of[doc_id])
        row = len(self._doc_ids)
        self._doc_ids.append(doc_id)
        self._lengths.append(length)
        self._row_of[doc_id] = row
        self._total_length += length
        return row

    def _set_main(self, terms: npt.NDArray[np.int64], rows: npt.NDArray[np.int64],
                  counts: npt.NDArray[np.int64] | None) -> None:
        """Main segment from (term, row[, count]) triples; repeated pairs are summed."""
        n_rows = max(len(self._doc_ids), 1)
        keys = terms * n_rows + rows
        if counts is None:
            keys, tf = np.unique(keys, return_counts=True)
        else:
            keys, inverse = np.unique(keys, return_inverse=True)
            tf = np.bincount(inverse, weights=counts).astype(np.int64)
        post_terms = keys // n_rows
        self._rows = (keys % n_rows).astype(np.int32)
        self._raw_tf = tf.astype(np.int32)
        self._offsets = np.zeros(len(self._vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(post_terms, minlength=len(self._vocab)), out=self._offsets[1:])
        self._base_rows = len(self._doc_ids)
        self._delta = {}
        self._reweigh()

    def _reweigh(self) -> None:
        """Precompute each posting's BM25 term-frequency factor (idf is applied per query)."""
        self._avgdl = max(self._total_length / max(len(self._doc_ids), 1), 1.0)
        lengths = np.frombuffer(self._lengths, dtype=np.int32)[self._rows]
        tf = self._raw_tf.astype(np.float32)
        norm = self.k1 * (1 - self.b + self.b * lengths / self._avgdl)
        self._tf = (tf * (self.k1 + 1) / (tf + norm)).astype(np.float32)

    # ------------------------------------------------------------------ updating

    def add(self, doc_id: int, tokens: Sequence[str]) -> None:
        """Add (or replace) one document; cheap, merged into the main arrays in bulk later."""
        row = self._new_row(doc_id, len(tokens))
        for token, count in Counter(tokens).items():
            self._delta.setdefault(token, []).append((row, count))
            if token not in self._vocab:
                self._vocab[token] = len(self._vocab)
        if len(self._doc_ids) - self._base_rows >= DELTA_MERGE_DOCS:
            self.merge()

    # ------------------------------------------------------------------ on disk

    def save(self, path: Path, meta: dict[str, Any]) -> None:
        """Write the index to `path` with `meta` (the caller's proof of what it holds), as one
        numpy file; written beside and renamed over, so a reader never sees half a file."""
        data = self.to_bytes(meta)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        try:
            partial.write_bytes(data)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)

    def to_bytes(self, meta: dict[str, Any]) -> bytes:
        """The index and `meta` as the bytes of one numpy file (what `save` writes)."""
        self.merge()
        vocab = sorted(self._vocab, key=self._vocab.__getitem__)  # in term-id order
        header = {"format": INDEX_FILE_FORMAT, "k1": self.k1, "b": self.b, "meta": meta}
        out = io.BytesIO()
        np.savez(out, header=_utf8_array(json.dumps(header)),
                 vocab=_utf8_array(json.dumps(vocab, ensure_ascii=False)),
                 offsets=self._offsets, rows=self._rows, raw_tf=self._raw_tf,
                 doc_ids=np.frombuffer(self._doc_ids, dtype=np.int64),
                 lengths=np.frombuffer(self._lengths, dtype=np.int32),
                 removed=np.array(sorted(self._removed), dtype=np.int64))
        return out.getvalue()

    @classmethod
    def load(cls, path: Path) -> tuple[LexicalIndex, dict[str, Any]]:
        """The index `save` wrote and its meta; IndexFileError when the file cannot be used."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise IndexFileError(f"{path}: cannot read the index file: {exc}") from exc
        return cls.from_bytes(data, str(path))

    @classmethod
    def from_bytes(cls, data: bytes, where: str = "the index"
                   ) -> tuple[LexicalIndex, dict[str, Any]]:
        """The index `to_bytes` wrote and its meta; IndexFileError when it cannot be used
        (`where` names it in the message)."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                header = json.loads(arrays["header"].tobytes().decode("utf-8"))
                if not isinstance(header, dict) or header.get("format") != INDEX_FILE_FORMAT:
                    raise IndexFileError(f"{where}: an index file of another layout")
                vocab = json.loads(arrays["vocab"].tobytes().decode("utf-8"))
                offsets = arrays["offsets"].astype(np.int64)
                rows = arrays["rows"].astype(np.int32)
                raw_tf = arrays["raw_tf"].astype(np.int32)
                doc_ids = arrays["doc_ids"].astype(np.int64)
                lengths = arrays["lengths"].astype(np.int32)
                removed = arrays["removed"].astype(np.int64)
        # (a file cut short is not even a zip archive: BadZipFile, not an OSError)
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            if isinstance(exc, IndexFileError):
                raise
            raise IndexFileError(f"{where}: cannot read the index file: {exc}") from exc
        if (len(offsets) != len(vocab) + 1 or len(rows) != len(raw_tf)
                or int(offsets[-1]) != len(rows) or len(doc_ids) != len(lengths)
                or (len(rows) and int(rows.max()) >= len(doc_ids))):
            raise IndexFileError(f"{where}: the index file is inconsistent")
        index = cls(float(header["k1"]), float(header["b"]))
        index._vocab = {token: term for term, token in enumerate(vocab)}
        index._doc_ids = array("q", doc_ids.tobytes())
        index._lengths = array("i", lengths.tobytes())
        index._removed = set(removed.tolist())
        # rows in order: a replaced document's newest row wins, removed rows name nobody
        index._row_of = {doc_id: row for row, doc_id in enumerate(doc_ids.tolist())
                         if row not in index._removed}
        index._total_length = int(lengths.sum())
        index._offsets, index._rows, index._raw_tf = offsets, rows, raw_tf
        index._base_rows = len(doc_ids)
        index._reweigh()
        return index, dict(header.get("meta") or {})

    def remove(self, doc_id: int) -> None:
        row = self._row_of.pop(doc_id, None)
        if row is not None:
            self._removed.add(row)

    def merge(self) -> None:
        """Fold the recent segment into the main arrays (and refresh the length average)."""
        if not self._delta:
            return
        n_terms = len(self._offsets) - 1
        base_terms = np.repeat(np.arange(n_terms, dtype=np.int64), np.diff(self._offsets))
        d_terms, d_rows, d_counts = array("q"), array("q"), array("q")
        for token, postings in self._delta.items():
            term = self._vocab[token]
            for row, count in postings:
                d_terms.append(term)
                d_rows.append(row)
                d_counts.append(count)
        terms = np.concatenate([base_terms, np.frombuffer(d_terms, dtype=np.int64)])
        rows = np.concatenate([self._rows.astype(np.int64), np.frombuffer(d_rows, np.int64)])
        counts = np.concatenate([self._raw_tf.astype(np.int64),
                                 np.frombuffer(d_counts, dtype=np.int64)])
        self._set_main(terms, rows, counts)

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row_of

    # ------------------------------------------------------------------ searching

    def idf(self, token: str) -> float:
        return self._idf(self._df(token))

    def _df(self, token: str) -> int:
        term = self._vocab.get(token)
        base = 0
        if term is not None and term + 1 < len(self._offsets):
            base = int(self._offsets[term + 1] - self._offsets[term])
        return base + len(self._delta.get(token, ()))

    def _idf(self, df: int) -> float:
        n = len(self._doc_ids)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def self_score(self, tokens: Sequence[str]) -> float:
        """The score a document made of exactly these tokens would get: the ceiling that makes
        other scores comparable across queries (score / self_score)."""
        total = 0.0
        length = len(tokens)
        norm = self.k1 * (1 - self.b + self.b * length / self._avgdl)
        for token, count in Counter(tokens).items():
            df = self._df(token)
            if df:
                total += self._idf(df) * count * (self.k1 + 1) / (count + norm)
        return total

    def search(self, tokens: Sequence[str], top_k: int = 10, *,
               exclude: Iterable[int] = (),
               postings_budget: int = DEFAULT_POSTINGS_BUDGET) -> list[Hit]:
        """The top_k documents by BM25 over the query's tokens, best first."""
        return self.search_with_ceiling(tokens, top_k, exclude=exclude,
                                        postings_budget=postings_budget)[0]

    def search_with_ceiling(self, tokens: Sequence[str], top_k: int = 10, *,
                            exclude: Iterable[int] = (),
                            postings_budget: int = DEFAULT_POSTINGS_BUDGET,
                            ) -> tuple[list[Hit], float]:
        """`search`, plus the ceiling: the score a document holding exactly the query's
        searched tokens would get. A hit's share of it says how much of the query it covers,
        comparable across queries (tokens dropped by blocking count in neither)."""
        if not tokens or not self._row_of:
            return [], 0.0
        counts = Counter(tokens)
        query_norm = self.k1 * (1 - self.b + self.b * len(tokens) / self._avgdl)
        terms = []
        for token in counts:
            df = self._df(token)
            if df:
                terms.append((df, token))
        terms.sort()
        chosen: list[tuple[str, float]] = []
        spent = 0
        ceiling = 0.0
        for position, (df, token) in enumerate(terms):
            if position >= MIN_BLOCK_TOKENS and spent + df > postings_budget:
                break
            idf = self._idf(df)
            chosen.append((token, idf))
            count = counts[token]
            ceiling += idf * count * (self.k1 + 1) / (count + query_norm)
            spent += df
        if not chosen:
            return [], 0.0
        with self._scratch_lock:
            rows, scores = self._accumulate(chosen, spent)
        if len(rows) == 0:
            return [], ceiling
        excluded = {self._row_of[d] for d in exclude if d in self._row_of}
        want = min(top_k + len(excluded) + 8, len(scores))
        while True:
            if want < len(scores):
                best = np.argpartition(-scores, want - 1)[:want]
            else:
                best = np.arange(len(scores))
            best = best[np.argsort(-scores[best], kind="stable")]
            hits: list[Hit] = []
            for position in best.tolist():
                row = int(rows[position])
                if row in excluded or row in self._removed:
                    continue
                hits.append(Hit(doc_id=self._doc_ids[row], score=float(scores[position])))
                if len(hits) == top_k:
                    break
            if len(hits) == top_k or want >= len(scores):
                return hits, ceiling
            want = len(scores)  # many removed documents among the best: look at all

    def _accumulate(self, chosen: list[tuple[str, float]], spent: int
                    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Sum the chosen terms' BM25 weights per document: the touched rows (each once)
        and their scores. Dense scratch arrays indexed by row avoid sorting the postings;
        they are cleared again before returning."""
        n_rows = len(self._doc_ids)
        if spent > DENSE_ACCUMULATION:
            return self._accumulate_dense(chosen, n_rows)
        if len(self._scores) < n_rows:
            size = max(n_rows, 2 * len(self._scores))
            self._scores = np.zeros(size, dtype=np.float64)
            self._marks = np.zeros(size, dtype=np.int64)
        acc = self._scores
        row_parts: list[npt.NDArray[Any]] = []
        for token, idf in chosen:
            term = self._vocab.get(token)
            if term is not None and term + 1 < len(self._offsets):
                start, end = int(self._offsets[term]), int(self._offsets[term + 1])
                if end > start:
                    part = self._rows[start:end]
                    # A term's postings hold each row once, so fancy-index += is exact.
                    acc[part] += self._tf[start:end] * idf
                    row_parts.append(part)
            recent = self._delta.get(token)
            if recent:
                part = np.fromiter((r for r, _ in recent), dtype=np.int64, count=len(recent))
                acc[part] += np.fromiter(
                    (idf * self._tf_factor(c, self._lengths[r]) for r, c in recent),
                    dtype=np.float64, count=len(recent))
                row_parts.append(part)
        if not row_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        rows = np.concatenate(row_parts).astype(np.int64)
        positions = np.arange(len(rows))
        self._marks[rows] = positions
        rows = rows[self._marks[rows] == positions]  # each touched row once
        scores = acc[rows]
        acc[rows] = 0.0
        return rows, scores

    def _accumulate_dense(self, chosen: list[tuple[str, float]], n_rows: int
                          ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """For long postings: one bincount over every row beats scattered updates."""
        row_parts: list[npt.NDArray[Any]] = []
        weight_parts: list[npt.NDArray[Any]] = []
        for token, idf in chosen:
            term = self._vocab.get(token)
            if term is not None and term + 1 < len(self._offsets):
                start, end = int(self._offsets[term]), int(self._offsets[term + 1])
                row_parts.append(self._rows[start:end])
                weight_parts.append(self._tf[start:end] * np.float32(idf))
            recent = self._delta.get(token)
            if recent:
                row_parts.append(np.fromiter((r for r, _ in recent), dtype=np.int64,
                                             count=len(recent)))
                weight_parts.append(np.fromiter(
                    (idf * self._tf_factor(c, self._lengths[r]) for r, c in recent),
                    dtype=np.float64, count=len(recent)))
        totals: npt.NDArray[np.float64] = np.bincount(
            np.concatenate(row_parts), weights=np.concatenate(weight_parts),
            minlength=n_rows).astype(np.float64)
        rows = np.flatnonzero(totals)
        return rows.astype(np.int64), totals[rows]

    def _tf_factor(self, count: int, length: int) -> float:
        norm = self.k1 * (1 - self.b + self.b * length / self._avgdl)
        return count * (self.k1 + 1) / (count + norm)


def _utf8_array(text: str) -> npt.NDArray[np.uint8]:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
