"""The desk overview checked against a small desk counted by hand."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.models import Article, Claim, Verdict, VerdictReview
from factcheck.services import FactcheckService

T0 = datetime(2026, 3, 1, tzinfo=UTC)  # every claim imported then
TODAY = date(2026, 3, 12)


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def seed(svc: FactcheckService) -> None:
    """Three articles; five review-work claims and one `earlier` (excluded but from the status
    count). c3's verdict was withdrawn (NULL rating): it has none."""
    with svc.workspace.session(write=True) as s:
        a1 = Article(ref="a1", title="Budget <b>[bold]", outlet="Daily")
        a2 = Article(ref="a2", title="Health", outlet="Weekly")
        a3 = Article(ref="a3", title="Theirs", outlet="Daily")
        s.add_all([a1, a2, a3])
        s.flush()
        def claim(article: Article, status: str, assignee: str | None = None) -> Claim:
            c = Claim(article_id=article.id or 0, text="x", status=status, created_at=T0,
                      assignee=assignee)
            s.add(c)
            s.flush()
            return c
        c1 = claim(a1, "reviewed", "ana")
        c2 = claim(a1, "reviewed")
        c3 = claim(a1, "in_review")
        c4 = claim(a2, "reviewed")
        claim(a2, "unreviewed", "lee")
        c6 = claim(a3, "earlier", "kim")

        def verdict(c: Claim, rating: str | None, who: str, when: datetime) -> Verdict:
            v = Verdict(claim_id=c.id or 0, rating=rating, reviewer=who, created_at=when)
            s.add(v)
            s.flush()
            return v
        v1 = verdict(c1, "false", "kim", at(10, 10))
        v2 = verdict(c2, "true", "kim", at(10, 11))
        verdict(c3, "mixed", "lee", at(9, 9))
        verdict(c3, None, "lee", at(9, 10))
        v5 = verdict(c4, "false", "lee", at(8, 12))
        verdict(c6, "true", "kim", at(10))

        def review(v: Verdict, decision: str, who: str, when: datetime,
                   rating: str | None = None, blind: bool = False) -> None:
            s.add(VerdictReview(verdict_id=v.id or 0, claim_id=v.claim_id, decision=decision,
                                reviewer=who, created_at=when, rating=rating, blind=blind))
            s.flush()
        review(v1, "approved", "lee", at(11))  # 10 days after import
        review(v2, "returned", "lee", at(11), rating="mostly-true")
        review(v2, "approved", "lee", at(12))  # 11 days after import
        review(v5, "disputed", "kim", at(12, 6), rating="misleading", blind=True)


def test_overview_figures_match_the_hand_count(svc: FactcheckService) -> None:
    seed(svc)
    view = svc.stats.overview(days=7, today=TODAY)
    assert view.by_status == {"earlier": 1, "in_review": 1, "reviewed": 3, "unreviewed": 1}
    assert view.by_rating == {"true": 1, "mostly-true": 0, "mixed": 0, "mostly-false": 0,
                              "false": 2, "misleading": 0, "unproven": 0, "not-checkable": 0}
    assert [(a.ref, a.claims, a.verdicts) for a in view.by_article] == [("a1", 3, 2),
                                                                        ("a2", 2, 1)]
    assert [(o.outlet, o.claims, o.verdicts) for o in view.by_outlet] == [("Daily", 3, 2),
                                                                          ("Weekly", 2, 1)]
    assert [(r.name, r.verdicts, r.approvals, r.returns, r.assigned)
            for r in view.by_reviewer] == [("kim", 2, 0, 0, 0), ("lee", 1, 2, 1, 1),
                                           ("ana", 0, 0, 0, 1)]
    assert view.review_states == {"proposed": 0, "approved": 2, "returned": 0, "disputed": 1}
    assert view.returns_ever == 1
    assert [(d.day.day, d.verdicts, d.approvals) for d in view.days] == [
        (6, 0, 0), (7, 0, 0), (8, 1, 0), (9, 1, 0), (10, 2, 0), (11, 0, 1), (12, 0, 1)]
    # Median of 10 and 11 days.
    assert view.approved_claims == 2
    assert view.median_seconds_to_approval == pytest.approx(10.5 * 86400, abs=1)
    # Pairs: v1 (false, false) by approval; v2 (true, mostly-true), its first rated decision
    # (the return), not the later approval; v5 (false, misleading), blind.
    # po = 1/3. Marginals: first false 2, true 1; second false 1, mostly-true 1,
    # misleading 1; pe = (2*1)/9 = 2/9. kappa = (3/9 - 2/9) / (7/9) = 1/7.
    a = view.agreement
    assert (a.pairs, a.agreeing, a.blind_pairs) == (3, 1, 1)
    assert a.share == pytest.approx(1 / 3)
    assert a.kappa == pytest.approx(1 / 7)


def test_no_pairs_means_no_kappa(svc: FactcheckService) -> None:
    view = svc.stats.overview(days=3, today=TODAY)
    assert (view.agreement.pairs, view.agreement.kappa, view.agreement.share) == (0, None, None)
    assert view.median_seconds_to_approval is None
    assert len(view.days) == 3


def test_stats_json_and_tables(svc: FactcheckService, runner: CliRunner) -> None:
    seed(svc)
    result = runner.invoke(app, ["stats", "--json", "--days", "400"], env={"COLUMNS": "200"})
    assert result.exit_code == 2  # --days is at most 366
    result = runner.invoke(app, ["stats", "--json"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["by_status"]["reviewed"] == 3
    assert out["agreement"]["pairs"] == 3
    assert len(out["days"]) == 28
    result = runner.invoke(app, ["stats"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "Budget <b>[bold]" in result.stdout
    assert "agreement: 33% of 3 pairs (1 blind), Cohen's kappa 0.14" in result.stdout
