"""Helpers for the TUI tests: a real app on a real SQLite file, driven by Pilot."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp, create_app

SIZE = (100, 30)

# Korean and English claims, and one whose text tries markup, an escape sequence and a bell.
REVIEW_FIXTURE = [
    {
        "article": {"ref": "ko-news", "title": "딥시크 이후 중국 AI 스타트업", "outlet": "AI타임스",
                    "language": "ko", "published": "2025-03-26",
                    "url": "https://example.org/ko-news"},
        "claims": [
            {"ref": "k1",
             "text": "딥시크 충격 직후 엔비디아 주가는 미국 증시 역사상 "
                     "하루 최대 낙폭을 기록했다."},
            {"ref": "k2", "text": "지푸 AI는 기업공개(IPO)를 준비하고 있다.",
             "speaker": "지푸 AI 대변인", "context": "3월 25일 기자회견"},
            {"ref": "k3", "text": "문샷 AI는 마케팅 비용을 대폭 삭감했다."},
        ],
    },
    {
        "article": {"ref": "en-wire", "title": "Chinese AI start-ups pivot",
                    "outlet": "Sample Wire", "language": "en", "published": "2025-03-25"},
        "claims": [
            {"ref": "e1", "text": "Nvidia suffered the largest one-day loss in US stock market "
                                  "history."},
            {"ref": "e2", "text": "Only three AI model makers will survive in China.",
             "speaker": "Kai-Fu Lee"},
            {"ref": "e3", "text": "[bold red]x[/] is \x1b[31mred\x1b[0m and rings \x07 a bell"},
        ],
    },
]


@pytest.fixture
def review_svc(svc: FactcheckService, workdir: Path) -> FactcheckService:
    """Six claims (3 Korean, 3 English, one markup-bearing) in a fresh database."""
    folder = workdir / "review-claims"
    folder.mkdir()
    for index, bundle in enumerate(REVIEW_FIXTURE):
        (folder / f"{index}.json").write_text(json.dumps(bundle, ensure_ascii=False), "utf-8")
    report = svc.import_paths([folder])
    assert not report.errors
    return svc


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker (and the work they start on completion) has finished."""
    app = pilot.app
    for _ in range(20):
        await pilot.pause()
        running = [w for w in app.workers if not w.is_finished]
        if not running:
            await pilot.pause()
            if not [w for w in app.workers if not w.is_finished]:
                return
        await app.workers.wait_for_complete()
    raise AssertionError("workers did not settle")


def run_app(service: FactcheckService,
            scenario: Callable[[FactcheckApp, Pilot[None]], Awaitable[None]],
            size: tuple[int, int] = SIZE) -> None:
    async def main() -> None:
        app = create_app(service)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(app, pilot)

    asyncio.run(main())
