"""Conflicts as a reviewer means them: two reviewers (two services) on one real SQLite file.

A verdict, or the undo of one, is refused as stale only when the claim's text or verdict
changed since the reviewer loaded it; another reviewer's source merges instead."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from factcheck.config import Settings
from factcheck.errors import StaleVersionError
from factcheck.services import FactcheckService
from factcheck.store import queries as q
from factcheck.store import unit_of_work


@pytest.fixture
def bob(db_url: str, sample_svc: FactcheckService) -> Iterator[FactcheckService]:
    other = FactcheckService(Settings.load(db=db_url, reviewer="bob"))
    yield other
    other.close()


def _loaded(svc: FactcheckService) -> tuple[int, int]:
    row = svc.list_claims()[0]
    return row.id, row.version


def test_a_source_by_someone_else_does_not_make_a_verdict_stale(
        sample_svc: FactcheckService, bob: FactcheckService) -> None:
    claim_id, seen = _loaded(sample_svc)
    bob.add_source(claim_id, "https://example.org/bob", stance="refutes", note="bob's")

    info = sample_svc.set_verdict(claim_id, "false", rationale="mine", expected_version=seen)
    assert info.claim_version == seen + 2  # bob's source, then the verdict
    detail = bob.claim_detail(claim_id)
    assert [(s.url, s.added_by) for s in detail.sources] == [("https://example.org/bob", "bob")]
    assert [(v.rating, v.reviewer) for v in detail.history] == [("false", "tester")]
    assert (detail.row.verdict, detail.row.status) == ("false", "reviewed")


def test_a_verdict_by_someone_else_makes_a_verdict_stale_and_nothing_is_overwritten(
        sample_svc: FactcheckService, bob: FactcheckService) -> None:
    claim_id, seen = _loaded(sample_svc)
    bob.add_source(claim_id, "https://example.org/bob")
    bob.set_verdict(claim_id, "true", rationale="bob read the filing")

    with pytest.raises(StaleVersionError) as refused:
        sample_svc.set_verdict(claim_id, "false", expected_version=seen)
    assert "\n" not in refused.value.message and "bob" in refused.value.message
    assert (refused.value.expected, refused.value.current) == (seen, seen + 2)
    detail = sample_svc.claim_detail(claim_id)
    assert [(v.rating, v.reviewer) for v in detail.history] == [("true", "bob")]
    assert detail.row.verdict == "true"


def test_a_new_wording_by_someone_else_makes_a_verdict_stale(
        sample_svc: FactcheckService, bob: FactcheckService) -> None:
    claim_id, seen = _loaded(sample_svc)
    bob.edit_claim_text(claim_id, "A different claim altogether, as bob reworded it.")

    with pytest.raises(StaleVersionError):
        sample_svc.set_verdict(claim_id, "false", expected_version=seen)
    assert sample_svc.claim_detail(claim_id).history == []


def test_sources_added_at_once_by_two_reviewers_both_land(
        sample_svc: FactcheckService, bob: FactcheckService) -> None:
    claim_id, seen = _loaded(sample_svc)
    bob.add_source(claim_id, "https://example.org/bob")
    sample_svc.add_source(claim_id, "https://example.org/mine")
    # Both on the version they loaded: neither is a conflict, both verdict checks still pass.
    assert [s.url for s in sample_svc.claim_detail(claim_id).sources] == [
        "https://example.org/bob", "https://example.org/mine"]
    sample_svc.set_verdict(claim_id, "mixed", expected_version=seen)


def test_undo_of_a_verdict_is_stale_only_after_a_verdict_by_someone_else(
        sample_svc: FactcheckService, bob: FactcheckService) -> None:
    claim_id, seen = _loaded(sample_svc)
    mine = sample_svc.set_verdict(claim_id, "false", expected_version=seen)
    bob.add_source(claim_id, "https://example.org/bob")
    undone = sample_svc.undo_verdict(mine.id, expected_version=mine.claim_version)
    assert undone.rating is None

    again = sample_svc.set_verdict(claim_id, "false", expected_version=undone.claim_version)
    bob.set_verdict(claim_id, "true")
    with pytest.raises(StaleVersionError):
        sample_svc.undo_verdict(again.id, expected_version=again.claim_version)
    assert sample_svc.claim_detail(claim_id).row.verdict == "true"


def test_the_verdict_check_is_in_sql(sample_svc: FactcheckService,
                                     bob: FactcheckService) -> None:
    """A claim read before bob's verdict committed is still refused, by the UPDATE itself."""
    claim_id, seen = _loaded(sample_svc)
    with unit_of_work(sample_svc.workspace.engine) as session:
        read = q.get_claim(session=session, claim_id=claim_id)
    bob.set_verdict(claim_id, "true")  # lands between our read and our write
    with unit_of_work(sample_svc.workspace.engine, write=True) as session:
        claim = session.merge(read, load=False)
        with pytest.raises(StaleVersionError):
            q.bump_version(session=session, claim=claim, expected_version=seen,
                           kind=q.ChangeKind.REVIEW)
    assert [v.reviewer for v in sample_svc.claim_detail(claim_id).history] == ["bob"]
