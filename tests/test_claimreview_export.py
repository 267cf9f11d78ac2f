"""schema.org ClaimReview export and the desk settings it needs (`factcheck config`)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.errors import FactcheckError
from factcheck.io import claimreview as cr
from factcheck.services import FactcheckService
from factcheck.vocabulary import Rating

ORG = {"org.name": "Desk Check 팩트체크", "org.url": "https://desk.example",
       "review_url": "https://desk.example/checks/{claim_id}"}


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def set_org(svc: FactcheckService) -> None:
    for key, value in ORG.items():
        svc.desk.set(key, value)
    # (verdicts are final here; second review, on by default for a team database, has
    # tests of its own)
    svc.desk.set("second_review", "off")


def by_ref(svc: FactcheckService) -> dict[str, int]:
    return {r.claim_ref or "": r.id for r in svc.list_claims()}


def reviews_of(path: Path) -> dict[str, dict[str, Any]]:
    items = json.loads(path.read_text("utf-8"))
    return {item["url"].rsplit("/", 1)[1]: item for item in items}


# ------------------------------------------------------------------ desk settings


def test_settings_are_checked_stored_with_the_database_and_keep_their_history(
        svc: FactcheckService, db_url: str) -> None:
    assert all(info.value is None for info in svc.desk.listing())
    set_org(svc)
    svc.desk.set("org.name", "Desk Check")
    svc.desk.set("org.name", "Desk Check")  # the same value again records nothing
    svc.desk.unset("review_url")

    from factcheck.config import Settings

    other = FactcheckService(Settings.load(db=db_url, reviewer="lee"))
    try:  # another reviewer's process reads the same settings
        values = other.desk.values()
        assert (values.org_name, values.org_url, values.review_url) == (
            "Desk Check", "https://desk.example", None)
        history = other.desk.history("org.name")
        assert [(h.value, h.set_by) for h in history] == [
            ("Desk Check 팩트체크", "tester"), ("Desk Check", "tester")]
        assert [h.value for h in other.desk.history("review_url")] == [
            ORG["review_url"], None]
    finally:
        other.close()


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("org.nam", "x", 'unknown setting "org.nam": expected one of org.name, org.url'),
    ("org.url", "desk.example", "org.url: expected an http:// or https:// address"),
    ("org.url", "https://user:pw@desk.example", "must not carry a user name or password"),
    ("review_url", "https://desk.example/checks", "expected a URL with {claim_id} once"),
    ("review_url", "https://desk.example/{claim_id}/{slug}", "and no other {...}"),
    ("review_url", "ftp://desk.example/{claim_id}", "expected an http:// or https://"),
    ("export.reused_verdicts", "both", "expected own or shared"),
    ("org.name", "   ", "the value is empty"),
    ("org.name", "a\x1b[31mb", "control character"),
])
def test_a_bad_setting_is_refused_with_one_line(svc: FactcheckService, key: str, value: str,
                                                expected: str) -> None:
    with pytest.raises(FactcheckError) as err:
        svc.desk.set(key, value)
    assert expected in err.value.message and "\n" not in err.value.message
    assert all(info.value is None for info in svc.desk.listing())


def test_config_commands(workdir: Path, runner: CliRunner) -> None:
    code, out, err = run(runner, "config", "set", "org.url", "https://desk.example")
    assert code == 0, err
    assert out.startswith("org.url = https://desk.example  (set by tester, ")
    code, out, _ = run(runner, "config", "list")
    assert code == 0
    assert "org.name (not set): the organisation" in out
    code, out, _ = run(runner, "config", "list", "--json")
    listed = {item["key"]: item for item in json.loads(out)}
    assert listed["org.url"]["value"] == "https://desk.example"
    assert listed["org.url"]["set_by"] == "tester"
    code, _, err = run(runner, "config", "set", "review_url", "https://x.example/")
    assert code == 1
    assert err.startswith("error: review_url: expected a URL with {claim_id} once")
    code, out, _ = run(runner, "config", "history", "org.url")
    assert code == 0 and out.count("tester") == 1


# ------------------------------------------------------------------ export


def test_export_is_refused_naming_the_missing_setting(sample_svc: FactcheckService,
                                                      runner: CliRunner) -> None:
    sample_svc.set_verdict(1, "false")
    code, out, err = run(runner, "export", "--format", "claimreview", "--out", "cr.json")
    assert code == 1 and out == ""
    assert err.startswith("error: org.name is not set: ")
    assert "factcheck config set org.name" in err
    sample_svc.desk.set("org.name", "Desk")
    sample_svc.desk.set("org.url", "https://desk.example")
    code, _, err = run(runner, "export", "--format", "claimreview", "--out", "cr.json")
    assert code == 1 and err.startswith("error: review_url is not set")
    assert not Path("cr.json").exists()


def test_one_claimreview_per_reviewed_claim(sample_svc: FactcheckService,
                                            runner: CliRunner) -> None:
    svc = sample_svc
    set_org(svc)
    ids = by_ref(svc)
    svc.set_verdict(ids["k2"], "mostly-false", rationale="numbers differ")
    svc.set_verdict(ids["e4"], "true")
    svc.set_verdict(ids["k8"], "misleading")
    svc.set_verdict(ids["b1"], "not-checkable")
    code, out, err = run(runner, "export", "--format", "claimreview", "--out", "cr.json")
    assert code == 0, err
    assert out == "wrote 4 ClaimReviews to cr.json\n"
    reviews = reviews_of(Path("cr.json"))
    assert sorted(reviews) == sorted(str(ids[r]) for r in ("k2", "e4", "k8", "b1"))

    k2 = reviews[str(ids["k2"])]
    claim = svc.claim_detail(ids["k2"]).row
    assert k2["@context"] == "https://schema.org" and k2["@type"] == "ClaimReview"
    assert k2["claimReviewed"] == claim.text
    assert k2["url"] == f"https://desk.example/checks/{ids['k2']}"
    assert k2["author"] == {"@type": "Organization", "name": "Desk Check 팩트체크",
                            "url": "https://desk.example"}
    assert k2["reviewRating"] == {"@type": "Rating", "ratingValue": 2, "bestRating": 5,
                                  "worstRating": 1, "alternateName": "Mostly false"}
    assert k2["datePublished"] == claim.reviewed_at.astimezone(UTC).date().isoformat()
    assert k2["inLanguage"] == "ko"
    item = k2["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "01.AI"}
    assert item["appearance"] == {
        "@type": "CreativeWork", "headline": claim.article_title,
        "publisher": {"@type": "Organization", "name": "AI타임스"},
        "datePublished": "2025-03-26"}
    assert item["datePublished"] == "2025-03-26"

    assert reviews[str(ids["e4"])]["itemReviewed"]["author"]["name"] == \
        "Kai-Fu Lee, CEO of 01.AI"
    assert reviews[str(ids["e4"])]["reviewRating"]["ratingValue"] == 5
    # Off the 1-5 scale: the label only.
    assert reviews[str(ids["k8"])]["reviewRating"] == {"@type": "Rating",
                                                      "alternateName": "Misleading"}
    assert reviews[str(ids["b1"])]["reviewRating"] == {"@type": "Rating",
                                                      "alternateName": "Not checkable"}
    assert "author" not in reviews[str(ids["b1"])]["itemReviewed"]

    # The CSV filters apply.
    code, out, _ = run(runner, "export", "--format", "claimreview", "--verdict", "true",
                       "--out", "true.json")
    assert code == 0 and list(reviews_of(Path("true.json"))) == [str(ids["e4"])]


def test_the_feed_holds_the_same_reviews(sample_svc: FactcheckService) -> None:
    set_org(sample_svc)
    sample_svc.set_verdict(1, "false")
    sample_svc.set_verdict(2, "true")
    listed = sample_svc.export_claimreview(Path("list.json"))
    feed = sample_svc.export_claimreview(Path("feed.json"), feed=True)
    assert (listed.rows, feed.rows) == (2, 2)
    document = json.loads(Path("feed.json").read_text("utf-8"))
    assert (document["@context"], document["@type"]) == ("https://schema.org", "DataFeed")
    assert document["url"] == "https://desk.example"
    elements = document["dataFeedElement"]
    assert [e["@type"] for e in elements] == ["DataFeedItem", "DataFeedItem"]
    in_list = [{k: v for k, v in item.items() if k != "@context"}
               for item in json.loads(Path("list.json").read_text("utf-8"))]
    assert [e["item"][0] for e in elements] == in_list


def test_a_reused_verdict_is_one_review_only_where_the_desk_says_so(
        sample_svc: FactcheckService) -> None:
    svc = sample_svc
    set_org(svc)
    ids = by_ref(svc)
    first, reusing = ids["k1"], ids["e1"]
    svc.set_verdict(first, "false", rationale="checked in March")
    svc.matching.reuse_verdict(reusing, first)

    own = svc.export_claimreview(Path("own.json"))
    reviews = reviews_of(Path("own.json"))
    assert own.rows == 2 and sorted(reviews) == sorted([str(first), str(reusing)])
    assert reviews[str(reusing)]["claimReviewed"] == svc.claim_detail(reusing).row.text

    svc.desk.set("export.reused_verdicts", "shared")
    shared = svc.export_claimreview(Path("shared.json"))
    reviews = reviews_of(Path("shared.json"))
    assert shared.rows == 1 and list(reviews) == [str(first)]
    appearances = reviews[str(first)]["itemReviewed"]["appearance"]
    assert [a["publisher"]["name"] for a in appearances] == [
        "AI타임스", "Sample Wire (fictional sample)"]

    # Its own verdict again: its own review, whatever the setting.
    svc.set_verdict(reusing, "mostly-false")
    assert svc.export_claimreview(Path("again.json")).rows == 2


def test_google_rules_are_warnings_naming_the_claim(sample_svc: FactcheckService,
                                                    runner: CliRunner) -> None:
    svc = sample_svc
    set_org(svc)
    svc.desk.set("review_url", "https://other.example/checks/{claim_id}")
    long_id = next(r.id for r in svc.list_claims() if len(r.text) > 75)
    svc.set_verdict(long_id, "true")
    code, out, err = run(runner, "export", "--format", "claimreview", "--out", "cr.json")
    assert code == 0
    lines = err.splitlines()
    assert f"warning: claim {long_id}: claimReviewed is " in lines[0]
    assert "Google asks for at most 75" in lines[0]
    assert lines[1].startswith(f"warning: claim {long_id}: url https://other.example/checks/")
    assert "outside the organisation's domain (desk.example)" in lines[1]
    assert Path("cr.json").exists()


def test_rule_warnings_for_a_named_rating_and_a_shared_url() -> None:
    publisher = cr.Publisher(name="Desk", url="https://www.desk.example")
    at = datetime(2026, 3, 1, tzinfo=UTC)
    claims = [
        cr.ReviewedClaim(claim_id=1, text="The moon landing was fake, which is false",
                         rating=Rating.FALSE, reviewed_at=at,
                         review_url="https://checks.desk.example/a"),
        cr.ReviewedClaim(claim_id=2, text="Rates rose 2%", rating=Rating.MOSTLY_TRUE,
                         reviewed_at=at, review_url="https://checks.desk.example/a"),
        cr.ReviewedClaim(claim_id=3, text="Untrue rumours spread fast", rating=Rating.TRUE,
                         reviewed_at=at, review_url="https://desk.example/c"),
    ]
    warnings = cr.rule_warnings(claims, publisher)
    assert warnings == [
        'claim 1: claimReviewed names the verdict ("False"); it should state the claim, not '
        "the rating",
        "claim 1: url https://checks.desk.example/a is shared with 1 other ClaimReview(s); "
        "each review needs a page of its own",
        "claim 2: url https://checks.desk.example/a is shared with 1 other ClaimReview(s); "
        "each review needs a page of its own",
    ]


@pytest.mark.parametrize(("name", "kind"), [
    ("Liang Wenfeng", "Person"), ("박지원", "Person"), ("Ministry of Finance", "Organization"),
    ("Nvidia Corp.", "Organization"), ("통계청", "Organization"), ("한국은행", "Organization"),
    ("서울중앙지방법원", "Organization"), ("김민수", "Person"),
])
def test_speaker_type_from_the_word_that_names_a_body(name: str, kind: str) -> None:
    assert cr.speaker_type(name) == kind


def test_an_export_that_cannot_be_written_leaves_nothing(sample_svc: FactcheckService) -> None:
    set_org(sample_svc)
    sample_svc.set_verdict(1, "false")
    Path("blocked").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(FactcheckError) as err:
        sample_svc.export_claimreview(Path("blocked/cr.json"))
    assert err.value.message.startswith("blocked/cr.json: cannot write export: ")
    assert [p.name for p in Path().iterdir() if p.name.endswith(".partial")] == []


def test_claim_date_is_the_earliest_appearance() -> None:
    at = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    claim = cr.ReviewedClaim(
        claim_id=7, text="x", rating=Rating.MIXED, reviewed_at=at, review_url="https://d/7",
        appearances=(cr.Appearance(url="https://a", published=date(2025, 5, 2)),
                     cr.Appearance(url="https://b", published=date(2025, 4, 30))))
    review = cr.claim_review(claim, cr.Publisher(name="D", url="https://d"))
    assert review["itemReviewed"]["datePublished"] == "2025-04-30"
    assert [a["url"] for a in review["itemReviewed"]["appearance"]] == ["https://a",
                                                                        "https://b"]
    assert review["reviewRating"]["ratingValue"] == 3
