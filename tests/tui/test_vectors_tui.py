"""The review app and sentence vectors: claims without one are named on start, `V` computes
them in a worker with its progress in the header, and the matches they find are stored.
A real app on a real SQLite file, driven by Pilot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot

from factcheck.config import Settings
from factcheck.services import FactcheckService
from factcheck.tui import app as app_module
from factcheck.tui.app import FactcheckApp
from factcheck.tui.widgets.review_header import ReviewHeader
from tests.tui.conftest import REVIEW_FIXTURE, run_app, settle


def messages(app: FactcheckApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.fixture
def unembedded_svc(workdir: Path, db_url: str,
                   monkeypatch: pytest.MonkeyPatch) -> FactcheckService:
    """The review fixture imported with the encoder off, opened with it on again."""
    folder = workdir / "review-claims"
    folder.mkdir()
    for index, bundle in enumerate(REVIEW_FIXTURE):
        (folder / f"{index}.json").write_text(json.dumps(bundle, ensure_ascii=False), "utf-8")
    monkeypatch.setenv("FACTCHECK_ENCODER", "off")
    off = FactcheckService(Settings.load(db=db_url, reviewer="tester"))
    assert not off.import_paths([folder]).errors
    off.close()
    monkeypatch.delenv("FACTCHECK_ENCODER")
    service = FactcheckService(Settings.load(db=db_url, reviewer="tester"))
    assert service.vectors.waiting() == 6
    return service


def test_v_computes_the_missing_vectors_showing_progress(
        unembedded_svc: FactcheckService, db_url: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    original = app_module.FactcheckApp._set_activity

    def record(self: FactcheckApp, activity: str) -> None:
        shown.append(activity)
        original(self, activity)

    monkeypatch.setattr(app_module.FactcheckApp, "_set_activity", record)

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        assert any("6 claims wait for a sentence vector" in m for m in messages(app))
        await pilot.press("V")
        await settle(pilot)
        assert any(m.startswith("Sentence vectors computed") for m in messages(app))
        assert app.screen.query_one(ReviewHeader).activity == ""

    run_app(unembedded_svc, scenario)
    unembedded_svc.close()
    assert any(a.startswith("embedding") for a in shown)
    assert shown[-1] == ""
    check = FactcheckService(Settings.load(db=db_url, reviewer="tester"))
    assert check.vectors.waiting() == 0
    check.close()


def test_with_every_vector_there_v_says_so(review_svc: FactcheckService) -> None:
    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        assert not any("sentence vector" in m for m in messages(app))
        await pilot.press("V")
        await settle(pilot)
        assert "Every claim has a sentence vector." in messages(app)

    run_app(review_svc, scenario)
