"""Duplicate claims: finding them, the links between claims, clusters, decisions, reuse.

The links service. The scoring itself (normalisation, guards, levels) is the match engine's
(`factcheck.match.normalise` / `factcheck.match.score`); the stored normal forms and the
candidate index over them are the MatchIndex's (services/index.py). This module scores the
index's candidates, stores the links it finds, lists them and runs the reviewer's decisions.
The engine is imported lazily: `import factcheck.services` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from factcheck.errors import FactcheckError
from factcheck.io.queries import Query, read_queries
from factcheck.models import (
    DuplicateLink,
    LinkStatus,
    MatchLevel,
    Verdict,
    utcnow,
)
from factcheck.services.index import MatchIndex, ProgressCallback, parse_form, text_language
from factcheck.services.results import VerdictInfo, iso
from factcheck.services.reviews import Reviews
from factcheck.services.vectors import ClaimVectors
from factcheck.services.workspace import Workspace
from factcheck.store import links as links_db
from factcheck.store import queries as q

if TYPE_CHECKING:
    import numpy as np

    from factcheck.match.clusters import DisjointSets
    from factcheck.match.index import Hit
    from factcheck.match.normalise import NormalForm
    from factcheck.match.score import MatchResult

__all__ = [
    "ClaimMatch",
    "ClaimRef",
    "DuplicatePair",
    "EarlierVerdict",
    "MatchReport",
    "MatchingService",
    "Query",
    "QueryResult",
    "TextMatch",
    "read_queries",
]

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
# Candidates scored per text for `factcheck match`.
CANDIDATES_PER_QUERY = 20
# Candidates by meaning, beside the lexical ones: the nearest stored claims by sentence
# vector, down to this cosine (unrelated claims stay below 0.3, paraphrases and
# translations of one claim rarely fall below 0.5). Cross-language candidates come from here.
VECTOR_CANDIDATES_PER_CLAIM = 8
VECTOR_CANDIDATES_PER_QUERY = 20
MIN_VECTOR_COSINE = 0.45
# `factcheck match`: share of the BM25 rank in the order of matches (the rest: fuzzy score).
RANK_LEXICAL_WEIGHT = 0.8
# `factcheck match` with sentence vectors: the shares of the BM25 rank and of the cosine in
# the order of matches (chosen on CheckThat! 2022, the development set; 2020 is reported).
RANK_LEXICAL_SHARE_WITH_VECTORS = 0.5
RANK_SEMANTIC_SHARE = 0.5
# `factcheck match`: how many matches to show by default.
DEFAULT_TOP_K = 5
# Levels, best first; "related" pairs failed a guard and are never duplicates.
LEVELS = tuple(MatchLevel)
DUPLICATE_LEVELS = (MatchLevel.SAME, MatchLevel.SUGGESTED)


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
    # The reviewer who confirmed or rejected the pair (None: undecided, or the matcher's).
    decided_by: str | None = None
    decided_at: datetime | None = None

    @classmethod
    def of(cls, link: DuplicateLink, other: ClaimRef) -> ClaimMatch:
        return cls(other=other, score=link.score, level=MatchLevel(link.level),
                   status=LinkStatus(link.status), differences=list(link.differences or []),
                   decided_by=link.decided_by, decided_at=link.decided_at)

    def as_json(self) -> dict[str, Any]:
        return {**self.other.as_json(), "score": round(self.score, 1),
                "level": self.level.value, "status": self.status.value,
                "differences": list(self.differences), "decided_by": self.decided_by,
                "decided_at": iso(self.decided_at)}


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

    def as_json(self) -> dict[str, Any]:
        return {"claim_id": self.claim.id, "rating": self.rating, "reviewer": self.reviewer,
                "created_at": self.created_at.isoformat()}

    def describe(self) -> str:
        return (f"checked before: {self.rating}, by {self.reviewer}, on "
                f"{self.created_at.date().isoformat()} (claim {self.claim.label})")


@dataclass(frozen=True)
class UnmatchedClaims:
    """Claims without duplicate matching: `cut_short` were stored by an import whose matching
    did not finish (the next import finishes it), `never_normalised` were stored with
    matching off or before it existed (`dupes --rescan` matches them)."""

    cut_short: int
    never_normalised: int

    @property
    def total(self) -> int:
        return self.cut_short + self.never_normalised

    def describe(self) -> str:
        parts = []
        if self.cut_short:
            parts.append(f"{self.cut_short} from an import whose matching was cut short (the "
                         "next import finishes them)")
        if self.never_normalised:
            parts.append(f"{self.never_normalised} stored with matching off")
        return (f"{self.total} claim{'s' if self.total != 1 else ''} not matched for duplicates "
                f"yet: {'; '.join(parts)}; `factcheck dupes --rescan` matches them now")


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
    """Duplicate links of one workspace: found (from the MatchIndex's candidates), listed,
    decided by reviewers, and the clusters and verdict reuse they make."""

    def __init__(self, workspace: Workspace, reviews: Reviews, index: MatchIndex,
                 vectors: ClaimVectors) -> None:
        self.workspace = workspace
        self.reviews = reviews
        self.index = index
        self.vectors = vectors

    def warm_up(self, items: Sequence[tuple[str, str | None, str | None]]) -> None:
        """See MatchIndex.warm_up: what normalising texts about to be stored needs, loaded
        before the write transaction that stores them."""
        self.index.warm_up(items)

    def store_normal_forms(self, *, session: Session, claim_ids: Sequence[int]) -> list[int]:
        """The claims' normal forms stored in the caller's transaction (MatchIndex), and the
        claims noted as waiting for matching until `match_claims` has stored their links.
        A claim whose text changed loses its old vector (it waits for a new one)."""
        links_db.queue_matching(session=session, claim_ids=claim_ids)
        recomputed = self.index.store_normal_forms(session=session, claim_ids=claim_ids)
        self.vectors.forget(session=session, claim_ids=recomputed)
        return recomputed

    def embed_waiting(self, on_progress: ProgressCallback | None = None) -> MatchReport | None:
        """Vectors for every claim that lacks one (imported with the encoder off, stored by an
        older version, edited), then those claims matched again with them: None when none
        waited."""
        waiting = self.vectors.waiting_ids()
        if not waiting:
            return None
        return self.match_claims(waiting, on_progress)

    def finish_pending(self, on_progress: ProgressCallback | None = None) -> MatchReport | None:
        """Match the claims an earlier run stored but did not get to match (its process was
        killed, or the machine stopped): None when there were none."""
        with self.workspace.session() as session:
            pending = links_db.pending_claim_ids(session=session)
        if not pending:
            return None
        return self.match_claims(pending, on_progress)

    def unmatched(self) -> UnmatchedClaims:
        """How many claims have no duplicate matching yet, and why."""
        with self.workspace.session() as session:
            cut_short, without_form = links_db.unmatched_counts(session=session)
        return UnmatchedClaims(cut_short=cut_short, never_normalised=without_form)

    # ------------------------------------------------------------------ finding duplicates

    def match_claims(self, claim_ids: Sequence[int],
                     on_progress: ProgressCallback | None = None, *,
                     prune: bool = False) -> MatchReport:
        """Match these stored claims against every stored claim and record the links; with
        `prune` (a rescan of every claim) undecided links not found again are dropped."""
        self.vectors.embed_waiting(claim_ids, on_progress)
        self.index.load(on_progress)
        self.vectors.load(on_progress)
        report = MatchReport(claims=len(claim_ids))
        found: dict[tuple[int, int], MatchResult] = {}
        global _WORKER_MATCHER
        _WORKER_MATCHER = self  # read by the forked workers (copy-on-write)
        try:
            parts = self.index.run_over_claims(_match_batch, claim_ids,
                                               on_progress=on_progress, label="matching")
        finally:
            _WORKER_MATCHER = None
        for pairs, compared in parts:
            report.compared += compared
            for key, result in pairs:
                found.setdefault(key, result)
        if on_progress:
            on_progress(len(claim_ids), len(claim_ids), "saving links")
        self._save_links(found, report, matched=None if prune else claim_ids, prune=prune)
        return report

    def _match_batch(self, claim_ids: Sequence[int]) -> _BatchPairs:
        index, norms = self.index.lexical, self.index.norms
        own_vectors = self.vectors.vectors_of(claim_ids)
        searched = []
        for claim_id in claim_ids:
            norm = norms.get(claim_id)
            if norm is not None:
                form = parse_form(norm)
                hits, self_score = index.search_with_ceiling(
                    list(form.index_tokens), CANDIDATES_PER_CLAIM, exclude=(claim_id,),
                    postings_budget=MATCH_POSTINGS_BUDGET)
                vector = own_vectors.get(claim_id)
                near = self.vectors.nearest(vector, VECTOR_CANDIDATES_PER_CLAIM,
                                            min_cosine=MIN_VECTOR_COSINE,
                                            exclude=(claim_id,)) if vector is not None else []
                searched.append((claim_id, form, hits, self_score, near))
        # the candidates' forms and vectors, read in one go (a no-op in workers for the
        # forms: all are read before)
        candidate_ids = {hit.doc_id for _, _, hits, _, _ in searched for hit in hits} | {
            other for *_, near in searched for other, _ in near}
        self.index.ensure_norms(candidate_ids)
        other_vectors = self.vectors.vectors_of(sorted(candidate_ids)) if own_vectors else {}
        scored: set[tuple[int, int]] = set()
        pairs = []
        for claim_id, form, hits, self_score, near in searched:
            for other_id, result in self._score_candidates(
                    claim_id, form, hits, self_score, near, scored,
                    own_vectors.get(claim_id), other_vectors):
                pairs.append((links_db.pair_key(claim_id, other_id), result))
        return pairs, len(scored)

    def detect_all(self, on_progress: ProgressCallback | None = None) -> MatchReport:
        """Duplicate detection over every stored claim, from scratch (`dupes --rescan`)."""
        self.index.load(on_progress)
        return self.match_claims(self.index.claim_ids(), on_progress, prune=True)

    def _score_candidates(self, claim_id: int, form: NormalForm, hits: Sequence[Hit],
                          self_score: float, near: Sequence[tuple[int, float]],
                          scored: set[tuple[int, int]], vector: np.ndarray | None,
                          other_vectors: dict[int, np.ndarray]
                          ) -> Iterator[tuple[int, MatchResult]]:
        """The candidates for one claim (the lexical index's and the nearest by meaning),
        scored by the engine; `scored` holds the pairs already compared in this run (each
        pair is compared once, from whichever side comes first)."""
        language = form.language
        related = 0
        norms = self.index.norms
        candidates: list[int] = []
        for hit in hits:
            # (the lower share first: most candidates are turned away before being read)
            if hit.score < min(MIN_LEXICAL_SHARE, MIN_SAME_LANGUAGE_SHARE) * self_score:
                continue
            other_norm = norms.get(hit.doc_id)
            if other_norm is None:
                continue
            share = (MIN_LEXICAL_SHARE if parse_form(other_norm).language != language
                     else MIN_SAME_LANGUAGE_SHARE)
            if hit.score >= share * self_score:
                candidates.append(hit.doc_id)
        candidates.extend(other for other, _ in near)
        for other_id in candidates:
            key = links_db.pair_key(claim_id, other_id)
            other_norm = norms.get(other_id)
            if other_norm is None or key in scored:
                continue
            scored.add(key)
            other = parse_form(other_norm)
            result = self._compare(form, other, language, other.language,
                                   _cosine(vector, other_vectors.get(other_id)))
            if result.level == MatchLevel.RELATED:
                related += 1
                if related > MAX_RELATED_PER_CLAIM:
                    continue
            if result.level is not None:
                yield other_id, result

    @staticmethod
    def _compare(a: NormalForm, b: NormalForm, language_a: str | None,
                 language_b: str | None, semantic: float | None = None, *,
                 query: bool = False) -> MatchResult:
        from factcheck.match.score import MatchResult, compare

        result = compare(a, b, semantic=semantic, query=query)
        if (result.level == MatchLevel.SAME and language_a and language_b
                and language_a != language_b):
            # Claims in two languages are only ever a suggestion: a reviewer decides.
            return MatchResult(score=result.score, level=MatchLevel.SUGGESTED,
                               differences=list(result.differences))
        return result

    def _save_links(self, found: dict[tuple[int, int], MatchResult], report: MatchReport, *,
                    matched: Sequence[int] | None, prune: bool = False) -> None:
        """Store the links found for the `matched` claims (None: for every claim) and, in the
        same transaction, take those claims off the waiting list. Another matcher storing
        some of the same pairs at once (two imports, two rescans) leaves one row per pair."""

        def save(session: Session) -> dict[MatchLevel, int]:
            links_db.matching_done(session=session, claim_ids=matched)
            if prune:
                # Undecided links the engine no longer makes (e.g. "related" pairs without a
                # difference, stored by an older engine); reviewer decisions stay.
                links_db.prune_undecided(session=session, keep=found)
            existing = links_db.links_from(session=session, claim_a_ids=[a for a, _ in found])
            new_rows: list[dict[str, object]] = []
            counts: dict[MatchLevel, int] = {}
            now = utcnow()
            # (in pair order: two matchers writing overlapping pairs take their row locks in
            # the same order, so they cannot deadlock)
            for (a, b), result in sorted(found.items()):
                level = result.level
                assert level is not None  # only pairs with a level are found
                differences = [str(d) for d in result.differences]
                counts[level] = counts.get(level, 0) + 1
                status = (LinkStatus.AUTO.value if level == MatchLevel.SAME
                          else LinkStatus.OPEN.value)
                link = existing.get((a, b))
                if link is None:
                    new_rows.append({
                        "claim_a_id": a, "claim_b_id": b, "score": float(result.score),
                        "level": level.value, "differences": differences, "created_at": now,
                        "status": status})
                elif link.status in links_db.UNDECIDED and (
                        link.score, link.level, link.differences, link.status) != (
                        float(result.score), level, differences, status):
                    # Undecided links follow the claims' current wording; a reviewer's
                    # decision (confirmed or rejected), also one made meanwhile, is kept.
                    links_db.update_undecided_link(
                        session=session, link_id=link.id or 0,
                        values={"score": float(result.score), "level": level.value,
                                "differences": differences, "status": status})
            links_db.insert_links(session=session, rows=new_rows)
            return counts

        for level, count in self.workspace.write_retrying(save).items():
            report.links[level] = report.links.get(level, 0) + count

    # ------------------------------------------------------------------ searching by text

    def match_texts(self, queries: Sequence[Query], top_k: int = DEFAULT_TOP_K,
                    on_progress: ProgressCallback | None = None, *,
                    nearest: bool = False) -> list[QueryResult]:
        """Stored claims like each text, best first (one index for the whole batch).

        Only matches with a level (same, suggested, related) are returned; with `nearest`
        the closest other stored claims fill up to `top_k` too, with level None (retrieval,
        as CheckThat! measures it)."""
        from factcheck.match.normalise import normalise_many
        from factcheck.match.query_text import query_text

        index = self.index.load(on_progress)
        vectors = self.vectors.load(on_progress)
        norms = self.index.norms
        texts = [query_text(qy.text) for qy in queries]
        forms = normalise_many(texts, [text_language(text, None) for text in texts])
        query_vectors = (self.vectors.encode(texts)
                         if vectors is not None and len(vectors) else None)
        scored: list[list[tuple[int, MatchResult]]] = []
        for position, (query, form) in enumerate(zip(queries, forms, strict=True)):
            if on_progress and position % 50 == 0:
                on_progress(position, len(queries), "matching")
            language = text_language(query.text, None)
            hits = index.search(list(form.index_tokens), max(top_k * 4, CANDIDATES_PER_QUERY))
            lexical = {hit.doc_id: hit.score for hit in hits}
            best = hits[0].score if hits else 1.0
            vector = query_vectors[position] if query_vectors is not None else None
            near = dict(self.vectors.nearest(vector, max(top_k * 4, VECTOR_CANDIDATES_PER_QUERY),
                                             min_cosine=MIN_VECTOR_COSINE)
                        ) if vector is not None else {}
            candidate_ids = list(lexical) + [i for i in near if i not in lexical]
            self.index.ensure_norms(candidate_ids)
            other_vectors = self.vectors.vectors_of(candidate_ids) if vector is not None else {}
            results = []
            for doc_id in candidate_ids:
                other_norm = norms.get(doc_id)
                if other_norm is None:
                    continue
                other = parse_form(other_norm)
                semantic = _cosine(vector, other_vectors.get(doc_id))
                result = self._compare(form, other, language, other.language, semantic,
                                       query=True)
                if result.level is None and not nearest:
                    continue
                results.append((doc_id, result,
                                _rank_key(result, lexical.get(doc_id, 0.0) / best, semantic)))
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

        def decide(session: Session) -> DuplicatePair:
            for claim_id in key:
                q.get_claim(session=session, claim_id=claim_id)
            # (locked: two reviewers deciding on one pair at once write one after the other;
            # a matcher storing the pair meanwhile makes the insert below fail, and the next
            # attempt finds its row)
            link = links_db.get_link(session=session, key=key, lock=True)
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
            link.decided_by = self.workspace.reviewer(reviewer)
            link.decided_at = utcnow()
            session.flush()
            return DuplicatePair.of(link, self._claim_refs(set(key), session=session),
                                    matched=matched)

        return self.workspace.write_retrying(decide)

    def _compare_stored(self, session: Session, key: tuple[int, int]) -> MatchResult:
        """The engine's verdict on two stored claims (their stored forms, else their text)."""
        forms = self.index.current_forms(session=session, claim_ids=key)
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
            # (locked and read afresh: a reviewer's decision made meanwhile is kept)
            link = links_db.get_link(session=session,
                                     key=links_db.pair_key(claim_id, from_claim_id), lock=True)
            if link is not None and link.status in (LinkStatus.OPEN.value,
                                                    LinkStatus.AUTO.value):
                link.status = LinkStatus.CONFIRMED.value
                link.decided_by = self.workspace.reviewer(reviewer)
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


def _rank_key(result: MatchResult, lexical: float, semantic: float | None) -> float:
    """Order of matches for a text: `same` first, then by the evidence: the lexical (BM25)
    rank and the cosine of the sentence vectors, with the fuzzy score breaking near-ties. A
    suggestion is not put before a related claim by its level: on CheckThat! 2022 (the
    development set) that put other suggested claims before the one a post repeats (MAP@5
    0.84 against 0.91). Without vectors the fuzzy score re-ranks the BM25 rank (alone it
    ranked clearly worse, MAP@5 0.79 against 0.87)."""
    level = _RANK_BY_LEVEL.get(result.level, 0.0) if result.level is not None else 0.0
    if semantic is None:
        return level + RANK_LEXICAL_WEIGHT * 100 * lexical + (
            1 - RANK_LEXICAL_WEIGHT) * float(result.score)
    return level + 100 * (RANK_LEXICAL_SHARE_WITH_VECTORS * lexical
                          + RANK_SEMANTIC_SHARE * semantic) + 0.05 * float(result.score)


def _cosine(a: np.ndarray | None, b: np.ndarray | None) -> float | None:
    """The cosine of two claims' unit vectors, None unless both have one."""
    if a is None or b is None:
        return None
    return float(a @ b)


_RANK_BY_LEVEL = {MatchLevel.SAME: 2000.0}
# What one batch of a matching run finds: the pairs with their results, and how many pairs
# it compared.
_BatchPairs = tuple[list[tuple[tuple[int, int], "MatchResult"]], int]
# The matcher the forked workers use (set around a parallel run).
_WORKER_MATCHER: MatchingService | None = None


def _match_batch(claim_ids: Sequence[int]) -> _BatchPairs:
    """One batch of a matching run (in a worker process when the run is large)."""
    assert _WORKER_MATCHER is not None
    return _WORKER_MATCHER._match_batch(claim_ids)

