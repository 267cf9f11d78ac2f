"""Extracted candidates: accept, discard and edit are versioned and keep every earlier state."""

from __future__ import annotations

import json

import pytest

from factcheck.errors import FactcheckError, StaleVersionError
from factcheck.io.json_import import parse_claim_text
from factcheck.models import ClaimStatus
from factcheck.services import ClaimFilter, FactcheckService

DOCUMENT = {
    "article": {"ref": "greencell-t", "title": "그린셀 매출 2배 목표", "language": "ko"},
    "claims": [
        {"text": "그린셀은 지난해 매출 1700억 원을 기록했다.", "tags": ["extracted"]},
        {"text": "그린셀은 7월 포항에 제2공장을 준공할 예정이다.", "tags": ["extracted"]},
        {"text": "배터리 업계는 긴장하고 있다.", "tags": ["extracted"]},
    ],
}


@pytest.fixture
def candidates(svc: FactcheckService) -> list[int]:
    bundles = parse_claim_text(json.dumps(DOCUMENT, ensure_ascii=False), label="t")
    result = svc.import_bundles(bundles, label="t", status=ClaimStatus.CANDIDATE)
    assert result.claims_added == 3
    return result.new_claim_ids


def test_candidates_count_as_work_only_once_accepted(svc: FactcheckService,
                                                     candidates: list[int]) -> None:
    assert svc.progress().total == 0
    row = svc.accept_candidate(candidates[0])
    assert row.status == "unreviewed" and row.version == 2
    discarded = svc.discard_candidate(candidates[2])
    assert discarded.status == "discarded"
    assert svc.progress().total == 1
    # Discarded is kept, not deleted, and can be accepted after all.
    assert svc.count_claims(ClaimFilter(status="discarded")) == 1
    assert svc.accept_candidate(candidates[2]).status == "unreviewed"
    history = svc.claim_changes(candidates[2])
    assert [(c.old_value, c.new_value) for c in history] == [
        ("candidate", "discarded"), ("discarded", "unreviewed")]
    assert all(c.changed_by == "tester" for c in history)


def test_edit_keeps_the_old_text_and_refuses_a_stale_version(
        svc: FactcheckService, candidates: list[int]) -> None:
    claim_id = candidates[1]
    edited = svc.edit_claim_text(claim_id, "그린셀은 7월 경북 포항에 제2공장을 준공할 예정이다.",
                                 expected_version=1)
    assert edited.text.startswith("그린셀은 7월 경북 포항에") and edited.version == 2
    with pytest.raises(StaleVersionError):
        svc.edit_claim_text(claim_id, "다른 문장이다.", expected_version=1)
    assert svc.claim_detail(claim_id).row.text == edited.text
    change = svc.claim_changes(claim_id)[0]
    assert change.field == "text"
    assert change.old_value == "그린셀은 7월 포항에 제2공장을 준공할 예정이다."
    assert change.claim_version == 2


def test_bad_edits_and_moves_are_refused_with_nothing_changed(
        svc: FactcheckService, candidates: list[int]) -> None:
    with pytest.raises(FactcheckError, match="empty"):
        svc.edit_claim_text(candidates[0], "   ")
    with pytest.raises(FactcheckError, match="already has this text"):
        svc.edit_claim_text(candidates[0], DOCUMENT["claims"][1]["text"])  # type: ignore[index]
    svc.accept_candidate(candidates[0])
    svc.set_verdict(candidates[0], "true")
    with pytest.raises(FactcheckError, match="cannot be discarded"):
        svc.discard_candidate(candidates[0])
    assert svc.claim_detail(candidates[0]).row.status == "reviewed"
    assert svc.claim_changes(candidates[1]) == []
