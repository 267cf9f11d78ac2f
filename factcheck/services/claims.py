"""Reading claims: the filtered, paged list the CLI and the review table show, one claim's
detail, and the counts behind the progress line."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlmodel import col

from factcheck.errors import FactcheckError
from factcheck.models import REVIEW_STATUSES, Article, ClaimStatus
from factcheck.services.results import (
    ClaimChangeInfo,
    ClaimDetail,
    Progress,
    SourceInfo,
    VerdictInfo,
    iso,
)
from factcheck.services.workspace import Workspace
from factcheck.store import queries as q
from factcheck.store.queries import ClaimFilter, ClaimRow


class Claims:
    """Read-only views of the stored claims; each method is one unit of work."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def list_claims(self, flt: ClaimFilter | None = None, *, limit: int | None = None,
                    offset: int = 0) -> list[ClaimRow]:
        self.check_article_ref(flt)
        with self.workspace.session() as session:
            return q.list_claim_rows(session=session, flt=flt or ClaimFilter(), limit=limit,
                                     offset=offset)

    def count_claims(self, flt: ClaimFilter | None = None) -> int:
        with self.workspace.session() as session:
            return q.count_claim_rows(session=session, flt=flt or ClaimFilter())

    def claim_records(self, flt: ClaimFilter | None = None) -> list[dict[str, Any]]:
        """Claims as JSON-ready dicts with their sources (the `claims list --json` contract)."""
        self.check_article_ref(flt)
        with self.workspace.session() as session:
            rows = q.list_claim_rows(session=session, flt=flt or ClaimFilter())
            sources = q.sources_by_claim(session=session, claim_ids=[r.id for r in rows])
        records = []
        for row in rows:
            record = row_record(row)
            record["sources"] = [SourceInfo.of(s).as_json() for s in sources.get(row.id, [])]
            records.append(record)
        return records

    def claim_detail(self, claim_id: int) -> ClaimDetail:
        with self.workspace.session() as session:
            claim = q.get_claim(session=session, claim_id=claim_id)
            rows = q.list_claim_rows(session=session, flt=ClaimFilter(claim_ids=(claim_id,)))
            sources = q.sources_by_claim(session=session, claim_ids=[claim_id],
                                         include_retracted=True).get(claim_id, [])
            history = q.verdict_history(session=session, claim_id=claim_id)
            article = session.get(Article, claim.article_id)
            return ClaimDetail(
                row=rows[0], tags=list(claim.tags or []),
                sources=[SourceInfo.of(s) for s in sources if s.retracted_at is None],
                history=[VerdictInfo.of(v, claim.version) for v in history],
                retracted_sources=[SourceInfo.of(s) for s in sources
                                   if s.retracted_at is not None],
                imported_by=claim.imported_by, imported_at=claim.created_at,
                article_imported_by=article.imported_by if article is not None else None,
                changes=[ClaimChangeInfo.of(c)
                         for c in q.claim_changes(session=session, claim_id=claim_id)])

    def progress(self) -> Progress:
        with self.workspace.session() as session:
            counts = q.count_by_status(session=session)
        total = sum(counts.get(s.value, 0) for s in REVIEW_STATUSES)
        return Progress(reviewed=counts.get(ClaimStatus.REVIEWED.value, 0), total=total)

    def article_refs(self) -> list[str]:
        with self.workspace.session() as session:
            stmt = (select(col(Article.ref)).where(col(Article.ref).is_not(None))
                    .order_by(col(Article.id)))
            return [ref for (ref,) in session.execute(stmt)]

    def claim_languages(self) -> list[str]:
        with self.workspace.session() as session:
            return q.claim_languages(session=session)

    def claim_position(self, claim_id: int, flt: ClaimFilter | None = None) -> int | None:
        """Where the claim sits in `list_claims(flt)` (for paging), or None if filtered out."""
        with self.workspace.session() as session:
            return q.claim_position(session=session, flt=flt or ClaimFilter(), claim_id=claim_id)

    def next_open_claim(self, after_id: int, flt: ClaimFilter | None = None) -> int | None:
        """The next claim still to review (unreviewed or in review) after `after_id`, wrapping
        around to the first; None when every claim in the filter is reviewed."""
        open_statuses = [ClaimStatus.UNREVIEWED.value, ClaimStatus.IN_REVIEW.value]
        with self.workspace.session() as session:
            for start in (after_id, 0):
                found = q.next_claim_id(session=session, flt=flt or ClaimFilter(),
                                        after_id=start, statuses=open_statuses)
                if found is not None:
                    return found
        return None

    def check_article_ref(self, flt: ClaimFilter | None) -> None:
        """An unknown --article is a typo more often than an empty article: say so."""
        if flt is None or not flt.article_ref:
            return
        refs = self.article_refs()
        if flt.article_ref in refs:
            return
        best = process.extractOne(flt.article_ref, refs, scorer=fuzz.WRatio, score_cutoff=60)
        hint = f'; did you mean "{best[0]}"?' if best else ""
        raise FactcheckError(f'no article with ref "{flt.article_ref}"{hint}')


def row_record(row: ClaimRow) -> dict[str, Any]:
    """A claim row as JSON-ready values (dates as ISO strings)."""
    return {key: (iso(value) if isinstance(value, date | datetime) else value)
            for key, value in asdict(row).items()}
