"""Verdicts, sources, undo and the version check: history is appended, never overwritten."""

from __future__ import annotations

import threading

import pytest

from factcheck.config import Settings, reviewer_name
from factcheck.errors import FactcheckError, StaleVersionError
from factcheck.models import RATING_SCALE, RATING_VALUES, Rating
from factcheck.services import FactcheckService


def test_rating_scale_order_and_values() -> None:
    assert [r.value for r in RATING_SCALE] == [
        "true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unproven",
        "not-checkable"]
    assert [RATING_VALUES.get(r) for r in RATING_SCALE] == [5, 4, 3, 2, 1, None, None, None]


def test_changing_a_verdict_appends_history(sample_svc: FactcheckService) -> None:
    claim_id = sample_svc.list_claims()[0].id
    sample_svc.set_verdict(claim_id, Rating.MIXED, rationale="first look", reviewer="kim")
    sample_svc.set_verdict(claim_id, "false", rationale="after the filing", reviewer="lee")
    detail = sample_svc.claim_detail(claim_id)
    assert [(v.rating, v.rationale, v.reviewer) for v in detail.history] == [
        ("mixed", "first look", "kim"), ("false", "after the filing", "lee")]
    assert (detail.row.verdict, detail.row.reviewer, detail.row.status) == (
        "false", "lee", "reviewed")


def test_stale_version_is_refused_and_names_the_newer_verdict(
    db_url: str, sample_svc: FactcheckService
) -> None:
    row = sample_svc.list_claims()[0]
    other = FactcheckService(Settings.load(db=db_url, reviewer="park"))
    try:
        other.set_verdict(row.id, "true", rationale="checked the filing",
                          expected_version=row.version)
        with pytest.raises(StaleVersionError) as err:
            sample_svc.set_verdict(row.id, "false", expected_version=row.version)
        assert err.value.current_verdict == "true" and err.value.current_reviewer == "park"
        assert "its verdict is now true by park" in err.value.message
        assert [v.rating for v in sample_svc.claim_detail(row.id).history] == ["true"]
        fresh = sample_svc.claim_detail(row.id).row
        sample_svc.set_verdict(row.id, "false", expected_version=fresh.version)
        assert sample_svc.claim_detail(row.id).row.verdict == "false"
    finally:
        other.close()


def test_undo_restores_the_previous_verdict_by_appending(sample_svc: FactcheckService) -> None:
    claim_id = sample_svc.list_claims()[0].id
    sample_svc.set_verdict(claim_id, "true", rationale="one")
    second = sample_svc.set_verdict(claim_id, "false", rationale="two")
    undo = sample_svc.undo_verdict(second.id)
    assert (undo.rating, undo.rationale, undo.undoes_verdict_id) == ("true", "one", second.id)
    assert len(sample_svc.claim_detail(claim_id).history) == 3
    assert sample_svc.claim_detail(claim_id).row.verdict == "true"


def test_sources_move_status_and_undo_retracts(sample_svc: FactcheckService) -> None:
    claim_id = sample_svc.list_claims()[0].id
    source = sample_svc.add_source(claim_id, " https://example.org/a ", stance="refutes",
                                   note="figures")
    assert source.url == "https://example.org/a" and source.added_by == "tester"
    assert sample_svc.claim_detail(claim_id).row.status == "in_review"
    sample_svc.retract_source(source.id)
    detail = sample_svc.claim_detail(claim_id)
    assert detail.sources == [] and detail.row.status == "unreviewed"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "data:text/html,hi", "example.org",
                                 "javascript:alert(1)"])
def test_only_http_sources(sample_svc: FactcheckService, url: str) -> None:
    with pytest.raises(FactcheckError, match="expected an http:// or https:// address"):
        sample_svc.add_source(sample_svc.list_claims()[0].id, url)


def test_unknown_rating_and_stance_are_clear(sample_svc: FactcheckService) -> None:
    claim_id = sample_svc.list_claims()[0].id
    with pytest.raises(FactcheckError, match='unknown rating "fasle"'):
        sample_svc.set_verdict(claim_id, "fasle")
    with pytest.raises(FactcheckError, match='unknown stance "agrees"'):
        sample_svc.add_source(claim_id, "https://e.org", stance="agrees")


def test_reviewer_name_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_REVIEWER", "env-name")
    assert reviewer_name("cli-name") == "cli-name"
    assert reviewer_name(None) == "env-name"
    monkeypatch.delenv("FACTCHECK_REVIEWER")
    assert reviewer_name(None)  # falls back to the OS user


def test_two_writers_on_one_file_lose_nothing(db_url: str, sample_svc: FactcheckService) -> None:
    """WAL and the busy timeout let two processes' worth of writers share the file."""
    ids = [r.id for r in sample_svc.list_claims()]
    other = FactcheckService(Settings.load(db=db_url, reviewer="park"))
    errors: list[BaseException] = []

    def write(svc: FactcheckService, rating: str) -> None:
        try:
            for claim_id in ids:
                svc.add_source(claim_id, f"https://example.org/{rating}/{claim_id}")
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, r))
               for s, r in ((sample_svc, "a"), (other, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert errors == []
    assert sum(r.source_count for r in sample_svc.list_claims()) == 2 * len(ids)
