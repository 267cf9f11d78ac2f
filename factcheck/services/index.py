"""The match index of one workspace: the stored normal forms, the lexical (BM25) index over
them, its snapshot (a file beside SQLite, else stored in the database) and the worker
processes of large runs, kept consistent by one class.

`MatchIndex` is the only code that writes normal forms (ClaimNorm) or reads them for
matching; the links service (services/matching.py) asks it for candidates and forms. The
engine, numpy and kiwipiepy are imported lazily: `import factcheck.services` stays light.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlmodel import Session

from factcheck.errors import FactcheckError
from factcheck.models import MatchState
from factcheck.services.workspace import Workspace
from factcheck.store import clock as clock_db
from factcheck.store import norms as norms_db
from factcheck.store import snapshots as snapshots_db
from factcheck.store.norms import StaleRow

if TYPE_CHECKING:
    from factcheck.match.index import LexicalIndex
    from factcheck.match.normalise import NormalForm

ProgressCallback = Callable[[int, int, str], None]


class SnapshotName(Enum):
    """The index snapshots a database that is not an SQLite file stores (StoredIndex.name)."""

    LEXICAL = "lexical"
    VECTORS = "vectors"


_Batch = TypeVar("_Batch")
_Result = TypeVar("_Result")

# Runs this large (claims to normalise or match) use a worker process per core.
PARALLEL_MIN_CLAIMS = 20_000
MAX_WORKERS = 4
# Claims per unit of work handed to a worker (and per progress step).
BATCH_CLAIMS = 2000
# The index snapshot is saved (beside an SQLite file, else in the database) once it holds
# this many claims (building it from the stored forms takes seconds from there: about 50 s for
# a million), and saved again when this many forms, or a tenth of it, were taken in since.
SAVED_INDEX_MIN_CLAIMS = 20_000
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def text_language(text: str, declared: str | None) -> str:
    """The declared language, else ko when the text has Hangul, else en."""
    if declared:
        return declared.strip().lower().split("-")[0] or "en"
    return "ko" if _HANGUL.search(text) else "en"


def engine_version() -> str:
    """The normaliser's version, stored with every form (another version: normalise again)."""
    from factcheck.match.normalise import NORMAL_FORM_VERSION

    return str(NORMAL_FORM_VERSION)


@lru_cache(maxsize=200_000)
def parse_form(norm: str) -> NormalForm:
    """A stored normal form read back (cached: candidates recur across queries)."""
    from factcheck.match.normalise import NormalForm

    return NormalForm.from_text(norm)


class MatchIndex:
    """The stored normal forms of one workspace and the candidate index over them.

    What it holds, in this process:

    - `lexical`: a BM25 index over the stored forms of every claim, in their wording as of
      clock value `seen` (store/clock.py) or later.
    - `norms`: claim id -> stored form text, for scoring. Built from the database it holds
      every claim of the index; started from a snapshot it holds only what was read so far,
      and `ensure_norms` / `read_all_norms` read the rest when needed.

    How it stays current (every `load()` catches up): every form written (a new claim's, or
    a replaced one) is stamped at its transaction's commit with the commit-ordered clock,
    so the forms stamped past `seen` are exactly the ones the index lacks or holds in an
    older wording. They are read in one statement and added (adding replaces), and `seen`
    becomes the largest stamp read: every smaller one had committed by then. Nothing relies
    on claim ids growing in commit order (PostgreSQL's do not). Forms written by this
    process (`store_normal_forms`) go into its own index at once, when the claim is one it
    holds (they are read back once committed: harmless).

    The snapshot is a shortcut, never a source of truth. It is a file beside an SQLite
    database (`<db>-matchindex.npz`), and stored in the database itself for any other
    (StoredIndex, store/snapshots.py), so a new process on PostgreSQL starts from it too:

    - It is used only when the index is first loaded, and only when the database agrees with
      it: the same workspace (MatchState, so a new database at the same path is not fooled),
      the same normaliser version, a clock at least as far as the snapshot's, and exactly as
      many forms stamped up to the snapshot's clock as it holds less those of its claims
      written since (none deleted, none added behind its back). Anything else (damaged,
      another layout, disagreeing) and it is ignored and the index built from the stored
      forms; deleting it loses nothing. (On PostgreSQL the two counts are separate
      statements: a write committed between them can only make a good snapshot look
      disagreeing, never the reverse, so the worst case is a rebuild.)
    - It is saved from `SAVED_INDEX_MIN_CLAIMS` claims on, and again once it took in that
      many new or replaced forms, or a tenth of its size, since; a file is written beside
      and renamed over, a stored one replaced in one transaction, so a reader never sees
      half of one. A folder it cannot be written to (or a failed database write) is no
      error. The first save creates the workspace identity.

    Large runs (`PARALLEL_MIN_CLAIMS` claims or more) go to forked worker processes, one per
    core up to `MAX_WORKERS`, in batches of `BATCH_CLAIMS`:

    - Workers only compute, from what this process held when it forked (copy-on-write):
      they never open the database and never write; every write stays in this process.
      Before matching forks, every stored form is read (`read_all_norms`).
    - Normalising forks only when this process has not loaded kiwipiepy: its analyser must
      not be shared across a fork (each worker then loads its own).
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._index: LexicalIndex | None = None
        self._norms: dict[int, str] = {}
        self._all_norms = False
        # The clock value the index has taken in (store/clock.py), and the largest claim id
        # it holds (claims past it are checked for a missing form).
        self._seen = 0
        self._largest_claim = 0
        # Whether a snapshot holds this index as of some point, and how many forms were
        # taken in since that point.
        self._saved = False
        self._taken_since_saved = 0
        self._from_saved = False

    # ------------------------------------------------------------------ what it holds

    @property
    def started_from_saved(self) -> bool:
        """Whether this process's index was read from the snapshot (not built)."""
        return self._from_saved

    @property
    def seen(self) -> int:
        """The clock value the index has taken in (store/clock.py)."""
        return self._seen

    @property
    def lexical(self) -> LexicalIndex:
        """The candidate index (`load()` first)."""
        assert self._index is not None, "MatchIndex.load() was not called"
        return self._index

    @property
    def norms(self) -> Mapping[int, str]:
        """Claim id -> stored form text, as far as read (see `ensure_norms`)."""
        return self._norms

    def ensure_norms(self, claim_ids: Iterable[int]) -> None:
        """Read the stored forms of these claims that this process has not read yet."""
        if self._all_norms:
            return
        missing = sorted({i for i in claim_ids if i not in self._norms})
        if not missing:
            return
        with self.workspace.session() as session:
            self._norms.update(norms_db.forms_of(session=session, claim_ids=missing))

    def read_all_norms(self) -> None:
        """The stored form of every claim the index holds (before a run over all claims, or
        before worker processes are forked: they cannot read the database)."""
        index = self._index
        if self._all_norms or index is None:
            return  # (not loaded: it holds nothing yet)
        with self.workspace.session() as session:
            for claim_id, norm in norms_db.all_forms(session=session):
                if claim_id in index:
                    self._norms.setdefault(claim_id, norm)
        self._all_norms = True

    def claim_ids(self) -> list[int]:
        """Every claim the index holds, in id order."""
        self.read_all_norms()
        return sorted(self._norms)

    # ------------------------------------------------------------------ normal forms

    def store_normal_forms(self, *, session: Session, claim_ids: Sequence[int]) -> list[int]:
        """Normalise these claims (new, or edited since their form was stored) inside the
        caller's transaction; returns the ids whose form was (re)computed."""
        rows = norms_db.stale_rows(session=session, claim_ids=claim_ids,
                                   engine_version=engine_version())
        if rows:
            self._write_forms(session, rows, self.normal_forms(rows))
        return [r[0] for r in rows]

    def warm_up(self, items: Sequence[tuple[str, str | None, str | None]]) -> None:
        """Load what normalising these texts (text, declared language, speaker) needs (the
        Korean analyser: seconds, once per process) before the write transaction that stores
        them, so that it is not loaded while holding the write lock, which every other writer
        of an SQLite file waits for (10 s at most, then "database is locked"). One text of
        each kind is normalised; the forms themselves are computed in the transaction."""
        if not items or _parallel_normalising(len(items)):
            # (a run that large is normalised in worker processes, each loading its own
            # analyser: this process must not load it before they fork)
            return
        korean = next((item for item in items if _HANGUL.search(item[0])), None)
        other = next((item for item in items if not _HANGUL.search(item[0])), None)
        rows: list[StaleRow] = [(0, item[0], item[1], item[2], False)
                                for item in (korean, other) if item is not None]
        _stored_forms_batch(rows)

    def normal_forms(self, rows: Sequence[StaleRow], *,
                     parallel: bool | None = None) -> list[str]:
        """The forms of these rows as stored, in order; a large batch is normalised in
        worker processes (`parallel` None: when the rules above allow)."""
        batches = _batches(rows)
        if parallel is None:
            parallel = _parallel_normalising(len(rows))
        return [norm for batch in self.run(_stored_forms_batch, batches, parallel=parallel)
                for norm in batch]

    def current_forms(self, *, session: Session,
                      claim_ids: Sequence[int]) -> dict[int, NormalForm]:
        """The forms of these claims for their current text: the stored one, else (none
        stored, or outdated) normalised now and not stored."""
        stale = {row[0]: row for row in norms_db.stale_rows(
            session=session, claim_ids=claim_ids, engine_version=engine_version())}
        forms = {claim_id: parse_form(_stored_forms_batch([row])[0])
                 for claim_id, row in stale.items()}
        for claim_id, norm in norms_db.forms_of(
                session=session, claim_ids=[i for i in claim_ids if i not in stale]):
            forms[claim_id] = parse_form(norm)
        return forms

    def _write_forms(self, session: Session, rows: Sequence[StaleRow],
                     norms: Sequence[str]) -> None:
        norms_db.write_forms(session=session, rows=rows, norms=norms,
                             engine_version=engine_version())
        if self._index is not None:
            for (claim_id, *_), norm in zip(rows, norms, strict=True):
                if claim_id in self._index:
                    # An edited claim already in the index; new ones are read by load().
                    self._norms[claim_id] = norm
                    self._index.add(claim_id, list(parse_form(norm).index_tokens))

    def _normalise_missing(self, on_progress: ProgressCallback | None) -> None:
        """Claims stored before matching existed (or with matching off), or normalised by an
        older engine, get their form now."""
        version = engine_version()
        with self.workspace.session() as session:
            # Only past what this process has read already (the first load: every claim).
            missing = norms_db.claims_without_current_form(
                session=session, after=self._largest_claim, engine_version=version)
            stale = norms_db.stale_rows(session=session, claim_ids=missing,
                                        engine_version=version) if missing else []
        batches = _batches(stale)
        norms = self.run(_stored_forms_batch, batches,
                         parallel=_parallel_normalising(len(stale)))
        for number, (batch, batch_norms) in enumerate(zip(batches, norms, strict=True)):
            if on_progress:
                on_progress(number * BATCH_CLAIMS, len(stale), "normalising")
            with self.workspace.session(write=True) as session:
                self._write_forms(session, batch, batch_norms)

    # ------------------------------------------------------------------ the index

    def load(self, on_progress: ProgressCallback | None = None) -> LexicalIndex:
        """The index over every stored normal form, caught up with the database: the first
        call opens the snapshot or builds it, later ones only read what changed since."""
        from factcheck.match.index import LexicalIndex

        if self._index is None:
            self._open_saved_index()
        self._normalise_missing(on_progress)
        with self.workspace.session() as session:
            # One statement: the forms written after `seen` (all of them, when building).
            fresh = norms_db.forms_stamped_after(
                session=session, seq=self._seen if self._index is not None else -1)
            state = norms_db.match_state(session=session)
        entries: list[tuple[int, list[str]]] = []
        for claim_id, norm, seq in fresh:
            # Through the parse cache: the candidates scored next (and in forked workers)
            # are then already read.
            form = parse_form(norm)
            self._norms[claim_id] = norm
            entries.append((claim_id, list(form.index_tokens)))
            self._seen = max(self._seen, seq)
            self._largest_claim = max(self._largest_claim, claim_id)
        if self._index is None:
            self._index = LexicalIndex.build(entries)
            self._all_norms = True
        else:
            for claim_id, tokens in entries:
                self._index.add(claim_id, tokens)
            self._taken_since_saved += len(entries)
        self._save_when_due(state)
        return self._index

    # ------------------------------------------------------------------ the snapshot

    def saved_path(self) -> Path | None:
        """Where the snapshot is saved as a file: beside an SQLite database file (other
        databases store it in themselves: `snapshots_in_database`)."""
        return self.workspace.file_beside_database("-matchindex.npz")

    def _read_snapshot(self) -> tuple[LexicalIndex, dict[str, Any]] | None:
        from factcheck.match.index import IndexFileError, LexicalIndex

        path = self.saved_path()
        try:
            if path is not None:
                return LexicalIndex.load(path) if path.exists() else None
            stored = read_stored_snapshot(self.workspace, SnapshotName.LEXICAL)
            return LexicalIndex.from_bytes(stored.data) if stored is not None else None
        except IndexFileError:
            return None

    def _open_saved_index(self) -> None:
        """Start from the snapshot when the database agrees with it (see the class)."""
        opened = self._read_snapshot()
        if opened is None:
            return
        index, meta = opened
        seq, forms, largest = meta.get("seq"), meta.get("forms"), meta.get("largest_claim")
        if not (isinstance(seq, int) and isinstance(forms, int)
                and isinstance(largest, int)):
            return
        with self.workspace.session() as session:
            state = norms_db.match_state(session=session)
            clock = clock_db.current(session=session)
            written_since = norms_db.claims_stamped_after(session=session, seq=seq)
            held = norms_db.forms_stamped_up_to(session=session, seq=seq)
        rewritten = sum(1 for claim_id in written_since if claim_id in index)
        if (state is None or meta.get("workspace") != state.workspace
                or meta.get("engine") != engine_version() or clock < seq
                or forms != len(index) or held != forms - rewritten):
            return
        self._index, self._seen, self._largest_claim = index, seq, largest
        self._saved, self._taken_since_saved = True, 0
        self._all_norms = False
        self._from_saved = True

    def _save_when_due(self, state: MatchState | None) -> None:
        """Save the snapshot when the index is large and took in many forms since it was
        last saved: later commands then start from it."""
        index = self._index
        if index is None or len(index) < SAVED_INDEX_MIN_CLAIMS:
            return
        path = self.saved_path()
        if path is None and not self.workspace.snapshots_in_database():
            return  # an in-memory database: no other process to share it with
        due = min(SAVED_INDEX_MIN_CLAIMS, len(index) // 10)
        if self._saved and self._taken_since_saved < due:
            return
        state = state or self._workspace_state()
        if state is None:
            return
        meta = {"workspace": state.workspace, "engine": engine_version(), "seq": self._seen,
                "forms": len(index), "largest_claim": self._largest_claim}
        if path is not None:
            try:
                index.save(path, meta)
            except OSError:
                return  # a read-only folder: the index is rebuilt next time, nothing is lost
        elif not store_snapshot(self.workspace, SnapshotName.LEXICAL, index.to_bytes(meta),
                                meta):
            return
        self._saved, self._taken_since_saved = True, 0

    def _workspace_state(self) -> MatchState | None:
        return workspace_identity(self.workspace)

    # ------------------------------------------------------------------ worker processes

    def run_over_claims(self, func: Callable[[list[int]], _Result],
                        claim_ids: Sequence[int], *,
                        on_progress: ProgressCallback | None = None,
                        label: str = "") -> list[_Result]:
        """func over these claims in batches, in order, after reading their stored forms;
        a large run forks worker processes, so every stored form is read first. `func` must
        be a module-level function (workers get it by name) and only compute."""
        parallel = len(claim_ids) >= PARALLEL_MIN_CLAIMS
        if parallel:
            self.read_all_norms()
        else:
            self.ensure_norms(claim_ids)
        batches = [list(batch) for batch in _batches(claim_ids)]
        return self.run(func, batches, parallel=parallel, on_progress=on_progress,
                        step=BATCH_CLAIMS, label=label)

    @staticmethod
    def run(func: Callable[[_Batch], _Result], batches: Sequence[_Batch], *,
            parallel: bool, on_progress: ProgressCallback | None = None, step: int = 1,
            label: str = "") -> list[_Result]:
        """func over the batches, in order; on two cores or more (and where processes fork)
        a `parallel` run uses a worker per core. Workers only compute: every write stays
        here."""
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        results: list[_Result] = []
        total = len(batches) * step

        def report(done: int) -> None:
            if on_progress:
                on_progress(min(done * step, total), total, label)

        if (parallel and workers > 1 and len(batches) > 1
                and "fork" in multiprocessing.get_all_start_methods()):
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for result in pool.imap(func, batches):
                    results.append(result)
                    report(len(results))
            return results
        for batch in batches:
            results.append(func(batch))
            report(len(results))
        return results


def workspace_identity(workspace: Workspace) -> MatchState | None:
    """The database's identity, created with the first saved index (lexical or vector). Two
    processes may create it at once (PostgreSQL): the one that loses reads the winner's."""
    try:
        with workspace.session(write=True) as session:
            state = norms_db.match_state(session=session)
            if state is None:
                state = norms_db.add_match_state(session=session, workspace=uuid.uuid4().hex)
            return state
    except FactcheckError:
        with workspace.session() as session:
            return norms_db.match_state(session=session)


def read_stored_snapshot(workspace: Workspace,
                         name: SnapshotName) -> snapshots_db.Snapshot | None:
    """The snapshot stored in the database under this name (None: none, or damaged)."""
    with workspace.session() as session:
        return snapshots_db.read_snapshot(session=session, name=name.value)


def store_snapshot(workspace: Workspace, name: SnapshotName, data: bytes,
                   meta: dict[str, Any]) -> bool:
    """Replace the snapshot stored under this name, in a transaction of its own; False when
    that failed (another process saving one at the same moment, say): it is only a
    shortcut, the next save tries again."""
    try:
        with workspace.session(write=True) as session:
            snapshots_db.replace_snapshot(session=session, name=name.value, data=data,
                                          meta=meta)
    except FactcheckError:
        return False
    return True


def _batches(items: Sequence[_Batch]) -> list[Sequence[_Batch]]:
    step = BATCH_CLAIMS
    return [items[start:start + step] for start in range(0, len(items), step)]


def _parallel_normalising(count: int) -> bool:
    """Both cores for a large backlog (kiwipiepy then loads in each worker): only when this
    process has not loaded it, as its analyser must not be shared across a fork."""
    from factcheck.match.normalise import kiwi_loaded

    return count >= PARALLEL_MIN_CLAIMS and not kiwi_loaded()


def _stored_forms_batch(rows: Sequence[StaleRow]) -> list[str]:
    """The normal forms of these rows as stored (text: cheaper to send back from a worker
    process than the form objects, and what the database keeps)."""
    from factcheck.match.normalise import normalise_many

    return [form.to_text() for form in normalise_many(
        [r[1] for r in rows], [text_language(r[1], r[2]) for r in rows],
        [r[3] for r in rows])]
