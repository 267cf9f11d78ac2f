"""Claim vectors of one workspace: computed by the sentence encoder, stored per claim, and
the nearest-neighbour index over them that matching asks for candidates by meaning.

`ClaimVectors` is the only code that writes ClaimEmbedding rows or reads them for matching.
The encoder, numpy and usearch are imported lazily: a command that never matches never loads
a model.

How the in-process index stays current (every `load()` catches up):

- Every vector written is a new ClaimEmbedding row (a recomputed vector replaces the old
  row), stamped at its transaction's commit with the commit-ordered clock (store/clock.py),
  so the rows stamped past `seen` are exactly what the index lacks or holds in an older
  version; they are read in (stamp, row id) order and added (adding replaces). Nothing
  relies on row ids growing in commit order (PostgreSQL's do not).
- A claim whose text changed loses its vector in the transaction that stores its new form
  (`forget`); until it is embedded again the index may hold its old vector, which only costs
  a candidate (scoring reads the new text's form).

The snapshot (`<db>-vectors.usearch` beside an SQLite file; stored in the database itself for
any other, so a new process on PostgreSQL starts from it) is a shortcut, never a source of
truth: it is used only when the database agrees with it (the same workspace and encoder, a
clock at least as far as the snapshot's, and exactly as many rows stamped up to it as it
holds less those of its claims written since), and saved from `SAVED_MIN_VECTORS` vectors
on, again when it grew by a tenth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from factcheck.errors import FactcheckError
from factcheck.services.index import (
    SnapshotName,
    read_stored_snapshot,
    store_snapshot,
    workspace_identity,
)
from factcheck.services.workspace import Workspace
from factcheck.store import clock as clock_db
from factcheck.store import embeddings as vectors_db
from factcheck.store import norms as norms_db

if TYPE_CHECKING:
    import numpy as np

    from factcheck.match.encoder import Encoder
    from factcheck.match.vectors import VectorIndex

ProgressCallback = Callable[[int, int, str], None]

# Claims encoded per call and per transaction (a killed run keeps every batch it finished).
EMBED_BATCH = 256
# Imports of up to this many claims embed them before matching (so the new claims are
# matched by meaning at once); larger ones too, with a progress bar: the time a bulk import
# takes to be fully embedded is printed by bench/matching_speed.py.
SAVED_MIN_VECTORS = 20_000


class ClaimVectors:
    """The stored claim vectors and the in-process index over them (see the module)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._index: VectorIndex | None = None
        # The clock value the index has taken in (store/clock.py); whether a snapshot holds
        # it as of some point, and its size then.
        self._seen = 0
        self._saved = False
        self._saved_count = 0
        self._from_saved = False

    # ------------------------------------------------------------------ the encoder

    @property
    def enabled(self) -> bool:
        """Whether matching by meaning is on (FACTCHECK_ENCODER is not "off")."""
        from factcheck.match.encoder import encoder_enabled

        return encoder_enabled(self.workspace.settings.encoder)

    @property
    def encoder(self) -> Encoder:
        """The configured encoder (its model loads on the first encode)."""
        from factcheck.match.encoder import EncoderUnavailable, encoder_for

        try:
            encoder = encoder_for(self.workspace.settings.encoder)
        except EncoderUnavailable as error:
            raise FactcheckError(str(error)) from error
        if encoder is None:
            raise FactcheckError("matching by meaning is off (FACTCHECK_ENCODER=off)")
        return encoder

    @property
    def encoder_id(self) -> str | None:
        return self.encoder.id if self.enabled else None

    @staticmethod
    def _dimension(encoder: Encoder) -> int:
        """The encoder's dimension (a plugged-in model must load to tell it)."""
        from factcheck.match.encoder import EncoderUnavailable

        try:
            return encoder.dim
        except EncoderUnavailable as error:
            raise FactcheckError(str(error)) from error

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of these texts (not stored)."""
        from factcheck.match.encoder import EncoderUnavailable

        try:
            return self.encoder.encode(list(texts))
        except EncoderUnavailable as error:
            raise FactcheckError(str(error)) from error

    # ------------------------------------------------------------------ stored vectors

    def waiting(self) -> int:
        """How many claims have no vector from the configured encoder (0 when it is off)."""
        if not self.enabled:
            return 0
        with self.workspace.session() as session:
            return vectors_db.waiting_count(session=session, encoder=self.encoder.id)

    def waiting_ids(self) -> list[int]:
        """The claims with no vector from the configured encoder (none when it is off)."""
        if not self.enabled:
            return []
        with self.workspace.session() as session:
            return [claim_id for claim_id, _ in vectors_db.claims_to_embed(
                session=session, encoder=self.encoder.id)]

    def forget(self, *, session: Session, claim_ids: Sequence[int]) -> None:
        """These claims' text changed (caller's transaction): their vectors are dropped and
        they wait for new ones."""
        if claim_ids:
            vectors_db.forget_vectors(session=session, claim_ids=claim_ids)

    def embed_waiting(self, claim_ids: Sequence[int] | None = None,
                      on_progress: ProgressCallback | None = None) -> int:
        """Compute and store the vectors these claims (None: all) lack, a transaction per
        batch; returns how many were stored. Nothing to do when the encoder is off."""
        from factcheck.match.vectors import vector_bytes

        if not self.enabled:
            return 0
        encoder_id = self.encoder.id
        with self.workspace.session() as session:
            rows = vectors_db.claims_to_embed(session=session, encoder=encoder_id,
                                              claim_ids=claim_ids)
        if not rows:
            return 0
        done = 0
        for start in range(0, len(rows), EMBED_BATCH):
            if on_progress:
                on_progress(done, len(rows), "embedding")
            batch = rows[start:start + EMBED_BATCH]
            matrix = self.encode([text for _, text in batch])
            with self.workspace.session(write=True) as session:
                # A claim edited (or embedded) meanwhile is left as it is now.
                current = dict(vectors_db.claims_to_embed(
                    session=session, encoder=encoder_id,
                    claim_ids=[claim_id for claim_id, _ in batch]))
                vectors_db.write_vectors(session=session, encoder=encoder_id, vectors=[
                    (claim_id, text, vector_bytes(row))
                    for (claim_id, text), row in zip(batch, matrix, strict=True)
                    if current.get(claim_id) == text])
            done += len(batch)
        if on_progress:
            on_progress(len(rows), len(rows), "embedding")
        return len(rows)

    # ------------------------------------------------------------------ the index

    @property
    def started_from_saved(self) -> bool:
        """Whether this process's index was read from the snapshot (not built)."""
        return self._from_saved

    @property
    def index(self) -> VectorIndex | None:
        """The index as last loaded (None before `load()`, or with the encoder off)."""
        return self._index

    def load(self, on_progress: ProgressCallback | None = None) -> VectorIndex | None:
        """The index over every stored vector of the configured encoder, caught up with the
        database (None when the encoder is off)."""
        from factcheck.match.vectors import VectorIndex, vectors_from_bytes

        if not self.enabled:
            return None
        encoder = self.encoder
        dim = self._dimension(encoder)
        if self._index is None:
            self._open_saved(encoder.id)
        with self.workspace.session() as session:
            for rows in vectors_db.vectors_stamped_after(
                    session=session, encoder=encoder.id,
                    seq=self._seen if self._index is not None else -1):
                matrix = vectors_from_bytes([blob for _, _, blob in rows], dim)
                if self._index is None:
                    self._index = VectorIndex(dim)
                self._index.add([claim_id for _, claim_id, _ in rows], matrix)
                self._seen = max(self._seen, rows[-1][0])
                if on_progress:
                    on_progress(len(self._index), len(self._index), "loading vectors")
        if self._index is None:
            self._index = VectorIndex(dim)
        self._save_when_due(encoder.id)
        return self._index

    def saved_path(self) -> Path | None:
        """Where the snapshot is saved as a file: beside an SQLite database file (other
        databases store it in themselves)."""
        return self.workspace.file_beside_database("-vectors.usearch")

    def _read_snapshot(self) -> tuple[VectorIndex, dict[str, Any]] | None:
        from factcheck.match.vectors import VectorFileError, VectorIndex

        path = self.saved_path()
        try:
            if path is not None:
                return VectorIndex.load(path) if path.exists() else None
            stored = read_stored_snapshot(self.workspace, SnapshotName.VECTORS)
            return (VectorIndex.from_bytes(stored.data, stored.meta) if stored is not None
                    else None)
        except VectorFileError:
            return None

    def _open_saved(self, encoder_id: str) -> None:
        opened = self._read_snapshot()
        if opened is None:
            return
        index, meta = opened
        seq = meta.get("seq")
        if not isinstance(seq, int):
            return
        with self.workspace.session() as session:
            state = norms_db.match_state(session=session)
            clock = clock_db.current(session=session)
            written_since = vectors_db.claims_with_vectors_stamped_after(
                session=session, encoder=encoder_id, seq=seq)
            held = vectors_db.vectors_stamped_up_to(session=session, encoder=encoder_id,
                                                    seq=seq)
        rewritten = sum(1 for claim_id in written_since if claim_id in index)
        if (state is None or meta.get("workspace") != state.workspace
                or meta.get("encoder") != encoder_id or clock < seq
                or meta.get("count") != len(index) or held != len(index) - rewritten):
            return
        self._index, self._seen = index, seq
        self._saved, self._saved_count = True, len(index)
        self._from_saved = True

    def _save_when_due(self, encoder_id: str) -> None:
        index, path = self._index, self.saved_path()
        if index is None or len(index) < SAVED_MIN_VECTORS:
            return
        if path is None and not self.workspace.snapshots_in_database():
            return  # an in-memory database: no other process to share it with
        if self._saved and len(index) - self._saved_count < max(1, len(index) // 10):
            return
        state = workspace_identity(self.workspace)
        if state is None:
            return
        meta = {"workspace": state.workspace, "encoder": encoder_id, "seq": self._seen}
        if path is not None:
            try:
                index.save(path, meta)
            except OSError:
                return  # a read-only folder: built again next time, nothing is lost
        elif not store_snapshot(self.workspace, SnapshotName.VECTORS, *index.to_bytes(meta)):
            return
        self._saved, self._saved_count = True, len(index)

    # ------------------------------------------------------------------ for scoring

    def vectors_of(self, claim_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """The vectors the index holds for these claims (load() first)."""
        return self._index.vectors_of(claim_ids) if self._index is not None else {}

    def nearest(self, vector: np.ndarray, count: int, *, min_cosine: float,
                exclude: Sequence[int] = ()) -> list[tuple[int, float]]:
        if self._index is None:
            return []
        return self._index.search(vector, count, min_cosine=min_cosine, exclude=exclude)
