"""Importing claim lists: each file is one transaction, refused whole on any problem, and
idempotent (an article and a claim are found again by their identity; see README)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from factcheck.errors import FactcheckError, InputError
from factcheck.io.earlier_checks import EarlierCheck, read_earlier_checks
from factcheck.io.json_import import (
    Bundle,
    claim_files,
    normalise_whitespace,
    parse_claim_text,
    read_import_text,
)
from factcheck.models import Article, Claim, ClaimChange, ClaimStatus, utcnow
from factcheck.services.results import FileImportResult, ImportReport
from factcheck.services.workspace import WRITE_ATTEMPTS, Workspace
from factcheck.store import db_error_reason, unit_of_work
from factcheck.store import queries as q
from factcheck.store.conflicts import article_lock_keys, is_retryable, lock_article_identities

# done, total, what is being done
ProgressCallback = Callable[[int, int, str], None]


class DuplicateMatcher(Protocol):
    """What an import needs of duplicate matching (services/matching.py)."""

    def warm_up(self, items: Sequence[tuple[str, str | None, str | None]]) -> None: ...

    def store_normal_forms(self, *, session: Session, claim_ids: Sequence[int]) -> list[int]: ...

    def match_claims(self, claim_ids: Sequence[int],
                     on_progress: ProgressCallback | None = None) -> Any: ...

    def finish_pending(self, on_progress: ProgressCallback | None = None) -> Any: ...


class EarlierCheckStore(Protocol):
    """What an import needs to store earlier fact-checks (services/earlier.py)."""

    def store_checks(self, checks: Sequence[EarlierCheck], result: FileImportResult) -> None: ...


class Imports:
    def __init__(self, workspace: Workspace, matcher: DuplicateMatcher,
                 earlier: EarlierCheckStore) -> None:
        self.workspace = workspace
        self.matcher = matcher
        self.earlier = earlier

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
        matching = self.workspace.settings.matching
        if matching:
            # Matching an earlier import did not finish (its process was killed): first.
            finished = self.matcher.finish_pending(on_progress=_step_progress(
                on_progress, 0, len(files), "duplicates left unmatched by an earlier import"))
            report.resumed_matching = finished.claims if finished is not None else 0
        for index, path in enumerate(files):
            if on_progress:
                on_progress(index, len(files), str(path))
            try:
                result = self._import_file(path)
            except InputError as exc:
                result = FileImportResult(path=str(path), errors=exc.lines())
            except SQLAlchemyError as exc:
                result = FileImportResult(
                    path=str(path), errors=[f"{path}: database error: {db_error_reason(exc)}"])
            report.files.append(result)
            if matching and not result.errors and (result.new_claim_ids
                                                   or result.updated_claim_ids):
                claim_ids = result.new_claim_ids + result.updated_claim_ids
                self.matcher.match_claims(claim_ids, on_progress=_step_progress(
                    on_progress, index, len(files), f"{path}: duplicates"))
        if on_progress:
            on_progress(len(files), len(files), "")
        return report

    def _import_file(self, path: Path) -> FileImportResult:
        """A claim list, or a file of earlier fact-checks by other publishers (ClaimReview,
        Fact Check Tools API, a saved page with ClaimReview markup), told by its content."""
        limit = self.workspace.settings.import_limit_bytes
        text = read_import_text(path, label=str(path), limit_bytes=limit)
        checks = read_earlier_checks(path, text=text)
        if checks is not None:
            return self._retrying(str(path),
                                  lambda result: self.earlier.store_checks(checks, result))
        bundles = parse_claim_text(text, label=str(path), jsonl=path.suffix.lower() == ".jsonl")
        return self._store(bundles, str(path))

    def import_bundles(self, bundles: list[Bundle], *, label: str,
                       status: ClaimStatus = ClaimStatus.UNREVIEWED) -> FileImportResult:
        """Import parsed claim lists (e.g. claims extracted from an article) as one
        transaction, matched for duplicates like a file; new claims get `status` (extracted
        ones enter as CANDIDATE and count as work only once a reviewer accepts them)."""
        try:
            result = self._store(bundles, label, status=status.value)
        except SQLAlchemyError as exc:
            raise FactcheckError(f"{label}: database error: {db_error_reason(exc)}") from exc
        if self.workspace.settings.matching and (result.new_claim_ids
                                                 or result.updated_claim_ids):
            self.matcher.match_claims(result.new_claim_ids + result.updated_claim_ids)
        return result

    def _store(self, bundles: list[Bundle], label: str,
               status: str = ClaimStatus.UNREVIEWED.value) -> FileImportResult:
        """`_store_bundles` in one transaction, run again from the start when PostgreSQL
        aborted it because a concurrent transaction stored the same key first (a safety
        net: the article locks make imports of one article wait for each other)."""
        return self._retrying(label,
                              lambda result: self._store_bundles(bundles, result, status))

    @staticmethod
    def _retrying(label: str, store: Callable[[FileImportResult], None]) -> FileImportResult:
        """One file's transaction (`store` fills a fresh result), run again from the start
        when the database aborted it for a concurrent transaction's sake (see `_store`)."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            result = FileImportResult(path=label)
            try:
                store(result)
                return result
            except SQLAlchemyError as exc:
                if attempt == WRITE_ATTEMPTS or not is_retryable(exc):
                    raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _store_bundles(self, bundles: list[Bundle], result: FileImportResult,
                       status: str) -> None:
        if self.workspace.settings.matching:
            # (the analysers load before the write lock is taken: see MatchIndex.warm_up)
            self.matcher.warm_up([(item.text, item.language or b.article.language,
                                   item.speaker) for b in bundles for item in b.claims])
        # Not workspace.session(): a database error here is reported with its file instead.
        importer = self.workspace.reviewer()
        with unit_of_work(self.workspace.engine, write=True) as session:
            # First, before looking for them: a concurrent import of the same articles waits
            # here until this one commits, then finds them (PostgreSQL; SQLite's write
            # transactions wait for each other already).
            lock_article_identities(session=session, keys=[
                key for b in bundles
                for key in article_lock_keys(ref=b.article.ref, url=b.article.url,
                                             title=b.article.title, outlet=b.article.outlet)])
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
                                      published=meta.published, imported_by=importer)
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
                            "status": status, "imported_by": importer,
                        })
                    elif (normalise_whitespace(found.text), found.speaker, found.context) != (
                            normalise_whitespace(item.text), item.speaker, item.context):
                        # Same identity, edited upstream: take the new wording, keep the
                        # review work, and bump the version so an open reviewer notices. A new
                        # wording makes a verdict on the old one stale (review_version), and
                        # the old wording stays in ClaimChange, with who imported the new.
                        old_text = found.text
                        found.text, found.speaker, found.context = (item.text, item.speaker,
                                                                    item.context)
                        found.version += 1
                        found.updated_at = utcnow()
                        if normalise_whitespace(old_text) != normalise_whitespace(item.text):
                            found.review_version = found.status_version = found.version
                            session.add(ClaimChange(
                                claim_id=found.id or 0, field="text", old_value=old_text,
                                new_value=item.text, changed_by=importer,
                                claim_version=found.version))
                        result.claims_updated += 1
                        result.updated_claim_ids.append(found.id or 0)
                    else:
                        result.claims_unchanged += 1
            result.new_claim_ids = q.insert_claims(session=session, rows=new_rows)
            result.claims_added = len(new_rows)
            if self.workspace.settings.matching:
                # The normal form is stored with the claim, in the same transaction.
                self.matcher.store_normal_forms(
                    session=session, claim_ids=result.new_claim_ids + result.updated_claim_ids)


def _step_progress(on_progress: ProgressCallback | None, index: int, total: int,
                   label: str) -> ProgressCallback | None:
    """Progress inside one file's step (e.g. matching), shown on the per-file bar."""
    if on_progress is None:
        return None
    report = on_progress

    def inner(done: int, of: int, what: str) -> None:
        report(index, total, f"{label} {what} {done}/{of}")

    return inner
