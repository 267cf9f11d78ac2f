"""Exporting verdicts: CSV (one row per claim) into exports/ or a given path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from factcheck.errors import FactcheckError
from factcheck.fetch import link_is_dead
from factcheck.io import claimreview as cr
from factcheck.io.csv_export import write_csv
from factcheck.models import RATING_VALUES, Rating, ReviewState
from factcheck.services.claims import Claims
from factcheck.services.desk import DeskKey, DeskSettings, ReusedVerdicts, review_url
from factcheck.services.results import ExportResult, SourceInfo
from factcheck.services.workspace import Workspace
from factcheck.store import queries as q
from factcheck.store.queries import ClaimFilter


class Exports:
    def __init__(self, workspace: Workspace, claims: Claims, desk: DeskSettings) -> None:
        self.workspace = workspace
        self.claims = claims
        self.desk = desk

    def export_csv(self, out: Path | None = None, flt: ClaimFilter | None = None, *,
                   excel: bool = False, raw: bool = False,
                   include_proposed: bool = False) -> ExportResult:
        """One row per claim. Under second review a verdict not approved yet is left out of
        its row (the claim is listed without it) unless `include_proposed`; the review_state
        column says where each verdict stands."""
        flt = flt or ClaimFilter()
        second_review = self.desk.values().second_review
        self.claims.check_article_ref(flt)
        if out is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            out = self.workspace.settings.exports_dir / f"verdicts-{stamp}.csv"
        with self.workspace.session() as session:
            rows = q.list_claim_rows(session=session, flt=flt)
            if flt == ClaimFilter():
                sources = q.all_sources_by_claim(session=session)
            else:
                sources = q.sources_by_claim(session=session, claim_ids=[r.id for r in rows])

        def csv_rows() -> Iterator[tuple[Any, ...]]:
            for r in rows:
                live = sources.get(r.id, [])
                shown = r.verdict is not None and (
                    not second_review or include_proposed
                    or r.review_state == ReviewState.APPROVED.value)
                verdict = r.verdict if shown else None
                rating_value = RATING_VALUES.get(Rating(verdict)) if verdict else None
                yield (r.id, r.article_ref, r.article_title, r.article_url, r.outlet,
                       r.published, r.claim_ref, r.text, r.speaker, r.language, r.status,
                       verdict, rating_value, r.rationale if shown else None,
                       r.reviewer if shown else None, r.reviewed_at if shown else None,
                       len(live), " | ".join(s.url for s in live),
                       " | ".join(s.stance for s in live),
                       " | ".join(s.url for s in live if link_is_dead(s.http_status, s.error)),
                       " | ".join(SourceInfo.of(s).check_label for s in live),
                       r.review_state if second_review and r.verdict else None,
                       r.assignee)

        try:
            count = write_csv(out, csv_rows(), excel=excel, raw=raw)
        except OSError as exc:
            raise FactcheckError(f"{out}: cannot write export: {exc.strerror or exc}") from None
        return ExportResult(path=out, rows=count)


    def export_claimreview(self, out: Path | None = None, flt: ClaimFilter | None = None, *,
                           feed: bool = False, include_proposed: bool = False) -> ExportResult:
        """One schema.org ClaimReview per claim with a verdict (JSON-LD list, or a DataFeed
        with `feed`), under the desk's organisation and review URL template; refused with one
        line naming the setting when one is missing. Under second review only approved
        verdicts are published, unless `include_proposed` (those are marked
        creativeWorkStatus Draft). Google's rules are checked and returned as warnings (the
        file is written all the same)."""
        values = self.desk.values()
        publisher = cr.Publisher(name=values.required(DeskKey.ORG_NAME),
                                 url=values.required(DeskKey.ORG_URL))
        template = values.required(DeskKey.REVIEW_URL)
        flt = flt or ClaimFilter()
        self.claims.check_article_ref(flt)
        if out is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            kind = "claimreview-feed" if feed else "claimreview"
            out = self.workspace.settings.exports_dir / f"{kind}-{stamp}.json"
        with self.workspace.session() as session:
            rows = [r for r in q.list_claim_rows(session=session, flt=flt) if r.verdict and (
                not values.second_review or include_proposed
                or r.review_state == ReviewState.APPROVED.value)]
            reused = q.reused_verdict_sources(session=session, claim_ids=[r.id for r in rows])
        claims = reviewed_claims(rows, reused, template, values.reused_verdicts,
                                 drafts=values.second_review)
        document = (cr.claim_review_feed(claims, publisher) if feed
                    else cr.claim_review_list(claims, publisher))
        try:
            cr.write_json(out, document)
        except OSError as exc:
            raise FactcheckError(f"{out}: cannot write export: {exc.strerror or exc}") from None
        return ExportResult(path=out, rows=len(claims),
                            warnings=cr.rule_warnings(claims, publisher))


def reviewed_claims(rows: list[q.ClaimRow], reused: dict[int, int], template: str,
                    policy: ReusedVerdicts, *, drafts: bool = False) -> list[cr.ReviewedClaim]:
    """The claims to publish, in id order. With the desk's `shared` policy a claim whose
    verdict was reused from another exported claim with the same rating is published as
    another appearance of that claim's review, not as a review of its own; otherwise (and
    for `own`) every claim is published with its own verdict and URL."""
    by_id = {r.id: r for r in rows}
    appearances: dict[int, list[cr.Appearance]] = {
        r.id: [cr.Appearance(url=r.article_url, headline=r.article_title, outlet=r.outlet,
                             published=r.published)] for r in rows}
    published_ids: list[int] = []
    for r in rows:
        origin = _shared_origin(r.id, by_id, reused) if policy is ReusedVerdicts.SHARED \
            else None
        if origin is not None:
            appearances[origin].extend(appearances[r.id])
        else:
            published_ids.append(r.id)
    out = []
    for claim_id in published_ids:
        r = by_id[claim_id]
        assert r.verdict is not None and r.reviewed_at is not None
        seen: set[tuple[str | None, str | None]] = set()
        unique = []
        for a in appearances[claim_id]:
            if (a.url, a.headline) not in seen:
                seen.add((a.url, a.headline))
                unique.append(a)
        out.append(cr.ReviewedClaim(
            claim_id=r.id, text=r.text, rating=Rating(r.verdict), reviewed_at=r.reviewed_at,
            review_url=review_url(template, r.id), speaker=r.speaker, language=r.language,
            appearances=tuple(unique),
            draft=drafts and r.review_state != ReviewState.APPROVED.value))
    return out


def _shared_origin(claim_id: int, by_id: dict[int, q.ClaimRow],
                   reused: dict[int, int]) -> int | None:
    """The exported claim whose review this claim's verdict shares: follows reuse back (a
    verdict reused from a reused one) while the rating stays the same."""
    rating = by_id[claim_id].verdict
    current, seen = claim_id, {claim_id}
    while current in reused:
        origin = reused[current]
        if origin in seen or origin not in by_id or by_id[origin].verdict != rating:
            break
        seen.add(origin)
        current = origin
    return current if current != claim_id else None


def import_schema() -> str:
    """The JSON Schema of the claim-list import format."""
    return (resources.files("factcheck.io") / "claims.schema.json").read_text("utf-8")
