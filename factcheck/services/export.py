"""Exporting verdicts: CSV (one row per claim) into exports/ or a given path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from factcheck.errors import FactcheckError
from factcheck.fetch import link_is_dead
from factcheck.io.csv_export import write_csv
from factcheck.models import RATING_VALUES, Rating
from factcheck.services.claims import Claims
from factcheck.services.results import ExportResult, SourceInfo
from factcheck.services.workspace import Workspace
from factcheck.store import queries as q
from factcheck.store.queries import ClaimFilter


class Exports:
    def __init__(self, workspace: Workspace, claims: Claims) -> None:
        self.workspace = workspace
        self.claims = claims

    def export_csv(self, out: Path | None = None, flt: ClaimFilter | None = None, *,
                   excel: bool = False, raw: bool = False) -> ExportResult:
        flt = flt or ClaimFilter()
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
                rating_value = RATING_VALUES.get(Rating(r.verdict)) if r.verdict else None
                yield (r.id, r.article_ref, r.article_title, r.article_url, r.outlet,
                       r.published, r.claim_ref, r.text, r.speaker, r.language, r.status,
                       r.verdict, rating_value, r.rationale,
                       r.reviewer if r.verdict else None, r.reviewed_at if r.verdict else None,
                       len(live), " | ".join(s.url for s in live),
                       " | ".join(s.stance for s in live),
                       " | ".join(s.url for s in live if link_is_dead(s.http_status, s.error)),
                       " | ".join(SourceInfo.of(s).check_label for s in live))

        try:
            count = write_csv(out, csv_rows(), excel=excel, raw=raw)
        except OSError as exc:
            raise FactcheckError(f"{out}: cannot write export: {exc.strerror or exc}") from None
        return ExportResult(path=out, rows=count)


def import_schema() -> str:
    """The JSON Schema of the claim-list import format."""
    return (resources.files("factcheck.io") / "claims.schema.json").read_text("utf-8")
