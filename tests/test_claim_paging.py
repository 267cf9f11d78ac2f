"""Paging helpers the review app relies on: count, position and next-open agree with the list."""

from __future__ import annotations

from factcheck.services import ClaimFilter, FactcheckService


def test_count_and_position_agree_with_the_list(sample_svc: FactcheckService) -> None:
    ids = [row.id for row in sample_svc.list_claims()]
    sample_svc.set_verdict(ids[2], "false")
    sample_svc.set_verdict(ids[9], "true")
    sample_svc.add_source(ids[4], "https://example.org/a")
    filters = [ClaimFilter(), ClaimFilter(language="ko"), ClaimFilter(verdict="none"),
               ClaimFilter(verdict="false"), ClaimFilter(status="in_review"),
               ClaimFilter(search="AI", language="en"),
               ClaimFilter(article_ref="wire-china-ai-pivot"), ClaimFilter(search="없는말")]
    for flt in filters:
        listed = [row.id for row in sample_svc.list_claims(flt)]
        assert sample_svc.count_claims(flt) == len(listed), flt
        for claim_id in ids:
            expected = listed.index(claim_id) if claim_id in listed else None
            assert sample_svc.claim_position(claim_id, flt) == expected, (flt, claim_id)
        page = sample_svc.list_claims(flt, limit=5, offset=5)
        assert [row.id for row in page] == listed[5:10]


def test_next_open_claim_skips_reviewed_and_wraps(sample_svc: FactcheckService) -> None:
    ids = [row.id for row in sample_svc.list_claims()]
    for claim_id in ids[1:]:
        sample_svc.set_verdict(claim_id, "true")
    sample_svc.undo_verdict(sample_svc.claim_detail(ids[-1]).history[-1].id)
    assert sample_svc.next_open_claim(ids[0]) == ids[-1]
    assert sample_svc.next_open_claim(ids[-1]) == ids[0]  # wraps around
    assert sample_svc.next_open_claim(0, ClaimFilter(language="en")) is None
    sample_svc.set_verdict(ids[0], "true")
    sample_svc.set_verdict(ids[-1], "true")
    assert sample_svc.next_open_claim(0) is None
