"""How fast the review app is on a big database: seeds N claims, then drives the real app with
Pilot and prints medians over a few runs of

- first paint: from starting the app to the claim table showing its first page,
- filter: from choosing language=en to the narrowed table,
- search: from submitting a search to the narrowed table,
- last page: from `G` to the last page being shown,
- overview: from `o` to the overview screen showing its figures,
- to approve: from `w` to the table of verdicts by others waiting for a second reviewer.

    uv run python bench/tui_start.py --n 100000 --runs 5
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlmodel import col
from textual.pilot import Pilot
from textual.widgets import Input, Select

from factcheck.config import Settings
from factcheck.models import (
    RATING_SCALE,
    Article,
    Claim,
    ClaimStatus,
    Verdict,
    VerdictReview,
    utcnow,
)
from factcheck.services import FactcheckService
from factcheck.store import queries as q
from factcheck.store import unit_of_work
from factcheck.tui.app import create_app
from factcheck.tui.screens.overview import OverviewScreen
from factcheck.tui.widgets.claim_table import ClaimTable
from factcheck.tui.widgets.filter_bar import FilterBar

KO = ["엔비디아 주가가 하루 만에 {n}% 떨어졌다.", "지푸 AI는 {n}개 기업과 계약을 맺었다.",
      "문샷 AI는 마케팅 비용을 {n}% 줄였다.", "중국 AI 스타트업 {n}곳이 모델 개발을 접었다."]
EN = ["Nvidia lost {n}% of its value in one day.", "Zhipu AI signed contracts with {n} firms.",
      "Moonshot AI cut its marketing spending by {n}%.", "{n} Chinese start-ups quit models."]
ARTICLES = 200
REVIEWED_SHARE = 0.1


def seed(service: FactcheckService, n: int) -> None:
    rng = random.Random(7)
    with unit_of_work(service.workspace.engine) as session:
        articles = [Article(ref=f"bench-{i}", title=f"Bench article {i}",
                            language="ko" if i % 2 else "en") for i in range(ARTICLES)]
        session.add_all(articles)
        session.flush()
        rows = []
        for i in range(n):
            article = articles[i % ARTICLES]
            template = rng.choice(KO if article.language == "ko" else EN)
            rows.append({"article_id": article.id, "ref": f"c{i}",
                         "text": template.format(n=rng.randint(2, 90)),
                         "language": article.language,
                         "speaker": "Kai-Fu Lee" if i % 97 == 0 else None})
        ids = q.insert_claims(session=session, rows=rows)
        reviewed = rng.sample(ids, int(len(ids) * REVIEWED_SHARE))
        now = utcnow()
        session.execute(insert(Verdict), [
            {"claim_id": claim_id, "rating": rng.choice(RATING_SCALE).value,
             "rationale": "bench", "reviewer": "kim", "created_at": now}
            for claim_id in reviewed])
        for part in q.chunks(reviewed):
            session.execute(update(Claim).where(col(Claim.id).in_(part))
                            .values(status=ClaimStatus.REVIEWED.value))
        # Second review on part of them (approvals, returns, blind ratings) and assignees, so
        # the overview's joins have rows to work through.
        verdicts = session.execute(select(col(Verdict.id), col(Verdict.claim_id),
                                          col(Verdict.rating))).all()
        decisions = []
        for verdict_id, claim_id, _rating in verdicts:
            roll = rng.random()
            if roll < 0.5:
                decisions.append({"verdict_id": verdict_id, "claim_id": claim_id,
                                  "decision": "approved", "reviewer": "lee",
                                  "created_at": now, "rating": None, "blind": False,
                                  "comment": None})
            elif roll < 0.7:
                decisions.append({"verdict_id": verdict_id, "claim_id": claim_id,
                                  "decision": "returned", "reviewer": "ana",
                                  "created_at": now, "blind": True,
                                  "rating": rng.choice(RATING_SCALE).value, "comment": "x"})
        session.execute(insert(VerdictReview), decisions)
        for k, part in enumerate(q.chunks(rng.sample(ids, len(ids) // 5))):
            session.execute(update(Claim).where(col(Claim.id).in_(part))
                            .values(assignee=f"reviewer{k % 7}"))


async def wait_until(pilot: Pilot[None], done: Callable[[], bool], limit_s: float = 60) -> None:
    deadline = time.perf_counter() + limit_s
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(0.005)


async def one_run(service: FactcheckService) -> dict[str, float]:
    figures: dict[str, float] = {}
    app = create_app(service)
    start = time.perf_counter()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(app.screen.query(ClaimTable))
                         and app.screen.query_one(ClaimTable).row_count > 0)
        figures["first paint"] = time.perf_counter() - start
        table = app.screen.query_one(ClaimTable)
        everything = table.total
        await wait_until(pilot, lambda: not [w for w in app.workers if not w.is_finished])

        before = table.total
        start = time.perf_counter()
        app.screen.query_one("#filter-language", Select).value = "en"
        await wait_until(pilot, lambda: table.total != before)
        figures["filter language=en"] = time.perf_counter() - start

        before = table.total
        search = app.screen.query_one("#search", Input)
        search.focus()
        search.value = "nvidia"
        start = time.perf_counter()
        # What enter does, without Pilot's wait-for-idle inside the measured time.
        await search.action_submit()
        await wait_until(pilot, lambda: table.total != before)
        figures["search 'nvidia'"] = time.perf_counter() - start

        start = time.perf_counter()
        table.action_last()  # what G does
        await wait_until(pilot, lambda: table.page_start + len(table.claims) == table.total)
        figures["G (last page)"] = time.perf_counter() - start

        # (the search box has the focus, where o would be typed: what the key does)
        start = time.perf_counter()
        await app.run_action("overview")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen)
                         and bool(app.screen.query("#figures"))
                         and bool(app.screen.query_one("#figures").display))
        figures["o (overview)"] = time.perf_counter() - start
        await pilot.press("escape")
        await wait_until(pilot, lambda: bool(app.screen.query(ClaimTable)))

        # Every claim again, then w: kim's verdicts no second reviewer has decided on.
        app.screen.query_one("#filter-language", Select).clear()
        app.screen.query_one(FilterBar).clear_search()
        await wait_until(pilot, lambda: table.total == everything)
        start = time.perf_counter()
        await app.run_action("screen.to_approve")
        await wait_until(pilot, lambda: table.total not in (everything, 0)
                         and len(table.claims) > 0)
        figures["w (to approve)"] = time.perf_counter() - start
        await pilot.press("q")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="claims to seed")
    parser.add_argument("--runs", type=int, default=5, help="app starts to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        service = FactcheckService(Settings.load(db=str(Path(folder) / "bench.db"),
                                                 reviewer="bench"))
        started = time.perf_counter()
        seed(service, args.n)
        print(f"seeded {args.n:,} claims ({ARTICLES} articles, {REVIEWED_SHARE:.0%} with a "
              f"verdict) in {time.perf_counter() - started:.1f} s")
        runs = [asyncio.run(one_run(service)) for _ in range(args.runs)]
        service.close()
    print(f"median of {args.runs} runs, 100x30 terminal:")
    for name in runs[0]:
        values = [run[name] for run in runs]
        print(f"  {name:<20} {statistics.median(values) * 1000:8.0f} ms"
              f"   (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})")


if __name__ == "__main__":
    main()
