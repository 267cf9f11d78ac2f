"""The review session without the app: undo, own versions, stale claims, the write lock
(plain pytest on a real SQLite file; no Pilot)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator

import pytest

from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.io.json_import import parse_claim_text
from factcheck.models import ClaimStatus, Rating, Stance
from factcheck.services import FactcheckService
from factcheck.store import queries as q
from factcheck.store import unit_of_work
from factcheck.tui.session import (
    ReviewSession,
    SourceChoice,
    UndoEntry,
    VerdictChoice,
    VerdictConflict,
)

FALSE = VerdictChoice(Rating.FALSE, "the filing says otherwise")


@pytest.fixture
def session(sample_svc: FactcheckService) -> ReviewSession:
    return ReviewSession(sample_svc)


@pytest.fixture
def alice(db_url: str, sample_svc: FactcheckService) -> Iterator[FactcheckService]:
    """Another reviewer on the same database file."""
    other = FactcheckService(Settings.load(db=db_url, reviewer="alice"))
    yield other
    other.close()


def _first(svc: FactcheckService) -> tuple[int, int]:
    row = svc.list_claims()[0]
    return row.id, row.version


def _source(url: str) -> SourceChoice:
    return SourceChoice(url, Stance.REFUTES, "annual report")


def _saved(outcome: UndoEntry | VerdictConflict) -> UndoEntry:
    assert isinstance(outcome, UndoEntry), outcome
    return outcome


def test_undo_of_a_verdict_appends_history(session: ReviewSession,
                                           sample_svc: FactcheckService) -> None:
    claim_id, seen = _first(sample_svc)
    entry = _saved(session.set_verdict(claim_id, seen, FALSE))
    assert entry.label == f"verdict false on claim #{claim_id}"
    assert session.undo_entries == (entry,)

    undone = session.undo_last()
    assert undone is not None and undone.entry == entry
    row = sample_svc.claim_detail(claim_id).row
    assert (row.verdict, row.status, row.version) == (None, "unreviewed", undone.claim_version)
    history = sample_svc.claim_detail(claim_id).history
    assert [(v.rating, v.undoes_verdict_id) for v in history] == [("false", None),
                                                                   (None, entry.item_id)]
    assert not session.can_undo and session.undo_last() is None


def test_undo_of_a_source_retracts_it_and_undo_goes_newest_first(
        session: ReviewSession, sample_svc: FactcheckService) -> None:
    claim_id, seen = _first(sample_svc)
    verdict = _saved(session.set_verdict(claim_id, seen, FALSE))
    source = session.add_source(claim_id, _source("https://example.org/report"))
    assert (source.kind, source.label) == ("source", f"source on claim #{claim_id}")

    first = session.undo_last()
    assert first is not None and first.entry == source
    row = sample_svc.claim_detail(claim_id).row
    assert (row.source_count, row.verdict) == (0, "false")
    with unit_of_work(sample_svc.workspace.engine) as db:
        kept = q.sources_by_claim(session=db, claim_ids=[claim_id], include_retracted=True)
    assert [s.retracted_at is not None for s in kept[claim_id]] == [True]

    second = session.undo_last()
    assert second is not None and second.entry == verdict
    assert sample_svc.claim_detail(claim_id).row.verdict is None


def test_a_second_write_on_the_row_seen_before_our_own_is_not_stale(
        session: ReviewSession, sample_svc: FactcheckService) -> None:
    claim_id, seen = _first(sample_svc)
    session.add_source(claim_id, _source("https://example.org/a"))
    # The reviewer still looks at the row as loaded before that source (version `seen`).
    entry = _saved(session.set_verdict(claim_id, seen, FALSE))
    again = _saved(session.set_verdict(claim_id, seen, VerdictChoice(Rating.MIXED, None)))
    row = sample_svc.claim_detail(claim_id).row
    assert (row.verdict, row.source_count) == ("mixed", 1)
    assert session.own_version(claim_id) == row.version == again.claim_version
    assert entry.claim_version < again.claim_version


def test_a_verdict_on_a_claim_someone_else_changed_is_a_conflict(
        session: ReviewSession, sample_svc: FactcheckService, alice: FactcheckService) -> None:
    claim_id, seen = _first(sample_svc)
    alice.set_verdict(claim_id, "true", rationale="alice read the filing")

    conflict = session.set_verdict(claim_id, seen, FALSE)
    assert isinstance(conflict, VerdictConflict)
    assert (conflict.stale.expected, conflict.stale.current) == (seen, seen + 1)
    assert conflict.current.row.verdict == "true" and conflict.current.row.reviewer == "alice"
    assert [v.reviewer for v in sample_svc.claim_detail(claim_id).history] == ["alice"]
    assert not session.can_undo and session.own_version(claim_id) is None

    # Overwriting: the reviewer saw the newer version in the conflict dialog.
    _saved(session.set_verdict(claim_id, conflict.current.row.version, FALSE))
    history = sample_svc.claim_detail(claim_id).history
    assert [(v.rating, v.reviewer) for v in history] == [("true", "alice"), ("false", "tester")]


def test_our_own_change_does_not_hide_a_later_one_by_someone_else(
        session: ReviewSession, sample_svc: FactcheckService, alice: FactcheckService) -> None:
    claim_id, seen = _first(sample_svc)
    _saved(session.set_verdict(claim_id, seen, FALSE))
    alice.set_verdict(claim_id, "mixed")
    assert isinstance(session.set_verdict(claim_id, seen, FALSE), VerdictConflict)


def test_undo_is_refused_when_someone_else_changed_the_claim(
        session: ReviewSession, sample_svc: FactcheckService, alice: FactcheckService) -> None:
    claim_id, seen = _first(sample_svc)
    _saved(session.set_verdict(claim_id, seen, FALSE))
    alice.set_verdict(claim_id, "mixed", rationale="alice's")

    with pytest.raises(FactcheckError, match="cannot undo the verdict false") as refused:
        session.undo_last()
    assert "alice" in refused.value.message
    history = sample_svc.claim_detail(claim_id).history
    assert [(v.rating, v.reviewer) for v in history] == [("false", "tester"), ("mixed", "alice")]
    assert not session.can_undo


def test_candidate_changes_count_as_our_own(svc: FactcheckService) -> None:
    document = {"article": {"ref": "bikes", "title": "Bikes"},
                "claims": [{"text": "Bike rentals passed 10 million.", "tags": ["extracted"]}]}
    bundles = parse_claim_text(json.dumps(document), label="t")
    claim_id = svc.import_bundles(bundles, label="t",
                                  status=ClaimStatus.CANDIDATE).new_claim_ids[0]
    session = ReviewSession(svc)
    seen = svc.claim_detail(claim_id).row.version

    session.edit_claim_text(claim_id, seen, "Bike rentals passed 10 million in 2024.")
    row = session.accept_candidate(claim_id, seen)  # on the row shown before the rewording
    assert (row.status, row.text) == ("unreviewed", "Bike rentals passed 10 million in 2024.")
    assert session.own_version(claim_id) == row.version == seen + 2
    _saved(session.set_verdict(claim_id, seen, FALSE))
    assert [e.kind for e in session.undo_entries] == ["verdict"]  # rewording is not undone


def test_reused_verdict_is_undone_like_any_verdict(session: ReviewSession,
                                                   sample_svc: FactcheckService) -> None:
    ids = {row.claim_ref: row for row in sample_svc.list_claims()}
    k6, b4 = ids["k6"], ids["b4"]
    sample_svc.set_verdict(b4.id, "mostly-true", reviewer="park")

    entry = session.reuse_verdict(k6.id, k6.version, b4.id)
    assert entry.label == f"verdict mostly-true on claim #{k6.id}, reused from #{b4.id}"
    assert sample_svc.claim_detail(k6.id).history[-1].reused_from_claim_id == b4.id
    session.undo_last()
    assert sample_svc.claim_detail(k6.id).row.verdict is None


def test_judging_a_pair_is_stored(session: ReviewSession, sample_svc: FactcheckService) -> None:
    ids = {row.claim_ref: row.id for row in sample_svc.list_claims()}
    assert session.judge_pair(ids["k6"], ids["b4"], same=False).status == "rejected"
    link = sample_svc.matching.link_between(ids["k6"], ids["b4"])
    assert link is not None and link.status == "rejected"
    assert session.judge_pair(ids["k6"], ids["b4"], same=True).status == "confirmed"


def test_the_lock_serialises_writes_from_two_threads(session: ReviewSession,
                                                     sample_svc: FactcheckService) -> None:
    """Two workers write to one claim at once, both on the row as first loaded: each write
    sees the other's version as the session's own, so none is refused as stale."""
    claim_id, seen = _first(sample_svc)
    rounds = 15
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def verdicts() -> None:
        start.wait()
        for _ in range(rounds):
            if isinstance(session.set_verdict(claim_id, seen, FALSE), VerdictConflict):
                failures.append(AssertionError("a verdict was taken for a stale one"))

    def sources() -> None:
        start.wait()
        for n in range(rounds):
            session.add_source(claim_id, _source(f"https://example.org/{n}"))

    def guarded(job: Callable[[], None]) -> None:
        try:
            job()
        except BaseException as error:  # a thread's failure is only seen if kept
            failures.append(error)

    threads = [threading.Thread(target=guarded, args=(job,)) for job in (verdicts, sources)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []

    entries = session.undo_entries
    assert sorted(e.kind for e in entries) == ["source"] * rounds + ["verdict"] * rounds
    # One change at a time: each left the claim one version further, in the stack's order.
    assert [e.claim_version for e in entries] == list(range(seen + 1, seen + 1 + 2 * rounds))
    row = sample_svc.claim_detail(claim_id).row
    assert session.own_version(claim_id) == row.version == seen + 2 * rounds
    assert row.source_count == rounds


def test_a_source_by_someone_else_is_merged_not_a_conflict(
        session: ReviewSession, sample_svc: FactcheckService, alice: FactcheckService) -> None:
    claim_id, seen = _first(sample_svc)
    session.add_source(claim_id, _source("https://example.org/mine"))
    alice.add_source(claim_id, "https://example.org/alice", stance="supports")  # both land

    entry = _saved(session.set_verdict(claim_id, seen, FALSE))
    assert entry.merged == 1  # alice's source; our own source is not counted
    detail = sample_svc.claim_detail(claim_id)
    assert [(s.url, s.added_by) for s in detail.sources] == [
        ("https://example.org/mine", "tester"), ("https://example.org/alice", "alice")]
    assert [(v.rating, v.reviewer) for v in detail.history] == [("false", "tester")]

    alice.add_source(claim_id, "https://example.org/alice-2")
    undone = session.undo_last()  # the verdict: alice's second source does not block it
    assert undone is not None and undone.entry == entry
    assert sample_svc.claim_detail(claim_id).row.verdict is None


def test_a_new_wording_by_someone_else_is_a_conflict(
        session: ReviewSession, sample_svc: FactcheckService, alice: FactcheckService) -> None:
    claim_id, seen = _first(sample_svc)
    alice.edit_claim_text(claim_id, "Alice worded this claim quite differently.")
    conflict = session.set_verdict(claim_id, seen, FALSE)
    assert isinstance(conflict, VerdictConflict)
    assert conflict.current.row.text == "Alice worded this claim quite differently."
    assert sample_svc.claim_detail(claim_id).history == []


def test_undoing_our_own_source_after_someone_elses_is_no_conflict(
        session: ReviewSession, sample_svc: FactcheckService, alice: FactcheckService) -> None:
    """The undo of a source is checked like the source itself: adding never conflicts, so
    taking our own back does not either, whatever alice added meanwhile."""
    claim_id, _ = _first(sample_svc)
    session.add_source(claim_id, _source("https://example.org/mine"))
    alice.add_source(claim_id, "https://example.org/alice", stance="supports")
    alice.set_verdict(claim_id, "mixed")  # even a verdict: our source is ours to take back

    undone = session.undo_last()
    assert undone is not None and undone.entry.kind == "source"
    detail = sample_svc.claim_detail(claim_id)
    assert [s.url for s in detail.sources] == ["https://example.org/alice"]
    assert [(s.url, s.added_by, s.retracted_by) for s in detail.retracted_sources] == [
        ("https://example.org/mine", "tester", "tester")]
    assert detail.row.verdict == "mixed"


def test_a_source_retracted_already_is_one_clear_refusal(
        sample_svc: FactcheckService, alice: FactcheckService) -> None:
    claim_id, _ = _first(sample_svc)
    source = sample_svc.add_source(claim_id, "https://example.org/once")
    alice.retract_source(source.id)
    with pytest.raises(FactcheckError, match=rf"^source {source.id} was already retracted "
                                             r"by alice$"):
        sample_svc.retract_source(source.id)


def _extracted(svc: FactcheckService) -> int:
    document = {"article": {"ref": "bikes", "title": "Bikes"},
                "claims": [{"text": "Bike rentals passed 10 million.", "tags": ["extracted"]}]}
    bundles = parse_claim_text(json.dumps(document), label="t")
    return svc.import_bundles(bundles, label="t", status=ClaimStatus.CANDIDATE).new_claim_ids[0]


@pytest.mark.parametrize("decision", ["accept", "discard"])
def test_accepting_or_discarding_after_someone_elses_source_or_pair_is_merged(
        sample_svc: FactcheckService, db_url: str, decision: str) -> None:
    """accept/discard are stale only when the claim's text or status changed since it was
    loaded: alice's source and her duplicate decision in between are no conflict."""
    svc = sample_svc
    other = svc.list_claims()[0].id
    claim_id = _extracted(svc)
    session = ReviewSession(svc)
    seen = svc.claim_detail(claim_id).row.version
    alice = FactcheckService(Settings.load(db=db_url, reviewer="alice"))
    try:
        alice.add_source(claim_id, "https://example.org/alice")
        alice.matching.reject(claim_id, other)
        act = session.accept_candidate if decision == "accept" else session.discard_candidate
        row = act(claim_id, seen)
    finally:
        alice.close()
    assert row.status == ("unreviewed" if decision == "accept" else "discarded")
    [change] = svc.claim_changes(claim_id)
    assert (change.field, change.old_value, change.changed_by) == ("status", "candidate",
                                                                    "tester")


def test_accepting_after_someone_else_discarded_is_stale(svc: FactcheckService,
                                                         db_url: str) -> None:
    claim_id = _extracted(svc)
    session = ReviewSession(svc)
    seen = svc.claim_detail(claim_id).row.version
    alice = FactcheckService(Settings.load(db=db_url, reviewer="alice"))
    try:
        alice.discard_candidate(claim_id)
    finally:
        alice.close()
    with pytest.raises(FactcheckError, match="changed since it was loaded"):
        session.accept_candidate(claim_id, seen)
    assert svc.claim_detail(claim_id).row.status == "discarded"  # alice's decision stays


def test_a_session_without_a_reviewer_changes_nothing_until_named(
        sample_svc: FactcheckService, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.config import ReviewerUse

    monkeypatch.delenv("FACTCHECK_REVIEWER")
    asking = FactcheckService(Settings.load(db=db_url, reviewer_use=ReviewerUse.ASK))
    try:
        session = ReviewSession(asking)
        assert session.reviewer is None
        claim_id, seen = _first(asking)
        with pytest.raises(FactcheckError, match="give your name first"):
            session.set_verdict(claim_id, seen, FALSE)
        with pytest.raises(FactcheckError, match="give your name first"):
            session.add_source(claim_id, _source("https://example.org/x"))
        with pytest.raises(FactcheckError, match="give a name"):
            session.name_reviewer("  ")
        assert session.name_reviewer(" kim ") == "kim"
        with pytest.raises(FactcheckError, match="already reviews as kim"):
            session.name_reviewer("lee")
        _saved(session.set_verdict(claim_id, seen, FALSE))
        # The service itself refuses an unnamed change too (no name is ever made up).
        with pytest.raises(FactcheckError, match="no reviewer named yet"):
            asking.set_verdict(claim_id, "true")
    finally:
        asking.close()
    assert [v.reviewer for v in sample_svc.claim_detail(claim_id).history] == ["kim"]
