"""Duplicate claims: normal forms at store time, candidate retrieval, links, clusters, reuse.

The scoring itself (normalisation, guards, levels)
is the match engine's (`factcheck.match.normalise` / `factcheck.match.score`); this module
stores its results, finds the candidates to score, and runs the reviewer's decisions.
The engine, numpy and kiwipiepy are imported lazily: `import factcheck.services` stays light.

The candidate index lives in memory, built from the stored forms; beside an SQLite database it
is also saved (`<db>-matchindex.npz`) so that the next command starts from it. Replaced forms
are logged (FormChange), which keeps a saved or long-open index current without a rebuild.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url
from sqlmodel import Session

from factcheck.errors import FactcheckError
from factcheck.io.queries import Query, read_queries
from factcheck.models import (
    DuplicateLink,
    LinkStatus,
    MatchLevel,
    MatchState,
    Verdict,
    utcnow,
)
from factcheck.services.results import VerdictInfo
from factcheck.services.reviews import Reviews
from factcheck.services.workspace import Workspace
from factcheck.store import links as links_db
from factcheck.store import norms as norms_db
from factcheck.store import queries as q
from factcheck.store.norms import StaleRow, text_hash

if TYPE_CHECKING:
    from factcheck.match.clusters import DisjointSets
    from factcheck.match.index import LexicalIndex

__all__ = [
    "ClaimMatch",
    "ClaimRef",
    "DuplicatePair",
    "EarlierVerdict",
    "LinkStatus",
    "MatchLevel",
    "MatchReport",
    "MatchingService",
    "Query",
    "QueryResult",
    "TextMatch",
    "read_queries",
    "text_hash",
    "text_language",
]

ProgressCallback = Callable[[int, int, str], None]

# Candidates the lexical index hands to the scorer per stored claim, and the share of the
# claim's own BM25 score a candidate needs to be scored at all. On the labelled dev pairs
# every duplicate ranked in the top 3 with at least 0.29 of the self score across languages
# and 0.42 within one language.
CANDIDATES_PER_CLAIM = 8
MIN_LEXICAL_SHARE = 0.2
MIN_SAME_LANGUAGE_SHARE = 0.3
# Postings read per stored claim when matching (blocking: its rarest tokens first; a
# duplicate shares the rare ones, names and numbers, so common words need not be read).
MATCH_POSTINGS_BUDGET = 1_500
# "related" pairs are kept for context only: a few per claim, the closest ones.
MAX_RELATED_PER_CLAIM = 3
# Runs this large (claims to normalise or match) use a worker process per core.
PARALLEL_MIN_CLAIMS = 20_000
MAX_WORKERS = 4
# Claims per unit of work handed to a worker (and per progress step).
BATCH_CLAIMS = 2000
# The index is saved beside an SQLite database once it holds this many claims (building it
# from the stored forms takes seconds from there: about 50 s for a million), and saved again
# when this many claims, or a tenth of it, were added since.
SAVED_INDEX_MIN_CLAIMS = 20_000
# Candidates scored per text for `factcheck match`.
CANDIDATES_PER_QUERY = 20
# `factcheck match`: share of the BM25 rank in the order of matches (the rest: fuzzy score).
RANK_LEXICAL_WEIGHT = 0.8
# `factcheck match`: how many matches to show by default.
DEFAULT_TOP_K = 5
# Levels, best first; "related" pairs failed a guard and are never duplicates.
LEVELS = tuple(MatchLevel)
DUPLICATE_LEVELS = (MatchLevel.SAME, MatchLevel.SUGGESTED)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def text_language(text: str, declared: str | None) -> str:
    """The declared language, else ko when the text has Hangul, else en."""
    if declared:
        return declared.strip().lower().split("-")[0] or "en"
    return "ko" if _HANGUL.search(text) else "en"


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class ClaimRef:
    id: int
    article_ref: str | None
    claim_ref: str | None
    text: str
    language: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "article_ref": self.article_ref, "claim_ref": self.claim_ref,
                "text": self.text}

    @property
    def label(self) -> str:
        ref = f"{self.article_ref or '?'}/{self.claim_ref}" if self.claim_ref else ""
        return f"#{self.id} {ref}".strip()


@dataclass(frozen=True)
class DuplicatePair:
    a: ClaimRef
    b: ClaimRef
    score: float
    level: MatchLevel
    status: LinkStatus
    differences: list[str]
    # False when the matcher had not paired the two (a reviewer linked them by hand)
    matched: bool = True

    @classmethod
    def of(cls, link: DuplicateLink, refs: dict[int, ClaimRef], *,
           matched: bool = True) -> DuplicatePair:
        return cls(a=refs[link.claim_a_id], b=refs[link.claim_b_id], score=link.score,
                   level=MatchLevel(link.level), status=LinkStatus(link.status),
                   differences=list(link.differences or []), matched=matched)

    def as_json(self) -> dict[str, Any]:
        return {"a": self.a.as_json(), "b": self.b.as_json(), "score": round(self.score, 1),
                "level": self.level.value, "status": self.status.value,
                "differences": self.differences}


@dataclass(frozen=True)
class ClaimMatch:
    """Another claim linked to a given one (the detail view's list)."""

    other: ClaimRef
    score: float
    level: MatchLevel
    status: LinkStatus
    differences: list[str]

    @classmethod
    def of(cls, link: DuplicateLink, other: ClaimRef) -> ClaimMatch:
        return cls(other=other, score=link.score, level=MatchLevel(link.level),
                   status=LinkStatus(link.status), differences=list(link.differences or []))


@dataclass(frozen=True)
class TextMatch:
    claim: ClaimRef
    score: float
    level: MatchLevel | None
    differences: list[str]

    def as_json(self) -> dict[str, Any]:
        return {**self.claim.as_json(), "score": round(self.score, 1),
                "level": self.level.value if self.level is not None else None,
                "differences": self.differences}


@dataclass(frozen=True)
class QueryResult:
    query_id: str | int
    query: str
    matches: list[TextMatch]

    def as_json(self) -> dict[str, Any]:
        return {"query_id": self.query_id, "query": self.query,
                "matches": [m.as_json() for m in self.matches]}


@dataclass(frozen=True)
class EarlierVerdict:
    """A verdict given to another claim of the same cluster, offered for reuse."""

    claim: ClaimRef
    rating: str
    rationale: str | None
    reviewer: str
    created_at: datetime

    def describe(self) -> str:
        return (f"checked before: {self.rating}, by {self.reviewer}, on "
                f"{self.created_at.date().isoformat()} (claim {self.claim.label})")


@dataclass
class MatchReport:
    claims: int = 0
    compared: int = 0
    links: dict[MatchLevel, int] = field(default_factory=dict)

    def summary(self) -> str:
        found = ", ".join(f"{self.links.get(level, 0)} {level}" for level in LEVELS)
        return f"matched {self.claims} claims: {found}"


# ---------------------------------------------------------------- the service


class MatchingService:
    """Normal forms, candidate retrieval and duplicate links for one workspace."""

    def __init__(self, workspace: Workspace, reviews: Reviews) -> None:
        self.workspace = workspace
        self.reviews = reviews
        self._index: LexicalIndex | None = None
        # claim id -> stored normal form text (parsed on demand for re-scoring); read from
        # the database as candidates need them when the index came from its saved file.
        self._norms: dict[int, str] = {}
        self._all_norms = False
        self._loaded_up_to = 0
        # The last FormChange the index took in, and what the saved index file holds.
        self._changes_seen = 0
        self._saved_up_to = 0
        self._saved_changes = 0

    # ------------------------------------------------------------------ normal forms

    def store_normal_forms(self, *, session: Session, claim_ids: Sequence[int]) -> list[int]:
        """Normalise these claims (new, or edited since their form was stored) inside the
        caller's transaction; returns the ids whose form was (re)computed."""
        rows = norms_db.stale_rows(session=session, claim_ids=claim_ids,
                                   engine_version=_engine_version(_engine()))
        if rows:
            step = BATCH_CLAIMS
            batches = [rows[start:start + step] for start in range(0, len(rows), step)]
            norms = [norm for batch in _map(_stored_forms_batch, batches, _parallel_normalising(
                len(rows))) for norm in batch]
            self._write_forms(session, rows, norms)
        return [r[0] for r in rows]

    def _write_forms(self, session: Session, rows: Sequence[StaleRow],
                     norms: Sequence[str]) -> None:
        norms_db.write_forms(session=session, rows=rows, norms=norms,
                             engine_version=_engine_version(_engine()))
        if self._index is not None:
            for (claim_id, *_), norm in zip(rows, norms, strict=True):
                if claim_id <= self._loaded_up_to:
                    # An edited claim already in the index; new ones are read by _load_index.
                    self._norms[claim_id] = norm
                    self._index.add(claim_id, list(_parse_form(norm).index_tokens))

    def _load_index(self, on_progress: ProgressCallback | None = None) -> LexicalIndex:
        """The in-process index over every stored normal form; later calls only read the
        claims stored since (by this or another process)."""
        from factcheck.match.index import LexicalIndex

        if self._index is None:
            self._open_saved_index()
        self._normalise_missing(on_progress)
        with self.workspace.session() as session:
            # One snapshot: the new forms, and the forms replaced since the index was built
            # (by this process or another) that it holds in their older wording.
            fresh = norms_db.forms_after(session=session, claim_id=self._loaded_up_to)
            changes = norms_db.form_changes_after(session=session,
                                                  change_id=self._changes_seen)
            replaced: list[tuple[int, str]] = []
            if self._index is not None and changes:
                held = sorted({c for _, c in changes if c <= self._loaded_up_to})
                replaced.extend(norms_db.forms_of(session=session, claim_ids=held))
            state = norms_db.match_state(session=session)
        self._changes_seen = max([self._changes_seen, *(i for i, _ in changes)])
        if self._index is not None:
            for claim_id, norm in replaced:
                self._norms[claim_id] = norm
                self._index.add(claim_id, list(_parse_form(norm).index_tokens))
        entries: list[tuple[int, list[str]]] = []
        for claim_id, norm in fresh:
            # Through the parse cache: the candidates scored next (and in forked workers)
            # are then already read.
            form = _parse_form(norm)
            self._norms[claim_id] = norm
            entries.append((claim_id, list(form.index_tokens)))
            self._loaded_up_to = max(self._loaded_up_to, claim_id)
        if self._index is None:
            self._index = LexicalIndex.build(entries)
            self._all_norms = True
        else:
            for claim_id, tokens in entries:
                self._index.add(claim_id, tokens)
        self._save_index_when_due(state)
        return self._index

    # ------------------------------------------------------------------ the saved index

    def _index_path(self) -> Path | None:
        """Where the index is saved: beside an SQLite database file (other databases: not
        saved, it is built in each process)."""
        url = make_url(self.workspace.settings.db_url)
        if url.get_backend_name() != "sqlite" or not url.database \
                or url.database == ":memory:" or url.database.startswith("file:"):
            return None
        database = Path(url.database)
        return database.with_name(database.name + "-matchindex.npz")

    def _open_saved_index(self) -> None:
        """Start from the saved index when it agrees with the database: the same workspace,
        the same normaliser, every form it holds still there, and the change log reaching as
        far as it took in (later changes are read by _load_index). Anything else and it is
        ignored (and rebuilt): it is only ever a shortcut."""
        from factcheck.match.index import IndexFileError, LexicalIndex

        path = self._index_path()
        if path is None or not path.exists():
            return
        try:
            index, meta = LexicalIndex.load(path)
        except IndexFileError:
            return
        up_to = meta.get("up_to")
        if not isinstance(up_to, int):
            return
        changes = meta.get("changes")
        if not isinstance(changes, int):
            return
        with self.workspace.session() as session:
            state = norms_db.match_state(session=session)
            held = norms_db.forms_held(session=session, up_to=up_to)
            last_change = norms_db.last_form_change(session=session)
        if (state is None or meta.get("workspace") != state.workspace
                or meta.get("engine") != _engine_version(_engine())
                or [held[0], held[1]] != [meta.get("forms"), up_to]
                or changes > last_change):
            return
        self._index, self._loaded_up_to, self._saved_up_to = index, up_to, up_to
        self._changes_seen = self._saved_changes = changes
        self._all_norms = False

    def _save_index_when_due(self, state: MatchState | None) -> None:
        """Save the index when it is large and has grown (or taken in many replaced forms)
        since it was last saved: later commands then start from it."""
        index, path = self._index, self._index_path()
        if index is None or path is None or len(index) < SAVED_INDEX_MIN_CLAIMS:
            return
        due = min(SAVED_INDEX_MIN_CLAIMS, len(index) // 10)
        if self._saved_up_to and (self._loaded_up_to - self._saved_up_to < due
                                  and self._changes_seen - self._saved_changes < due):
            return
        state = state or self._workspace_state()
        if state is None:
            return
        with self.workspace.session() as session:
            forms, _ = norms_db.forms_held(session=session, up_to=self._loaded_up_to)
        try:
            index.save(path, {"workspace": state.workspace, "changes": self._changes_seen,
                              "engine": _engine_version(_engine()),
                              "up_to": self._loaded_up_to, "forms": forms})
        except OSError:
            return  # a read-only folder: the index is rebuilt next time, nothing is lost
        self._saved_up_to, self._saved_changes = self._loaded_up_to, self._changes_seen

    def _workspace_state(self) -> MatchState | None:
        """The database's identity, created with the first saved index. Two processes may
        create it at once (PostgreSQL): the one that loses reads the winner's."""
        try:
            with self.workspace.session(write=True) as session:
                state = norms_db.match_state(session=session)
                if state is None:
                    state = norms_db.add_match_state(session=session,
                                                     workspace=uuid.uuid4().hex)
                return state
        except FactcheckError:
            with self.workspace.session() as session:
                return norms_db.match_state(session=session)

    def _ensure_norms(self, claim_ids: Iterable[int]) -> None:
        """Read the stored forms of these claims that this process has not read yet."""
        if self._all_norms:
            return
        missing = sorted({i for i in claim_ids if i not in self._norms})
        if not missing:
            return
        with self.workspace.session() as session:
            self._norms.update(norms_db.forms_of(session=session, claim_ids=missing))

    def _read_all_norms(self) -> None:
        """Every stored form up to the index's end (before a run over all claims, or before
        worker processes are forked: they cannot read the database)."""
        if self._all_norms:
            return
        with self.workspace.session() as session:
            for claim_id, norm in norms_db.forms_up_to(session=session,
                                                       claim_id=self._loaded_up_to):
                self._norms.setdefault(claim_id, norm)
        self._all_norms = True

    def _normalise_missing(self, on_progress: ProgressCallback | None) -> None:
        """Claims stored before matching existed (or with matching off), or normalised by an
        older engine, get their form now."""
        version = _engine_version(_engine())
        with self.workspace.session() as session:
            # Only past what this process has read already.
            missing = norms_db.claims_without_current_form(
                session=session, after=self._loaded_up_to, engine_version=version)
            stale = norms_db.stale_rows(session=session, claim_ids=missing,
                                        engine_version=version) if missing else []
        step = BATCH_CLAIMS
        batches = [stale[start:start + step] for start in range(0, len(stale), step)]
        norms = _map(_stored_forms_batch, batches, _parallel_normalising(len(stale)))
        for number, (batch, batch_norms) in enumerate(zip(batches, norms, strict=True)):
            if on_progress:
                on_progress(number * step, len(stale), "normalising")
            with self.workspace.session(write=True) as session:
                self._write_forms(session, batch, batch_norms)

    # ------------------------------------------------------------------ finding duplicates

    def match_claims(self, claim_ids: Sequence[int],
                     on_progress: ProgressCallback | None = None, *,
                     prune: bool = False) -> MatchReport:
        """Match these stored claims against every stored claim and record the links; with
        `prune` (a rescan of every claim) undecided links not found again are dropped."""
        self._load_index(on_progress)
        report = MatchReport(claims=len(claim_ids))
        found: dict[tuple[int, int], Any] = {}
        step = BATCH_CLAIMS
        batches = [list(claim_ids[start:start + step])
                   for start in range(0, len(claim_ids), step)]
        parallel = len(claim_ids) >= PARALLEL_MIN_CLAIMS
        if parallel:
            self._read_all_norms()
        else:
            self._ensure_norms(claim_ids)
        global _WORKER_MATCHER
        _WORKER_MATCHER = self  # read by the forked workers (copy-on-write)
        try:
            parts = _map(_match_batch, batches, parallel,
                         on_progress=on_progress, step=step, label="matching")
        finally:
            _WORKER_MATCHER = None
        for pairs, compared in parts:
            report.compared += compared
            for key, result in pairs:
                found.setdefault(key, result)
        if on_progress:
            on_progress(len(claim_ids), len(claim_ids), "saving links")
        self._save_links(found, report, prune=prune)
        return report

    def _match_batch(self, claim_ids: Sequence[int]) -> tuple[list[tuple[tuple[int, int], Any]],
                                                                int]:
        index = self._index
        assert index is not None
        searched = []
        for claim_id in claim_ids:
            norm = self._norms.get(claim_id)
            if norm is not None:
                form = _parse_form(norm)
                searched.append((claim_id, form, *index.search_with_ceiling(
                    list(form.index_tokens), CANDIDATES_PER_CLAIM, exclude=(claim_id,),
                    postings_budget=MATCH_POSTINGS_BUDGET)))
        # the candidates' forms, read in one go (a no-op in workers: all are read before)
        self._ensure_norms(hit.doc_id for *_, hits, _ in searched for hit in hits)
        scored: set[tuple[int, int]] = set()
        pairs = []
        for claim_id, form, hits, self_score in searched:
            for other_id, result in self._score_candidates(claim_id, form, hits, self_score,
                                                           scored):
                pairs.append((links_db.pair_key(claim_id, other_id), result))
        return pairs, len(scored)

    def detect_all(self, on_progress: ProgressCallback | None = None) -> MatchReport:
        """Duplicate detection over every stored claim, from scratch (`dupes --rescan`)."""
        self._load_index(on_progress)
        self._read_all_norms()
        return self.match_claims(sorted(self._norms), on_progress, prune=True)

    def _score_candidates(self, claim_id: int, form: Any, hits: Sequence[Any],
                          self_score: float, scored: set[tuple[int, int]]
                          ) -> Iterator[tuple[int, Any]]:
        """The index's candidates for one claim, scored by the engine; `scored` holds the
        pairs already compared in this run (each pair is compared once, from whichever side
        comes first)."""
        language = form.language
        related = 0
        for hit in hits:
            other_norm = self._norms.get(hit.doc_id)
            key = links_db.pair_key(claim_id, hit.doc_id)
            # (the lower share first: most candidates are turned away before being read)
            if other_norm is None or key in scored or hit.score < min(
                    MIN_LEXICAL_SHARE, MIN_SAME_LANGUAGE_SHARE) * self_score:
                continue
            other = _parse_form(other_norm)
            share = MIN_LEXICAL_SHARE if other.language != language else MIN_SAME_LANGUAGE_SHARE
            if hit.score < share * self_score:
                continue
            scored.add(key)
            result = self._compare(form, other, language, other.language)
            if result.level == MatchLevel.RELATED:
                related += 1
                if related > MAX_RELATED_PER_CLAIM:
                    continue
            if result.level is not None:
                yield hit.doc_id, result

    def _compare(self, a: Any, b: Any, language_a: str | None, language_b: str | None) -> Any:
        from factcheck.match.score import MatchResult, compare

        result = compare(a, b)
        if (result.level == MatchLevel.SAME and language_a and language_b
                and language_a != language_b):
            # Without a translation model a cross-language pair is only ever a suggestion.
            return MatchResult(score=result.score, level=MatchLevel.SUGGESTED,
                               differences=list(result.differences))
        return result

    def _save_links(self, found: dict[tuple[int, int], Any], report: MatchReport, *,
                    prune: bool = False) -> None:
        with self.workspace.session(write=True) as session:
            if prune:
                # Undecided links the engine no longer makes (e.g. "related" pairs without a
                # difference, stored by an older engine); reviewer decisions stay.
                links_db.prune_undecided(session=session, keep=found)
            existing = links_db.links_from(session=session, claim_a_ids=[a for a, _ in found])
            new_rows: list[dict[str, object]] = []
            now = utcnow()
            for (a, b), result in found.items():
                level = result.level
                assert level is not None  # only pairs with a level are found
                differences = [str(d) for d in result.differences]
                report.links[level] = report.links.get(level, 0) + 1
                link = existing.get((a, b))
                if link is None:
                    new_rows.append({
                        "claim_a_id": a, "claim_b_id": b, "score": float(result.score),
                        "level": level.value, "differences": differences, "created_at": now,
                        "status": (LinkStatus.AUTO.value if level == MatchLevel.SAME
                                   else LinkStatus.OPEN.value)})
                elif link.status in (LinkStatus.AUTO.value, LinkStatus.OPEN.value):
                    # Undecided links follow the claims' current wording; a reviewer's
                    # decision (confirmed or rejected) is kept as it is.
                    link.score, link.level, link.differences = (float(result.score), level,
                                                                differences)
                    link.status = (LinkStatus.AUTO.value if level == MatchLevel.SAME
                                   else LinkStatus.OPEN.value)
            if new_rows:
                links_db.insert_links(session=session, rows=new_rows)

    # ------------------------------------------------------------------ searching by text

    def match_texts(self, queries: Sequence[Query], top_k: int = DEFAULT_TOP_K,
                    on_progress: ProgressCallback | None = None, *,
                    nearest: bool = False) -> list[QueryResult]:
        """Stored claims like each text, best first (one index for the whole batch).

        Only matches with a level (same, suggested, related) are returned; with `nearest`
        the closest other stored claims fill up to `top_k` too, with level None (retrieval,
        as CheckThat! measures it)."""
        engine = _engine()
        index = self._load_index(on_progress)
        forms = _normalise_many(engine, [qy.text for qy in queries],
                                [text_language(qy.text, None) for qy in queries])
        scored: list[list[tuple[int, Any]]] = []
        for position, (query, form) in enumerate(zip(queries, forms, strict=True)):
            if on_progress and position % 50 == 0:
                on_progress(position, len(queries), "matching")
            language = text_language(query.text, None)
            hits = index.search(list(form.index_tokens), max(top_k * 4, CANDIDATES_PER_QUERY))
            self._ensure_norms(hit.doc_id for hit in hits)
            results = []
            best = hits[0].score if hits else 1.0
            for hit in hits:
                other_norm = self._norms.get(hit.doc_id)
                if other_norm is None:
                    continue
                other = _parse_form(other_norm)
                result = self._compare(form, other, language, other.language)
                if result.level is None and not nearest:
                    continue
                results.append((hit.doc_id, result, _rank_key(result, hit.score / best)))
            results.sort(key=lambda item: -item[2])
            scored.append([(doc_id, result) for doc_id, result, _ in results[:top_k]])
        refs = self._claim_refs({doc_id for matches in scored for doc_id, _ in matches})
        out = []
        for query, matches in zip(queries, scored, strict=True):
            out.append(QueryResult(query_id=query.query_id, query=query.text, matches=[
                TextMatch(claim=refs[doc_id], score=float(result.score), level=result.level,
                          differences=[str(d) for d in result.differences])
                for doc_id, result in matches if doc_id in refs]))
        if on_progress:
            on_progress(len(queries), len(queries), "")
        return out

    # ------------------------------------------------------------------ reading links

    def duplicates(self, level: MatchLevel | None = None,
                   statuses: Iterable[LinkStatus] | None = None) -> list[DuplicatePair]:
        """Stored links, best score first; rejected ones only when asked for."""
        wanted = {str(s) for s in statuses} if statuses is not None else {
            LinkStatus.AUTO.value, LinkStatus.OPEN.value, LinkStatus.CONFIRMED.value}
        with self.workspace.session() as session:
            links = links_db.links_with_status(session=session, statuses=wanted,
                                               level=str(level) if level else None)
            refs = self._claim_refs({i for link in links
                                     for i in (link.claim_a_id, link.claim_b_id)},
                                    session=session)
        pairs = [DuplicatePair.of(link, refs) for link in links if _worth_listing(link)]
        pairs.sort(key=lambda p: (LEVELS.index(p.level), -p.score, p.a.id, p.b.id))
        return pairs

    def matches_of(self, claim_id: int) -> list[ClaimMatch]:
        """Every link of one claim (rejected ones included, so the reviewer sees them)."""
        with self.workspace.session() as session:
            links = links_db.links_of_claim(session=session, claim_id=claim_id)
            others = {link.claim_b_id if link.claim_a_id == claim_id else link.claim_a_id
                      for link in links}
            refs = self._claim_refs(others, session=session)
        matches = [ClaimMatch.of(link, refs[link.claim_b_id if link.claim_a_id == claim_id
                                            else link.claim_a_id])
                   for link in links if _worth_listing(link)]
        matches.sort(key=lambda m: (m.status == LinkStatus.REJECTED, LEVELS.index(m.level),
                                    -m.score))
        return matches

    def link_between(self, a: int, b: int) -> DuplicatePair | None:
        key = links_db.pair_key(a, b)
        with self.workspace.session() as session:
            link = links_db.get_link(session=session, key=key)
            if link is None:
                return None
            return DuplicatePair.of(link, self._claim_refs(set(key), session=session))

    def duplicate_markers(self, claim_ids: Sequence[int]) -> dict[int, MatchLevel]:
        """claim id -> its strongest live duplicate level (same or suggested), for markers;
        a confirmed link counts as same, a rejected or related one not at all."""
        markers: dict[int, MatchLevel] = {}
        wanted = set(claim_ids)
        with self.workspace.session() as session:
            for a, b, level, status in links_db.live_duplicate_links(session=session,
                                                                     claim_ids=claim_ids):
                strength = (MatchLevel.SAME if level == MatchLevel.SAME
                            or status == LinkStatus.CONFIRMED else MatchLevel.SUGGESTED)
                for claim_id in (a, b):
                    if claim_id in wanted and markers.get(claim_id) != MatchLevel.SAME:
                        markers[claim_id] = strength
        return markers

    def clusters(self) -> list[list[int]]:
        """Groups of claims joined by automatic (`same`) or confirmed links."""
        with self.workspace.session() as session:
            return self._clusters(session).groups()

    def cluster_of(self, claim_id: int) -> list[int]:
        with self.workspace.session() as session:
            return self._clusters(session).members(claim_id)

    @staticmethod
    def _clusters(session: Session) -> DisjointSets:
        # (imported here: importing factcheck.match loads the engine)
        from factcheck.match.clusters import DisjointSets

        return DisjointSets(links_db.cluster_edges(session=session))

    # ------------------------------------------------------------------ reviewer decisions

    def confirm(self, a: int, b: int, *, reviewer: str | None = None,
                force: bool = True) -> DuplicatePair:
        """Confirm two claims as one. The returned pair says whether the matcher had paired
        them (`matched`) and what differs; without `force` a pair that differs in a checkable
        fact (a guard failed) is refused and nothing is written."""
        return self._decide(a, b, LinkStatus.CONFIRMED, reviewer, force=force)

    def reject(self, a: int, b: int, *, reviewer: str | None = None) -> DuplicatePair:
        return self._decide(a, b, LinkStatus.REJECTED, reviewer)

    def _decide(self, a: int, b: int, status: LinkStatus,
                reviewer: str | None, *, force: bool = True) -> DuplicatePair:
        if a == b:
            raise FactcheckError(f"claim {a} cannot be a duplicate of itself")
        key = links_db.pair_key(a, b)
        with self.workspace.session(write=True) as session:
            for claim_id in key:
                q.get_claim(session=session, claim_id=claim_id)
            link = links_db.get_link(session=session, key=key)
            matched = link is not None
            if link is None:
                # A reviewer may link (or keep apart) claims the matcher did not pair: the
                # engine still says how alike they are and what differs.
                result = self._compare_stored(session, key)
                link = DuplicateLink(claim_a_id=key[0], claim_b_id=key[1],
                                     score=float(result.score),
                                     level=result.level or MatchLevel.SUGGESTED,
                                     differences=[str(d) for d in result.differences])
                session.add(link)
            if not force and link.differences and status is LinkStatus.CONFIRMED:
                raise FactcheckError(
                    f"claims {key[0]} and {key[1]} differ in: {'; '.join(link.differences)}; "
                    "not confirmed (use --force if they are the same claim all the same)")
            link.status = status.value
            link.decided_by = reviewer or self.workspace.settings.reviewer
            link.decided_at = utcnow()
            session.flush()
            return DuplicatePair.of(link, self._claim_refs(set(key), session=session),
                                    matched=matched)

    def _compare_stored(self, session: Session, key: tuple[int, int]) -> Any:
        """The engine's verdict on two stored claims (their stored forms, else their text)."""
        stale = {row[0]: row for row in norms_db.stale_rows(
            session=session, claim_ids=key, engine_version=_engine_version(_engine()))}
        forms: dict[int, Any] = {claim_id: _parse_form(_stored_forms_batch([row])[0])
                                 for claim_id, row in stale.items()}
        for claim_id, norm in norms_db.forms_of(
                session=session, claim_ids=[i for i in key if i not in stale]):
            forms[claim_id] = _parse_form(norm)
        first, second = forms[key[0]], forms[key[1]]
        return self._compare(first, second, first.language, second.language)

    def earlier_verdict(self, claim_id: int) -> EarlierVerdict | None:
        """The newest verdict given to another claim of this claim's cluster, if any."""
        members = [m for m in self.cluster_of(claim_id) if m != claim_id]
        return self._newest_verdict(members)

    def verdict_of(self, claim_id: int) -> EarlierVerdict | None:
        """The claim's own current verdict in the reuse shape (for the compare view)."""
        return self._newest_verdict([claim_id])

    def _newest_verdict(self, claim_ids: Sequence[int]) -> EarlierVerdict | None:
        if not claim_ids:
            return None
        with self.workspace.session() as session:
            best: Verdict | None = None
            for claim_id in claim_ids:
                verdict = q.latest_verdict(session=session, claim_id=claim_id)
                if verdict is not None and verdict.rating and (
                        best is None or (verdict.id or 0) > (best.id or 0)):
                    best = verdict
            if best is None:
                return None
            ref = self._claim_refs({best.claim_id}, session=session)[best.claim_id]
            return EarlierVerdict(claim=ref, rating=best.rating or "", rationale=best.rationale,
                                  reviewer=best.reviewer, created_at=best.created_at)

    def reuse_verdict(self, claim_id: int, from_claim_id: int, *,
                      reviewer: str | None = None,
                      expected_version: int | None = None) -> VerdictInfo:
        """Give `claim_id` the current verdict of `from_claim_id`, recorded as reused from it;
        an undecided link between the two counts as confirmed by that."""
        if claim_id == from_claim_id:
            raise FactcheckError(f"claim {claim_id} cannot reuse its own verdict")
        source = self.verdict_of(from_claim_id)
        if source is None:
            raise FactcheckError(f"claim {from_claim_id} has no verdict to reuse")
        verdict = self.reviews.set_verdict(claim_id, source.rating, rationale=source.rationale,
                                        reviewer=reviewer, expected_version=expected_version,
                                        reused_from_claim_id=from_claim_id)
        with self.workspace.session(write=True) as session:
            link = links_db.get_link(session=session,
                                     key=links_db.pair_key(claim_id, from_claim_id))
            if link is not None and link.status in (LinkStatus.OPEN.value,
                                                    LinkStatus.AUTO.value):
                link.status = LinkStatus.CONFIRMED.value
                link.decided_by = reviewer or self.workspace.settings.reviewer
                link.decided_at = utcnow()
        return verdict

    # ------------------------------------------------------------------ helpers

    def _claim_refs(self, claim_ids: set[int],
                    session: Session | None = None) -> dict[int, ClaimRef]:
        if session is None:
            with self.workspace.session() as own:
                return self._claim_refs(claim_ids, session=own)
        return {row[0]: ClaimRef(*row)
                for row in links_db.claim_ref_rows(session=session, claim_ids=claim_ids)}


def _worth_listing(link: DuplicateLink) -> bool:
    """A "related" link says what differs; one without differences (stored by an older
    engine, before `dupes --rescan` drops it) is no duplicate at any level. A reviewer's
    decision is always listed."""
    return (link.level != MatchLevel.RELATED or bool(link.differences)
            or link.status in (LinkStatus.CONFIRMED.value, LinkStatus.REJECTED.value))


def _rank_key(result: Any, lexical: float) -> float:
    """Order of matches for a text: `same` first, then `suggested`, then the rest; within a
    level mostly the lexical (BM25) rank with the fuzzy score as a re-ranker. On CheckThat!
    2022 the fuzzy score alone ranked the BM25 candidates clearly worse (MAP@5 0.79 against
    0.87): it breaks near-ties only. (BM25 favours short claims: without the level first, a
    short Korean claim suggested across languages outranked the very same English text.)"""
    level = _RANK_BY_LEVEL.get(result.level, 0.0) if result.level is not None else 0.0
    return level + RANK_LEXICAL_WEIGHT * 100 * lexical + (
        1 - RANK_LEXICAL_WEIGHT) * float(result.score)


_RANK_BY_LEVEL = {MatchLevel.SAME: 2000.0, MatchLevel.SUGGESTED: 1000.0}
# The matcher the forked workers use (set around a parallel run).
_WORKER_MATCHER: MatchingService | None = None


def _parallel_normalising(count: int) -> bool:
    """Both cores for a large backlog (kiwipiepy then loads in each worker): only when this
    process has not loaded it, as its analyser must not be shared across a fork."""
    return count >= PARALLEL_MIN_CLAIMS and not _engine().kiwi_loaded()


def _stored_forms_batch(rows: Sequence[StaleRow]) -> list[str]:
    """The normal forms of these rows as stored (text: cheaper to send back from a worker
    process than the form objects, and what the database keeps)."""
    return [form.to_text() for form in _normalise_many(
        _engine(), [r[1] for r in rows], [text_language(r[1], r[2]) for r in rows],
        [r[3] for r in rows])]


def _match_batch(claim_ids: Sequence[int]) -> tuple[list[tuple[tuple[int, int], Any]], int]:
    assert _WORKER_MATCHER is not None
    return _WORKER_MATCHER._match_batch(claim_ids)


def _map(func: Callable[[Any], Any], batches: Sequence[Any], parallel: bool, *,
         on_progress: ProgressCallback | None = None, step: int = 1,
         label: str = "") -> list[Any]:
    """func over the batches, in order; on two cores or more (and where processes fork) a
    large run uses a worker per core. Workers only compute: every write stays here."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    results: list[Any] = []
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


@lru_cache(maxsize=200_000)
def _parse_form(norm: str) -> Any:
    """A stored normal form read back (cached: candidates recur across queries)."""
    from factcheck.match.normalise import NormalForm

    return NormalForm.from_text(norm)


def _engine() -> Any:
    """The normaliser module (imported late: it pulls in the word lists)."""
    return importlib.import_module("factcheck.match.normalise")


def _engine_version(engine: Any) -> str:
    return str(engine.NORMAL_FORM_VERSION)


def _normalise_many(engine: Any, texts: Sequence[str], languages: Sequence[str],
                    speakers: Sequence[str | None] | None = None) -> list[Any]:
    return list(engine.normalise_many(list(texts), list(languages),
                                      list(speakers) if speakers is not None else None))
