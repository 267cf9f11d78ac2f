"""`factcheck sources ...`: check source URLs (alive? where do they point? what title?)."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from factcheck.cli.base import app, service, stderr, stdout
from factcheck.errors import FactcheckError
from factcheck.text import one_line, safe_json

if TYPE_CHECKING:
    from factcheck.services import FactcheckService, SourceInfo

sources_app = typer.Typer(help="Check source URLs: status, final URL, title; find dead links.",
                          no_args_is_help=True)
app.add_typer(sources_app, name="sources")


def describe(source: SourceInfo) -> Text:
    """One line about a checked source; the title is outside text, shown escaped."""
    if source.dead:
        reason = source.error or f"HTTP {source.http_status}"
        # Room for a refusal's whole sentence: it ends with the setting that allows the URL.
        return Text(f"source {source.id}: DEAD {one_line(reason, 300)} {one_line(source.url)}")
    parts = [f"source {source.id}: {source.http_status}"]
    if source.content_type:
        parts.append(source.content_type)
    if source.final_url and source.final_url != source.url:
        parts.append(f"-> {one_line(source.final_url)}")
    if source.title:
        parts.append(f'"{one_line(source.title, 100)}"')
    if source.error:
        parts.append(f"({one_line(source.error, 100)})")
    return Text(" ".join(parts))


def check_added_source(svc: FactcheckService, source_id: int) -> SourceInfo:
    """Fetch a just-added source; a dead link is reported, not an error (the source stays)."""
    spinner = (stderr.status(f"checking source {source_id}…") if stderr.is_terminal
               else nullcontext())
    with spinner:
        checked = svc.sources.check_one(source_id)
    if checked.dead:
        stderr.print(Text("warning: ") + describe(checked))
    else:
        stdout.print(describe(checked))
    return checked


@sources_app.command("check")
def sources_check(
    ctx: typer.Context,
    all_sources: Annotated[bool, typer.Option("--all", help="Re-check every source.")] = False,
    stale: Annotated[float | None, typer.Option(
        "--stale", metavar="DAYS", help="Check sources never checked or last checked more "
                                        "than DAYS ago.")] = None,
    timeout: Annotated[float | None, typer.Option(
        "--timeout", help="Seconds to wait for a server; one URL's whole fetch, retries "
                          "included, takes at most 3x that (and at least +5 s) "
                          "[env: FACTCHECK_FETCH_TIMEOUT; default: 10].")] = None,
    retries: Annotated[int, typer.Option("--retries", help="Extra tries after a timeout or a "
                                                           "5xx answer.")] = 2,
    backoff: Annotated[float, typer.Option("--backoff", help="Seconds before the first retry "
                                                             "(doubles each time).")] = 0.5,
    per_host: Annotated[int, typer.Option("--per-host", help="At most this many requests at "
                                                             "once to one host.")] = 2,
    concurrency: Annotated[int, typer.Option("--concurrency", help="At most this many "
                                                                   "requests at once.")] = 8,
) -> None:
    """Fetch source URLs and record status, final URL, title, type, hash; list dead links.

    Without --all or --stale only sources never checked are fetched."""
    if all_sources and stale is not None:
        raise FactcheckError("--all and --stale exclude each other: use one")
    from factcheck.services.sources import check_options

    svc = service(ctx)
    options = check_options(svc.settings.fetch_timeout if timeout is None else timeout,
                            retries=retries, per_host=per_host, concurrency=concurrency,
                            backoff=backoff)
    ids = svc.sources.select(all_sources=all_sources, stale_days=stale)
    with Progress(TextColumn("checking sources"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("{task.description}"), console=stderr,
                  transient=True, disable=not stderr.is_terminal) as bar:
        task = bar.add_task("", total=None)

        def on_progress(done: int, total: int, url: str) -> None:
            bar.update(task, completed=done, total=total, description=one_line(url, 50))

        report = svc.sources.check(ids, options=options, on_progress=on_progress)
    for source in report.dead:
        stdout.print(describe(source))
    stdout.print(Text(report.summary()))


@sources_app.command("list")
def sources_list(
    ctx: typer.Context,
    dead: Annotated[bool, typer.Option("--dead", help="Only dead links.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List sources with what their last check found (status, title, error)."""
    found = service(ctx).sources.listing(dead_only=dead)
    if as_json:
        records = [{"id": s.id, "claim_id": s.claim_id, **s.as_json()} for s in found]
        sys.stdout.write(safe_json(records) + "\n")
        return
    table = Table(title=f"{len(found)} {'dead ' if dead else ''}sources", title_justify="left")
    for name in ("id", "claim", "state", "url", "title / error"):
        table.add_column(name, overflow="fold", no_wrap=name in ("id", "claim", "state"))
    for s in found:
        state = Text(s.check_label, style="bold red" if s.dead else "")
        detail = s.error if s.dead else s.title
        table.add_row(str(s.id), str(s.claim_id), state, Text(one_line(s.url, 80)),
                      Text(one_line(detail, 80)))
    stdout.print(table)
