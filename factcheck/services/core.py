"""FactcheckService: one workspace and the services over it, wired once.

This is the entry point the CLI and the TUI hold. It makes the workspace (engine, settings,
sessions), makes each service with the workspace and, where one service needs another, hands
that one over explicitly; its own methods only delegate, so each use case lives in the module
of its service:

- claims.py: listing, counting, one claim's detail, progress
- imports.py: claim lists in, idempotent, one transaction per file
- earlier.py: other publishers' earlier fact-checks (ClaimReview in), shown beside matches
- reviews.py: verdicts and sources, with the stale-version check
- candidates.py: accepting, discarding, rewording extracted claims
- index.py: normal forms and the candidate index over them (its snapshot, worker processes)
- vectors.py: claim vectors (the sentence encoder) and the nearest-neighbour index over them
- matching.py: duplicate matching, links, clusters, verdict reuse
- sources.py: checking source URLs
- export.py: CSV and schema.org ClaimReview out
- desk.py: the desk's settings, stored with the database
- assignments.py: claims and articles given to a reviewer
- second_review.py: approving and returning verdicts, a claim's review trail
- history.py: one claim's whole record
- stats.py: the desk overview (counts, throughput, agreement)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factcheck.config import Settings
from factcheck.io.json_import import Bundle
from factcheck.models import ClaimStatus, MatchLevel, Rating, Stance
from factcheck.services.assignments import Assignments
from factcheck.services.candidates import Candidates
from factcheck.services.claims import Claims
from factcheck.services.desk import DeskSettings
from factcheck.services.earlier import EarlierChecks
from factcheck.services.export import Exports, import_schema
from factcheck.services.history import ClaimHistories, ClaimHistory
from factcheck.services.imports import Imports, ProgressCallback
from factcheck.services.index import MatchIndex
from factcheck.services.matching import MatchingService
from factcheck.services.results import (
    ClaimChangeInfo,
    ClaimDetail,
    ExportResult,
    FileImportResult,
    ImportReport,
    Progress,
    SourceInfo,
    VerdictInfo,
)
from factcheck.services.reviews import Reviews, check_source_url
from factcheck.services.second_review import SecondReviews
from factcheck.services.sources import SourceChecks
from factcheck.services.stats import DeskStats
from factcheck.services.vectors import ClaimVectors
from factcheck.services.workspace import Workspace
from factcheck.store.migrations import UpgradeOutcome
from factcheck.store.queries import ClaimFilter, ClaimRow

__all__ = ["FactcheckService", "check_source_url"]


class FactcheckService:
    """The services of one workspace; every method is one unit of work of one service."""

    def __init__(self, settings: Settings) -> None:
        self.workspace = Workspace(settings)
        self.claims = Claims(self.workspace)
        self.reviews = Reviews(self.workspace)
        self.match_index = MatchIndex(self.workspace)
        self.vectors = ClaimVectors(self.workspace)
        self.matching = MatchingService(self.workspace, self.reviews, self.match_index,
                                        self.vectors)
        self.earlier = EarlierChecks(self.workspace, self.matching)
        self.imports = Imports(self.workspace, self.matching, self.earlier)
        # (an edited claim's form, its vector and its place in the matching queue change
        # together: the links service does all three)
        self.candidates = Candidates(self.workspace, self.matching)
        self.sources = SourceChecks(self.workspace)
        self.desk = DeskSettings(self.workspace)
        self.second_review = SecondReviews(self.workspace, self.desk)
        self.assignments = Assignments(self.workspace)
        self.stats = DeskStats(self.workspace)
        self.exports = Exports(self.workspace, self.claims, self.desk)
        self.histories = ClaimHistories(self.claims, self.candidates, self.matching,
                                        self.earlier, self.second_review, self.assignments)

    @property
    def settings(self) -> Settings:
        return self.workspace.settings

    @property
    def upgrade(self) -> UpgradeOutcome | None:
        """What opening the database upgraded (None: it was at head already)."""
        return self.workspace.upgrade

    def close(self) -> None:
        self.workspace.close()

    # ------------------------------------------------------------------ import

    def import_paths(self, paths: Sequence[Path],
                     on_progress: ProgressCallback | None = None) -> ImportReport:
        return self.imports.import_paths(paths, on_progress)

    def import_bundles(self, bundles: list[Bundle], *, label: str,
                       status: ClaimStatus = ClaimStatus.UNREVIEWED) -> FileImportResult:
        return self.imports.import_bundles(bundles, label=label, status=status)

    # ------------------------------------------------------------------ reading

    def list_claims(self, flt: ClaimFilter | None = None, *, limit: int | None = None,
                    offset: int = 0) -> list[ClaimRow]:
        """The claims of the filter; with a viewer (flt.viewer), blind review leaves out the
        verdicts they must give their own on first."""
        rows = self.claims.list_claims(flt, limit=limit, offset=offset)
        if flt is not None and flt.viewer is not None:
            return self.second_review.hide_for(rows, flt.viewer)
        return rows

    def count_claims(self, flt: ClaimFilter | None = None) -> int:
        return self.claims.count_claims(flt)

    def claim_records(self, flt: ClaimFilter | None = None) -> list[dict[str, Any]]:
        return self.claims.claim_records(flt)

    def claim_detail(self, claim_id: int, *, viewer: str | None = None) -> ClaimDetail:
        """One claim's detail; for a viewer, as blind review lets them see it."""
        detail = self.claims.claim_detail(claim_id)
        return detail if viewer is None else self.second_review.detail_for(detail, viewer)

    def progress(self) -> Progress:
        return self.claims.progress()

    def article_refs(self) -> list[str]:
        return self.claims.article_refs()

    def claim_languages(self) -> list[str]:
        return self.claims.claim_languages()

    def claim_position(self, claim_id: int, flt: ClaimFilter | None = None) -> int | None:
        return self.claims.claim_position(claim_id, flt)

    def next_open_claim(self, after_id: int, flt: ClaimFilter | None = None) -> int | None:
        return self.claims.next_open_claim(after_id, flt)

    def claim_markers(self, claim_ids: Sequence[int]) -> dict[int, str]:
        """Short marks for the review table's marker column, by claim id (e.g. a duplicate
        sign): ≡ a same or confirmed duplicate, ~ a suggested one."""
        signs = {MatchLevel.SAME: "≡", MatchLevel.SUGGESTED: "~"}
        return {claim_id: signs[level]
                for claim_id, level in self.matching.duplicate_markers(claim_ids).items()}

    def claim_history(self, claim_id: int, *, viewer: str | None = None) -> ClaimHistory:
        """Everything about one claim, its whole verdict history included (for a viewer, as
        blind review lets them see it)."""
        return self.histories.claim_history(claim_id, viewer=viewer)

    def claim_changes(self, claim_id: int) -> list[ClaimChangeInfo]:
        """Earlier wordings and status moves of a claim, oldest first."""
        return self.candidates.claim_changes(claim_id)

    # ------------------------------------------------------------------ review actions

    def set_verdict(self, claim_id: int, rating: str | Rating, *, rationale: str | None = None,
                    reviewer: str | None = None, expected_version: int | None = None,
                    reused_from_claim_id: int | None = None) -> VerdictInfo:
        return self.reviews.set_verdict(claim_id, rating, rationale=rationale,
                                        reviewer=reviewer, expected_version=expected_version,
                                        reused_from_claim_id=reused_from_claim_id)

    def undo_verdict(self, verdict_id: int, *, reviewer: str | None = None,
                     expected_version: int | None = None) -> VerdictInfo:
        return self.reviews.undo_verdict(verdict_id, reviewer=reviewer,
                                         expected_version=expected_version)

    def add_source(self, claim_id: int, url: str, *, stance: str | Stance = Stance.CONTEXT,
                   note: str | None = None, added_by: str | None = None,
                   expected_version: int | None = None) -> SourceInfo:
        return self.reviews.add_source(claim_id, url, stance=stance, note=note,
                                       added_by=added_by, expected_version=expected_version)

    def retract_source(self, source_id: int, *, reviewer: str | None = None) -> SourceInfo:
        return self.reviews.retract_source(source_id, reviewer=reviewer)

    def accept_candidate(self, claim_id: int, *, reviewer: str | None = None,
                         expected_version: int | None = None) -> ClaimRow:
        return self.candidates.accept_candidate(claim_id, reviewer=reviewer,
                                                expected_version=expected_version)

    def discard_candidate(self, claim_id: int, *, reviewer: str | None = None,
                          expected_version: int | None = None) -> ClaimRow:
        return self.candidates.discard_candidate(claim_id, reviewer=reviewer,
                                                 expected_version=expected_version)

    def edit_claim_text(self, claim_id: int, text: str, *, reviewer: str | None = None,
                        expected_version: int | None = None) -> ClaimRow:
        row = self.candidates.edit_claim_text(claim_id, text, reviewer=reviewer,
                                              expected_version=expected_version)
        # The new wording is matched at once (it was queued with the edit, so a crash here
        # leaves it for the next import to finish).
        self.matching.finish_pending()
        return row

    # ------------------------------------------------------------------ export

    def export_csv(self, out: Path | None = None, flt: ClaimFilter | None = None, *,
                   excel: bool = False, raw: bool = False,
                   include_proposed: bool = False) -> ExportResult:
        return self.exports.export_csv(out, flt, excel=excel, raw=raw,
                                       include_proposed=include_proposed)

    def export_claimreview(self, out: Path | None = None, flt: ClaimFilter | None = None, *,
                           feed: bool = False, include_proposed: bool = False) -> ExportResult:
        return self.exports.export_claimreview(out, flt, feed=feed,
                                               include_proposed=include_proposed)

    @staticmethod
    def import_schema() -> str:
        return import_schema()
