"""What the services hand back: plain frozen dataclasses, never live ORM objects, so a caller
(CLI, TUI worker) can keep them after the unit of work has ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from factcheck.fetch import link_is_dead
from factcheck.models import ClaimChange, Source, Verdict
from factcheck.store.queries import ClaimRow
from factcheck.text import one_line, when


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass
class FileImportResult:
    path: str
    articles_new: int = 0
    articles_existing: int = 0
    claims_added: int = 0
    claims_updated: int = 0
    claims_unchanged: int = 0
    # Earlier fact-checks by other publishers (ClaimReview, Fact Check Tools API files).
    reviews_added: int = 0
    reviews_updated: int = 0
    reviews_unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    new_claim_ids: list[int] = field(default_factory=list)
    updated_claim_ids: list[int] = field(default_factory=list)


@dataclass
class ImportReport:
    files: list[FileImportResult] = field(default_factory=list)
    # Claims of an earlier import whose duplicate matching was cut short, matched first.
    resumed_matching: int = 0

    def total(self, attr: str) -> int:
        return sum(getattr(f, attr) for f in self.files)

    @property
    def errors(self) -> list[str]:
        return [line for f in self.files for line in f.errors]

    @property
    def new_claim_ids(self) -> list[int]:
        return [i for f in self.files for i in f.new_claim_ids]

    def summary(self) -> str:
        ok = sum(1 for f in self.files if not f.errors)
        failed = len(self.files) - ok
        text = (f"{ok} file{'s' if ok != 1 else ''} imported: articles "
                f"{self.total('articles_new')} new / {self.total('articles_existing')} existing, "
                f"claims {self.total('claims_added')} added / "
                f"{self.total('claims_updated')} updated / "
                f"{self.total('claims_unchanged')} unchanged")
        reviews = [self.total(a) for a in ("reviews_added", "reviews_updated",
                                           "reviews_unchanged")]
        if any(reviews):
            text += (f"; earlier fact-checks {reviews[0]} added / {reviews[1]} updated / "
                     f"{reviews[2]} unchanged")
        if failed:
            text += f"; {failed} file{'s' if failed != 1 else ''} refused (nothing imported)"
        return text


@dataclass(frozen=True)
class SourceInfo:
    id: int
    claim_id: int
    url: str
    title: str | None
    note: str | None
    stance: str
    added_by: str
    added_at: datetime
    http_status: int | None
    final_url: str | None
    checked_at: datetime | None
    error: str | None
    content_type: str | None = None
    content_hash: str | None = None
    # Set once an undo took the source back (it is kept, never deleted).
    retracted_by: str | None = None
    retracted_at: datetime | None = None

    @classmethod
    def of(cls, source: Source) -> SourceInfo:
        return cls(id=source.id or 0, claim_id=source.claim_id, url=source.url,
                   title=source.title, note=source.note, stance=source.stance,
                   added_by=source.added_by, added_at=source.added_at,
                   http_status=source.http_status, final_url=source.final_url,
                   checked_at=source.checked_at, error=source.error,
                   content_type=source.content_type, content_hash=source.content_hash,
                   retracted_by=source.retracted_by, retracted_at=source.retracted_at)

    @property
    def dead(self) -> bool:
        """Checked and found dead (HTTP error status, or no answer at all)."""
        return link_is_dead(self.http_status, self.error)

    @property
    def check_label(self) -> str:
        """Short check state for tables and CSV: unchecked, dead:404, dead:timeout, 200."""
        if self.checked_at is None:
            return "unchecked"
        if self.dead:
            return f"dead:{self.http_status}" if self.http_status else "dead:no-answer"
        return str(self.http_status) if self.http_status else "checked"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "url": self.url, "stance": self.stance, "note": self.note,
            "title": self.title,
            "added_by": self.added_by, "added_at": iso(self.added_at),
            "http_status": self.http_status, "final_url": self.final_url,
            "checked_at": iso(self.checked_at), "error": self.error,
            "content_type": self.content_type, "dead": self.dead,
        }


@dataclass(frozen=True)
class VerdictInfo:
    id: int
    claim_id: int
    rating: str | None
    rationale: str | None
    reviewer: str
    created_at: datetime
    reused_from_claim_id: int | None
    undoes_verdict_id: int | None
    claim_version: int

    @classmethod
    def of(cls, verdict: Verdict, claim_version: int) -> VerdictInfo:
        return cls(id=verdict.id or 0, claim_id=verdict.claim_id, rating=verdict.rating,
                   rationale=verdict.rationale, reviewer=verdict.reviewer,
                   created_at=verdict.created_at,
                   reused_from_claim_id=verdict.reused_from_claim_id,
                   undoes_verdict_id=verdict.undoes_verdict_id, claim_version=claim_version)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "rating": self.rating, "rationale": self.rationale,
                "reviewer": self.reviewer, "created_at": iso(self.created_at),
                "reused_from_claim_id": self.reused_from_claim_id,
                "undoes_verdict_id": self.undoes_verdict_id}


@dataclass(frozen=True)
class ClaimChangeInfo:
    """One earlier wording or status move of a claim (ClaimChange)."""

    field: str  # "text" | "status"
    old_value: str | None
    new_value: str | None
    changed_by: str
    changed_at: datetime
    claim_version: int

    @classmethod
    def of(cls, change: ClaimChange) -> ClaimChangeInfo:
        return cls(change.field, change.old_value, change.new_value, change.changed_by,
                   change.changed_at, change.claim_version)

    def as_json(self) -> dict[str, Any]:
        return {"field": self.field, "old_value": self.old_value, "new_value": self.new_value,
                "changed_by": self.changed_by, "changed_at": iso(self.changed_at),
                "claim_version": self.claim_version}


@dataclass(frozen=True)
class ClaimDetail:
    row: ClaimRow
    tags: list[str]
    sources: list[SourceInfo]
    history: list[VerdictInfo]
    # Sources an undo took back, with who did it.
    retracted_sources: list[SourceInfo] = field(default_factory=list)
    # Who imported the claim and its article, and when (None: imported before factcheck
    # recorded it).
    imported_by: str | None = None
    imported_at: datetime | None = None
    article_imported_by: str | None = None
    # Its wording and status changes (accepted, discarded, reworded), oldest first.
    changes: list[ClaimChangeInfo] = field(default_factory=list)

    def imported_line(self) -> str:
        """Who imported the claim (and its article, when someone else did), and when; outside
        text escaped, as every display shows it."""
        who = one_line(self.imported_by, 30) if self.imported_by else "unknown reviewer"
        line = f"by {who}, {when(self.imported_at)}"
        if self.article_imported_by and self.article_imported_by != self.imported_by:
            line += f" (article by {one_line(self.article_imported_by, 30)})"
        return line

    def imported_json(self) -> dict[str, Any]:
        return {"imported_by": self.imported_by, "imported_at": iso(self.imported_at),
                "article_imported_by": self.article_imported_by}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    # One line per rule an exported item breaks (ClaimReview: Google's rules).
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    reviewed: int
    total: int
