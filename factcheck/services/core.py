"""Use cases: the only API the CLI and the TUI call. Each method is one unit of work (one
Session, one transaction) and returns plain dataclasses, never live ORM objects."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col

from factcheck.config import Settings
from factcheck.errors import FactcheckError, InputError
from factcheck.fetch import link_is_dead
from factcheck.io.csv_export import write_csv
from factcheck.io.json_import import (
    Bundle,
    claim_files,
    normalise_whitespace,
    parse_claim_file,
)
from factcheck.models import (
    RATING_VALUES,
    REVIEW_STATUSES,
    Article,
    Claim,
    ClaimStatus,
    Rating,
    Source,
    Stance,
    Verdict,
    utcnow,
)
from factcheck.services.matching import MatchingService, matching_enabled
from factcheck.store import open_engine, unit_of_work
from factcheck.store import queries as q
from factcheck.store.migrations import prepare_database
from factcheck.store.queries import ClaimFilter, ClaimRow
from factcheck.urls import checked_http_url

if TYPE_CHECKING:
    from factcheck.services.candidates import ClaimChangeInfo
    from factcheck.services.sources import SourceChecks

__all__ = ["ClaimFilter", "ClaimRow", "FactcheckService"]

ProgressCallback = Callable[[int, int, str], None]


@dataclass
class FileImportResult:
    path: str
    articles_new: int = 0
    articles_existing: int = 0
    claims_added: int = 0
    claims_updated: int = 0
    claims_unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    new_claim_ids: list[int] = field(default_factory=list)
    updated_claim_ids: list[int] = field(default_factory=list)


@dataclass
class ImportReport:
    files: list[FileImportResult] = field(default_factory=list)

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

    @classmethod
    def of(cls, source: Source) -> SourceInfo:
        return cls(id=source.id or 0, claim_id=source.claim_id, url=source.url,
                   title=source.title, note=source.note, stance=source.stance,
                   added_by=source.added_by, added_at=source.added_at,
                   http_status=source.http_status, final_url=source.final_url,
                   checked_at=source.checked_at, error=source.error,
                   content_type=source.content_type, content_hash=source.content_hash)

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
            "url": self.url, "stance": self.stance, "note": self.note, "title": self.title,
            "added_by": self.added_by, "added_at": _iso(self.added_at),
            "http_status": self.http_status, "final_url": self.final_url,
            "checked_at": _iso(self.checked_at), "error": self.error,
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


@dataclass(frozen=True)
class ClaimDetail:
    row: ClaimRow
    tags: list[str]
    sources: list[SourceInfo]
    history: list[VerdictInfo]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


@dataclass(frozen=True)
class Progress:
    reviewed: int
    total: int


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def parse_rating(value: str) -> Rating:
    try:
        return Rating(value.strip().lower())
    except ValueError:
        raise FactcheckError(f'unknown rating "{value}": expected one of '
                             f'{", ".join(r.value for r in Rating)}') from None


def parse_stance(value: str) -> Stance:
    try:
        return Stance(value.strip().lower())
    except ValueError:
        raise FactcheckError(f'unknown stance "{value}": expected one of '
                             f'{", ".join(s.value for s in Stance)}') from None


def check_source_url(url: str) -> str:
    """The stripped URL, or FactcheckError saying why it cannot be a source."""
    return checked_http_url(
        url, lambda shown, problem: FactcheckError(f'source URL "{shown}" refused: {problem}'))


class FactcheckService:
    """Holds the one engine for a workspace; every method opens its own unit of work."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = open_engine(settings.db_url)
        self.upgrade = prepare_database(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def sources(self) -> SourceChecks:
        """Source checking (fetching source URLs): factcheck/services/sources.py."""
        from factcheck.services.sources import SourceChecks

        return SourceChecks(self)

    @cached_property
    def matching(self) -> MatchingService:
        """Duplicate claims: matching, links, clusters, verdict reuse."""
        return MatchingService(self)

    # ------------------------------------------------------------------ import

    def import_paths(self, paths: Sequence[Path],
                     on_progress: ProgressCallback | None = None) -> ImportReport:
        """Import claim lists; each file is one transaction, refused whole on any problem."""
        report = ImportReport()
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise InputError([f"{m}: no such file or folder" for m in missing])
        files = claim_files(list(paths))
        if not files:
            raise InputError([f"{', '.join(str(p) for p in paths)}: no *.json or *.jsonl "
                              "claim lists found"])
        for index, path in enumerate(files):
            if on_progress:
                on_progress(index, len(files), str(path))
            result = FileImportResult(path=str(path))
            try:
                bundles = parse_claim_file(path, limit_bytes=self.settings.import_limit_bytes)
                self._store_bundles(bundles, result)
            except InputError as exc:
                result = FileImportResult(path=str(path), errors=exc.lines())
            except SQLAlchemyError as exc:
                result = FileImportResult(path=str(path),
                                          errors=[f"{path}: database error: {_db_reason(exc)}"])
            report.files.append(result)
            if matching_enabled() and not result.errors and (result.new_claim_ids
                                                             or result.updated_claim_ids):
                claim_ids = result.new_claim_ids + result.updated_claim_ids
                self.matching.match_claims(claim_ids, on_progress=_step_progress(
                    on_progress, index, len(files), f"{path}: duplicates"))
        if on_progress:
            on_progress(len(files), len(files), "")
        return report

    def import_bundles(self, bundles: list[Bundle], *, label: str,
                       status: ClaimStatus = ClaimStatus.UNREVIEWED) -> FileImportResult:
        """Import parsed claim lists (e.g. claims extracted from an article) as one
        transaction, matched for duplicates like a file; new claims get `status` (extracted
        ones enter as CANDIDATE and count as work only once a reviewer accepts them)."""
        result = FileImportResult(path=label)
        try:
            self._store_bundles(bundles, result, status=status.value)
        except SQLAlchemyError as exc:
            raise FactcheckError(f"{label}: database error: {_db_reason(exc)}") from exc
        if matching_enabled() and (result.new_claim_ids or result.updated_claim_ids):
            self.matching.match_claims(result.new_claim_ids + result.updated_claim_ids)
        return result

    def _store_bundles(self, bundles: list[Bundle], result: FileImportResult,
                       status: str = ClaimStatus.UNREVIEWED.value) -> None:
        with unit_of_work(self.engine, write=True) as session:
            refs = [b.article.ref for b in bundles if b.article.ref]
            by_ref = q.find_articles_by_ref(session=session, refs=refs)
            articles: list[tuple[Bundle, Article]] = []
            for bundle in bundles:
                meta = bundle.article
                article = by_ref.get(meta.ref) if meta.ref else q.find_article(
                    session=session, ref=None, url=meta.url, title=meta.title,
                    outlet=meta.outlet)
                if article is None:
                    article = Article(ref=meta.ref, title=meta.title, url=meta.url,
                                      outlet=meta.outlet, language=meta.language,
                                      published=meta.published)
                    session.add(article)
                    result.articles_new += 1
                else:
                    result.articles_existing += 1
                articles.append((bundle, article))
            session.flush()
            existing_ids = [a.id for _, a in articles if a.id is not None]
            stored = q.claims_of_articles(session=session, article_ids=existing_ids)
            index: dict[tuple[int, str, str], Claim] = {}
            for claim in stored:
                if claim.ref:
                    index[(claim.article_id, "ref", claim.ref)] = claim
                index.setdefault((claim.article_id, "text", normalise_whitespace(claim.text)),
                                 claim)
            new_rows: list[dict[str, Any]] = []
            for bundle, article in articles:
                assert article.id is not None
                for item in bundle.claims:
                    kind, key = item.identity()
                    found = index.get((article.id, kind, key))
                    if found is None:
                        new_rows.append({
                            "article_id": article.id, "ref": item.ref, "text": item.text,
                            "speaker": item.speaker, "context": item.context,
                            "language": item.language, "tags": item.tags,
                            "status": status,
                        })
                    elif (normalise_whitespace(found.text), found.speaker, found.context) != (
                            normalise_whitespace(item.text), item.speaker, item.context):
                        # Same identity, edited upstream: take the new wording, keep the
                        # review work, and bump the version so an open reviewer notices.
                        found.text, found.speaker, found.context = (item.text, item.speaker,
                                                                    item.context)
                        found.version += 1
                        found.updated_at = utcnow()
                        result.claims_updated += 1
                        result.updated_claim_ids.append(found.id or 0)
                    else:
                        result.claims_unchanged += 1
            result.new_claim_ids = q.insert_claims(session=session, rows=new_rows)
            result.claims_added = len(new_rows)
            if matching_enabled():
                # The normal form is stored with the claim, in the same transaction.
                self.matching.store_normal_forms(
                    session=session, claim_ids=result.new_claim_ids + result.updated_claim_ids)

    # ------------------------------------------------------------------ reading

    def list_claims(self, flt: ClaimFilter | None = None, *, limit: int | None = None,
                    offset: int = 0) -> list[ClaimRow]:
        self._check_article_ref(flt)
        with self._session() as session:
            return q.list_claim_rows(session=session, flt=flt or ClaimFilter(), limit=limit,
                                     offset=offset)

    def count_claims(self, flt: ClaimFilter | None = None) -> int:
        with self._session() as session:
            return q.count_claim_rows(session=session, flt=flt or ClaimFilter())

    def claim_records(self, flt: ClaimFilter | None = None) -> list[dict[str, Any]]:
        """Claims as JSON-ready dicts with their sources (the `claims list --json` contract)."""
        self._check_article_ref(flt)
        with self._session() as session:
            rows = q.list_claim_rows(session=session, flt=flt or ClaimFilter())
            sources = q.sources_by_claim(session=session, claim_ids=[r.id for r in rows])
        records = []
        for row in rows:
            record = {key: (_iso(value) if isinstance(value, date | datetime) else value)
                      for key, value in asdict(row).items()}
            record["sources"] = [SourceInfo.of(s).as_json() for s in sources.get(row.id, [])]
            records.append(record)
        return records

    def claim_detail(self, claim_id: int) -> ClaimDetail:
        with self._session() as session:
            claim = q.get_claim(session=session, claim_id=claim_id)
            rows = q.list_claim_rows(session=session, flt=ClaimFilter(claim_ids=(claim_id,)))
            sources = q.sources_by_claim(session=session, claim_ids=[claim_id])
            history = q.verdict_history(session=session, claim_id=claim_id)
            return ClaimDetail(
                row=rows[0], tags=list(claim.tags or []),
                sources=[SourceInfo.of(s) for s in sources.get(claim_id, [])],
                history=[VerdictInfo.of(v, claim.version) for v in history])

    def progress(self) -> Progress:
        with self._session() as session:
            counts = q.count_by_status(session=session)
        total = sum(counts.get(s.value, 0) for s in REVIEW_STATUSES)
        return Progress(reviewed=counts.get(ClaimStatus.REVIEWED.value, 0), total=total)

    def article_refs(self) -> list[str]:
        with self._session() as session:
            stmt = (select(col(Article.ref)).where(col(Article.ref).is_not(None))
                    .order_by(col(Article.id)))
            return [ref for (ref,) in session.execute(stmt)]

    def claim_languages(self) -> list[str]:
        with self._session() as session:
            return q.claim_languages(session=session)

    def claim_position(self, claim_id: int, flt: ClaimFilter | None = None) -> int | None:
        """Where the claim sits in `list_claims(flt)` (for paging), or None if filtered out."""
        with self._session() as session:
            return q.claim_position(session=session, flt=flt or ClaimFilter(), claim_id=claim_id)

    def next_open_claim(self, after_id: int, flt: ClaimFilter | None = None) -> int | None:
        """The next claim still to review (unreviewed or in review) after `after_id`, wrapping
        around to the first; None when every claim in the filter is reviewed."""
        open_statuses = [ClaimStatus.UNREVIEWED.value, ClaimStatus.IN_REVIEW.value]
        with self._session() as session:
            for start in (after_id, 0):
                found = q.next_claim_id(session=session, flt=flt or ClaimFilter(),
                                        after_id=start, statuses=open_statuses)
                if found is not None:
                    return found
        return None

    def claim_markers(self, claim_ids: Sequence[int]) -> dict[int, str]:
        """Short marks for the review table's marker column, by claim id (e.g. a duplicate
        sign): ≡ a same or confirmed duplicate, ~ a suggested one."""
        signs = {"same": "≡", "suggested": "~"}
        return {claim_id: signs[level]
                for claim_id, level in self.matching.duplicate_markers(claim_ids).items()}

    def _check_article_ref(self, flt: ClaimFilter | None) -> None:
        """An unknown --article is a typo more often than an empty article: say so."""
        if flt is None or not flt.article_ref:
            return
        refs = self.article_refs()
        if flt.article_ref in refs:
            return
        best = process.extractOne(flt.article_ref, refs, scorer=fuzz.WRatio, score_cutoff=60)
        hint = f'; did you mean "{best[0]}"?' if best else ""
        raise FactcheckError(f'no article with ref "{flt.article_ref}"{hint}')

    # ------------------------------------------------------------------ review actions

    def set_verdict(self, claim_id: int, rating: str | Rating, *, rationale: str | None = None,
                    reviewer: str | None = None, expected_version: int | None = None,
                    reused_from_claim_id: int | None = None) -> VerdictInfo:
        """Append a verdict; refuses (StaleVersionError) if the claim moved past
        `expected_version`, so a newer verdict by someone else is never overwritten silently."""
        rating = parse_rating(rating) if isinstance(rating, str) else rating
        with self._session(write=True) as session:
            claim = q.get_claim(session=session, claim_id=claim_id)
            version = q.bump_version(session=session, claim=claim,
                                     expected_version=expected_version,
                                     status=ClaimStatus.REVIEWED.value)
            verdict = Verdict(claim_id=claim_id, rating=rating.value,
                              rationale=(rationale or "").strip() or None,
                              reviewer=reviewer or self.settings.reviewer,
                              reused_from_claim_id=reused_from_claim_id)
            session.add(verdict)
            session.flush()
            return VerdictInfo.of(verdict, version)

    def undo_verdict(self, verdict_id: int, *, reviewer: str | None = None,
                     expected_version: int | None = None) -> VerdictInfo:
        """Undo by appending: the claim's verdict goes back to what it was before `verdict_id`
        (or to none), and the history keeps both entries."""
        with self._session(write=True) as session:
            undone = session.get(Verdict, verdict_id)
            if undone is None:
                raise FactcheckError(f"no verdict with id {verdict_id}")
            claim = q.get_claim(session=session, claim_id=undone.claim_id)
            history = q.verdict_history(session=session, claim_id=claim.id or 0)
            earlier = [v for v in history if (v.id or 0) < verdict_id]
            previous = earlier[-1] if earlier else None
            restored = previous.rating if previous else None
            status = (ClaimStatus.REVIEWED.value if restored else self._open_status(
                session=session, claim=claim))
            version = q.bump_version(session=session, claim=claim,
                                     expected_version=expected_version, status=status)
            verdict = Verdict(claim_id=claim.id or 0, rating=restored,
                              rationale=previous.rationale if previous else None,
                              reviewer=reviewer or self.settings.reviewer,
                              undoes_verdict_id=verdict_id)
            session.add(verdict)
            session.flush()
            return VerdictInfo.of(verdict, version)

    def add_source(self, claim_id: int, url: str, *, stance: str | Stance = Stance.CONTEXT,
                   note: str | None = None, added_by: str | None = None,
                   expected_version: int | None = None) -> SourceInfo:
        url = check_source_url(url)
        stance = parse_stance(stance) if isinstance(stance, str) else stance
        with self._session(write=True) as session:
            claim = q.get_claim(session=session, claim_id=claim_id)
            status = (ClaimStatus.IN_REVIEW.value if claim.status == ClaimStatus.UNREVIEWED.value
                      else None)
            q.bump_version(session=session, claim=claim, expected_version=expected_version,
                           status=status)
            source = Source(claim_id=claim_id, url=url, stance=stance.value,
                            note=(note or "").strip() or None,
                            added_by=added_by or self.settings.reviewer)
            session.add(source)
            session.flush()
            return SourceInfo.of(source)

    def retract_source(self, source_id: int, *, reviewer: str | None = None,
                       expected_version: int | None = None) -> SourceInfo:
        """Undo of an added source: marked retracted, kept in the database."""
        with self._session(write=True) as session:
            source = session.get(Source, source_id)
            if source is None:
                raise FactcheckError(f"no source with id {source_id}")
            claim = q.get_claim(session=session, claim_id=source.claim_id)
            source.retracted_at = utcnow()
            source.retracted_by = reviewer or self.settings.reviewer
            session.flush()
            status = None
            if claim.status == ClaimStatus.IN_REVIEW.value:
                status = self._open_status(session=session, claim=claim)
            q.bump_version(session=session, claim=claim, expected_version=expected_version,
                           status=status)
            return SourceInfo.of(source)

    def accept_candidate(self, claim_id: int, *, reviewer: str | None = None,
                         expected_version: int | None = None) -> ClaimRow:
        """An extracted candidate becomes review work (see services/candidates.py)."""
        from factcheck.services import candidates

        return candidates.accept_candidate(self, claim_id, reviewer=reviewer,
                                           expected_version=expected_version)

    def discard_candidate(self, claim_id: int, *, reviewer: str | None = None,
                          expected_version: int | None = None) -> ClaimRow:
        from factcheck.services import candidates

        return candidates.discard_candidate(self, claim_id, reviewer=reviewer,
                                            expected_version=expected_version)

    def edit_claim_text(self, claim_id: int, text: str, *, reviewer: str | None = None,
                        expected_version: int | None = None) -> ClaimRow:
        from factcheck.services import candidates

        return candidates.edit_claim_text(self, claim_id, text, reviewer=reviewer,
                                          expected_version=expected_version)

    def claim_changes(self, claim_id: int) -> list[ClaimChangeInfo]:
        """Earlier wordings and status moves of a claim, oldest first."""
        from factcheck.services import candidates

        return candidates.claim_changes(self, claim_id)

    @staticmethod
    def _open_status(*, session: Session, claim: Claim) -> str:
        live = q.sources_by_claim(session=session, claim_ids=[claim.id or 0])
        return (ClaimStatus.IN_REVIEW.value if live.get(claim.id or 0)
                else ClaimStatus.UNREVIEWED.value)

    # ------------------------------------------------------------------ export

    def export_csv(self, out: Path | None = None, flt: ClaimFilter | None = None, *,
                   excel: bool = False, raw: bool = False) -> ExportResult:
        flt = flt or ClaimFilter()
        self._check_article_ref(flt)
        if out is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            out = self.settings.exports_dir / f"verdicts-{stamp}.csv"
        with self._session() as session:
            rows = q.list_claim_rows(session=session, flt=flt)
            if flt == ClaimFilter():
                sources = q.all_sources_by_claim(session=session)
            else:
                sources = q.sources_by_claim(session=session, claim_ids=[r.id for r in rows])

        def csv_rows() -> Any:
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

    @staticmethod
    def import_schema() -> str:
        return (resources.files("factcheck.io") / "claims.schema.json").read_text("utf-8")

    # ------------------------------------------------------------------ sessions

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work; database failures (a locked file, a full disk) become one
        readable FactcheckError instead of a traceback."""
        try:
            with unit_of_work(self.engine, write=write) as session:
                yield session
        except SQLAlchemyError as exc:
            raise FactcheckError(f"database error: {_db_reason(exc)}") from exc


def _step_progress(on_progress: ProgressCallback | None, index: int, total: int,
                   label: str) -> ProgressCallback | None:
    """Progress inside one file's step (e.g. matching), shown on the per-file bar."""
    if on_progress is None:
        return None
    report = on_progress

    def inner(done: int, of: int, what: str) -> None:
        report(index, total, f"{label} {what} {done}/{of}")

    return inner


def _db_reason(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]
