"""Source checking: fetch each source URL and record what answered (status, final URL after
redirects, page title, content type, content hash, when, and why it failed).

Reached as `FactcheckService.sources`. Recording a check result does NOT bump the claim's
version: it is not a reviewer's edit, and a background check must never make a reviewer's
pending verdict fail as stale.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col

from factcheck.errors import FactcheckError
from factcheck.fetch import FetchedPage, FetchLimits
from factcheck.fetch.batch import BatchOptions, fetch_many
from factcheck.models import Source, utcnow
from factcheck.store import unit_of_work
from factcheck.store.queries import chunks
from factcheck.text import one_line

if TYPE_CHECKING:
    from factcheck.services.core import FactcheckService, SourceInfo

def auto_check_enabled() -> bool:
    """Fetch a source as soon as it is added (CLI, TUI) unless FACTCHECK_CHECK_SOURCES is
    off/0/false/no (offline work, tests without a server)."""
    value = os.environ.get("FACTCHECK_CHECK_SOURCES", "on").strip().lower()
    return value not in {"off", "0", "false", "no"}


# done, total, the URL that just finished
CheckProgress = Callable[[int, int, str], None]
STORED_TITLE_MAX = 500


@dataclass
class CheckReport:
    sources: list[SourceInfo] = field(default_factory=list)
    urls: int = 0

    @property
    def dead(self) -> list[SourceInfo]:
        return [s for s in self.sources if s.dead]

    @property
    def alive(self) -> list[SourceInfo]:
        return [s for s in self.sources if not s.dead]

    def summary(self) -> str:
        if not self.sources:
            return "no sources to check"
        n = len(self.sources)
        return (f"checked {n} source{'s' if n != 1 else ''} ({self.urls} "
                f"URL{'s' if self.urls != 1 else ''}): {len(self.alive)} alive, "
                f"{len(self.dead)} dead")


def record_page(source: Source, page: FetchedPage) -> None:
    """Copy a fetch result onto the source row. A dead link keeps the last known title (it
    says what the page was; an error page's "Not Found" does not); the rest describes this
    check."""
    source.http_status = page.status
    source.final_url = page.final_url
    source.content_type = page.content_type
    source.content_hash = page.content_hash
    source.checked_at = page.fetched_at
    source.error = page.error
    if page.title and not page.dead:
        # Stored without control characters; displays still escape it (it is untrusted).
        source.title = one_line(page.title, STORED_TITLE_MAX)


DEFAULT_TIMEOUT = 10.0


def check_options(timeout: float | None = None, *, retries: int = 2, per_host: int = 2,
                  concurrency: int = 8, backoff: float = 0.5) -> BatchOptions:
    """Fetch options for checks; the timeout is the given one, else FACTCHECK_FETCH_TIMEOUT
    (seconds), else 10 s. The whole fetch of one page may take 3x that at most."""
    if timeout is None:
        raw = os.environ.get("FACTCHECK_FETCH_TIMEOUT", "")
        try:
            timeout = float(raw) if raw else DEFAULT_TIMEOUT
        except ValueError:
            raise FactcheckError(f'FACTCHECK_FETCH_TIMEOUT="{one_line(raw, 20)}" is not a '
                                 "number of seconds") from None
    if timeout <= 0:
        raise FactcheckError("--timeout needs a number of seconds > 0")
    limits = FetchLimits(connect_timeout=min(5.0, timeout), read_timeout=timeout,
                         deadline=max(3 * timeout, timeout + 5))
    return BatchOptions(per_host=max(1, per_host), concurrency=max(1, concurrency),
                        retries=max(0, retries), backoff=max(0.0, backoff), limits=limits)


class SourceChecks:
    def __init__(self, service: FactcheckService) -> None:
        self._service = service

    @property
    def automatic(self) -> bool:
        """Whether adding a source fetches it at once (see auto_check_enabled)."""
        return auto_check_enabled()

    def select(self, *, all_sources: bool = False, stale_days: float | None = None,
               source_ids: Sequence[int] | None = None) -> list[int]:
        """Ids of live sources to check: the given ones, every one (`all_sources`), those
        unchecked or last checked more than `stale_days` ago, or by default the unchecked."""
        stmt = select(col(Source.id)).where(col(Source.retracted_at).is_(None))
        if source_ids is not None:
            stmt = stmt.where(col(Source.id).in_(list(source_ids)))
        elif stale_days is not None:
            if stale_days < 0:
                raise FactcheckError("--stale needs a number of days >= 0")
            cutoff = utcnow() - timedelta(days=stale_days)
            stmt = stmt.where(or_(col(Source.checked_at).is_(None),
                                  col(Source.checked_at) < cutoff))
        elif not all_sources:
            stmt = stmt.where(col(Source.checked_at).is_(None))
        with self._service._session() as session:
            return [sid for (sid,) in session.execute(stmt.order_by(col(Source.id)))]

    def listing(self, *, dead_only: bool = False) -> list[SourceInfo]:
        """Live sources with their last check, in id order; `dead_only` keeps the dead ones."""
        from factcheck.services.core import SourceInfo

        stmt = (select(Source).where(col(Source.retracted_at).is_(None))
                .order_by(col(Source.id)))
        with self._service._session() as session:
            found = [SourceInfo.of(s) for s in session.execute(stmt).scalars()]
        return [s for s in found if s.dead] if dead_only else found

    def check(self, source_ids: Sequence[int], *, options: BatchOptions | None = None,
              on_progress: CheckProgress | None = None) -> CheckReport:
        """Fetch the sources' URLs (each distinct URL once) and record the results as they
        arrive, one short transaction each, so an interrupted run keeps what it finished."""
        from factcheck.services.core import SourceInfo

        with self._service._session() as session:
            rows = self._load(session, source_ids)
            by_url: dict[str, list[int]] = defaultdict(list)
            for source in rows:
                by_url[source.url].append(source.id or 0)
        report = CheckReport(urls=len(by_url))
        total = len(by_url)
        done = 0
        if on_progress:
            on_progress(0, total, "")

        def on_page(page: FetchedPage) -> None:
            nonlocal done
            with self._writing() as session:
                for source in self._load(session, by_url.get(page.url, [])):
                    record_page(source, page)
                    session.flush()
                    report.sources.append(SourceInfo.of(source))
            done += 1
            if on_progress:
                on_progress(done, total, page.url)

        if by_url:
            fetch_many(list(by_url), options or check_options(), on_page)
        report.sources.sort(key=lambda s: s.id)
        return report

    def check_one(self, source_id: int, *, options: BatchOptions | None = None) -> SourceInfo:
        """Check one source now (the CLI's `source add`, the TUI's background worker)."""
        report = self.check([source_id], options=options)
        if not report.sources:
            raise FactcheckError(f"no source with id {source_id}")
        return report.sources[0]

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A write unit of work (SQLite write lock taken up front, so a reviewer's TUI and a
        checker in another process wait for each other instead of failing)."""
        try:
            with unit_of_work(self._service.engine, write=True) as session:
                yield session
        except SQLAlchemyError as exc:
            orig = getattr(exc, "orig", None)
            raise FactcheckError(f"database error: {str(orig or exc).splitlines()[0]}") from exc

    @staticmethod
    def _load(session: Session, source_ids: Sequence[int]) -> list[Source]:
        found: list[Source] = []
        for part in chunks(list(source_ids)):
            stmt = select(Source).where(col(Source.id).in_(part))
            found.extend(session.execute(stmt).scalars())
        return sorted(found, key=lambda s: s.id or 0)
