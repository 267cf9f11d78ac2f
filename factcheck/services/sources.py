"""Source checking: fetch each source URL and record what answered (status, final URL after
redirects, page title, content type, content hash, when, and why it failed).

A URL on a loopback, private or link-local address is not fetched (unless
Settings.allow_private_urls allows the first two): it is recorded like a dead link, with the
refusal as its error (factcheck.fetch.addresses says which addresses and why).

Recording a check result does NOT bump the claim's
version: it is not a reviewer's edit, and a background check must never make a reviewer's
pending verdict fail as stale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlalchemy import or_, select
from sqlmodel import Session, col

from factcheck.errors import FactcheckError
from factcheck.fetch import FetchedPage, FetchLimits
from factcheck.fetch.batch import BatchOptions, fetch_many
from factcheck.models import Source, utcnow
from factcheck.services.results import SourceInfo
from factcheck.services.workspace import Workspace
from factcheck.store.queries import chunks
from factcheck.text import one_line

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


def check_options(timeout: float, *, retries: int = 2, per_host: int = 2,
                  concurrency: int = 8, backoff: float = 0.5) -> BatchOptions:
    """Fetch options for checks waiting `timeout` seconds for a server (Settings.fetch_timeout
    unless --timeout says otherwise). The whole fetch of one URL, retries included, takes 3x
    that at most (and at least timeout + 5 s)."""
    if timeout <= 0:
        raise FactcheckError("--timeout needs a number of seconds > 0")
    limits = FetchLimits.for_timeout(timeout)
    return BatchOptions(per_host=max(1, per_host), concurrency=max(1, concurrency),
                        retries=max(0, retries), backoff=max(0.0, backoff), limits=limits)


class SourceChecks:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    @property
    def automatic(self) -> bool:
        """Whether adding a source fetches it at once (Settings.check_sources)."""
        return self.workspace.settings.check_sources

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
        with self.workspace.session() as session:
            return [sid for (sid,) in session.execute(stmt.order_by(col(Source.id)))]

    def listing(self, *, dead_only: bool = False) -> list[SourceInfo]:
        """Live sources with their last check, in id order; `dead_only` keeps the dead ones."""
        stmt = (select(Source).where(col(Source.retracted_at).is_(None))
                .order_by(col(Source.id)))
        with self.workspace.session() as session:
            found = [SourceInfo.of(s) for s in session.execute(stmt).scalars()]
        return [s for s in found if s.dead] if dead_only else found

    def check(self, source_ids: Sequence[int], *, options: BatchOptions | None = None,
              on_progress: CheckProgress | None = None) -> CheckReport:
        """Fetch the sources' URLs (each distinct URL once) and record the results as they
        arrive, one short transaction each, so an interrupted run keeps what it finished."""
        with self.workspace.session() as session:
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
            with self.workspace.session(write=True) as session:
                for source in self._load(session, by_url.get(page.url, [])):
                    record_page(source, page)
                    session.flush()
                    report.sources.append(SourceInfo.of(source))
            done += 1
            if on_progress:
                on_progress(done, total, page.url)

        if by_url:
            fetch_many(list(by_url), self._options(options), on_page)
        report.sources.sort(key=lambda s: s.id)
        return report

    def check_one(self, source_id: int, *, options: BatchOptions | None = None) -> SourceInfo:
        """Check one source now (the CLI's `source add`, the TUI's background worker)."""
        report = self.check([source_id], options=options)
        if not report.sources:
            raise FactcheckError(f"no source with id {source_id}")
        return report.sources[0]

    def _options(self, options: BatchOptions | None) -> BatchOptions:
        """The given options (else those of Settings.fetch_timeout) under the workspace's
        address policy: whether private addresses are fetched is the setting's call
        (Settings.allow_private_urls), never the caller's options."""
        settings = self.workspace.settings
        options = options or check_options(settings.fetch_timeout)
        return replace(options, limits=replace(options.limits,
                                               allow_private=settings.allow_private_urls))

    @staticmethod
    def _load(session: Session, source_ids: Sequence[int]) -> list[Source]:
        found: list[Source] = []
        for part in chunks(list(source_ids)):
            stmt = select(Source).where(col(Source.id).in_(part))
            found.extend(session.execute(stmt).scalars())
        return sorted(found, key=lambda s: s.id or 0)
