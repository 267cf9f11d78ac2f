"""Earlier fact-checks in: ClaimReview JSON-LD (object, list, @graph, DataFeed), saved Fact
Check Tools API responses and HTML pages with ClaimReview markup; matched like every claim,
shown beside the desk's claims, idempotent, with a revised rating kept in history."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.io.earlier_checks import claim_reviews, fact_check_api_reviews
from factcheck.services import FactcheckService
from factcheck.tui.app import FactcheckApp
from factcheck.tui.screens.detail import DetailScreen
from factcheck.tui.widgets.claim_table import ClaimTable
from tests.tui.conftest import run_app, settle

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "earlier_checks"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "240"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def copy_fixture(name: str) -> Path:
    target = Path(name)
    shutil.copy(FIXTURES / name, target)
    return target


def earlier(svc: FactcheckService) -> dict[str, Any]:
    """The stored earlier reviews by review URL, with their claim's text."""
    from factcheck.services import ClaimFilter

    rows = svc.list_claims(ClaimFilter(status="earlier"))
    infos = svc.earlier.of_claims([r.id for r in rows])
    return {info.review_url: info for info in infos.values()}


# ------------------------------------------------------------------ reading the shapes


def test_a_saved_claims_search_response(svc: FactcheckService) -> None:
    report = svc.import_paths([copy_fixture("claims-search.json")])
    assert report.errors == []
    assert report.summary().endswith("earlier fact-checks 3 added / 0 updated / 0 unchanged")
    found = earlier(svc)
    ko = found["https://factcheck.example.kr/checks/1234"]
    assert (ko.publisher, ko.shown_rating, ko.rating, ko.review_date, ko.claimant) == (
        "팩트체크 예시", "판단 유보", None, date(2025, 3, 22), "리카이푸")
    assert ko.claim_text == "중국에서는 AI 모델 세 개만 살아남을 것이다"
    en = found["https://checks.example/2025/ai-search-traffic"]
    # Their label is one of ours: normalised; the text they gave is kept as they gave it.
    assert (en.shown_rating, en.rating, en.stance) == ("Mostly false", "mostly-false",
                                                       "refutes")
    # A publisher named only by its site is that site.
    assert found["https://other.example/three-models"].publisher == "other.example"
    # Earlier checks are not the desk's claims: not in the list, not review work.
    assert svc.list_claims() == [] and svc.progress().total == 0


def test_claimreview_graph_feed_list_and_html(svc: FactcheckService) -> None:
    report = svc.import_paths([copy_fixture("claimreview-graph.json"),
                               copy_fixture("page.html")])
    assert report.errors == []
    found = earlier(svc)
    nvidia = found["https://checks.example/nvidia-drop"]
    # 5 on a 1..5 scale: true.
    assert (nvidia.rating, nvidia.shown_rating, nvidia.claimant) == ("true", "True",
                                                                     "Sample Wire")
    page = found["https://factcheck.example.kr/checks/77"]
    assert (page.publisher, page.rating, page.shown_rating) == ("팩트체크 예시", "false",
                                                                "사실 아님")
    review = {"@type": "ClaimReview", "claimReviewed": "x", "author": {"name": "P"},
              "reviewRating": {"alternateName": "False"}, "url": "https://p.example/1"}
    feed = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [review]},
        {**review, "url": "https://p.example/2"}]}
    assert [c.review_url for c in claim_reviews(feed, label="f")] == [
        "https://p.example/1", "https://p.example/2"]
    assert [c.review_url for c in claim_reviews([review], label="f")] == [
        "https://p.example/1"]
    # Types as full IRIs or prefixed names count too.
    iri = {**review, "@type": ["http://schema.org/ClaimReview"]}
    assert len(claim_reviews(iri, label="f")) == 1


def test_missing_optional_fields_are_fine() -> None:
    minimal = {"@type": "ClaimReview", "claimReviewed": "Rates rose in March",
               "author": {"@type": "Organization", "name": "P"},
               "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 5,
                                "worstRating": 1}}
    (check,) = claim_reviews(minimal, label="m.json")
    assert (check.review_url, check.review_date, check.language, check.shown_rating) == (
        None, None, None, "2/5")
    assert check.rating is not None and check.rating.value == "mostly-false"
    assert check.identity().startswith("urn:factcheck:earlier:")


@pytest.mark.parametrize(("document", "expected"), [
    ({"@type": "ClaimReview", "author": {"name": "P"}, "reviewRating": {"alternateName": "x"}},
     "m.json: $.claimReviewed: expected a non-empty string"),
    ({"@graph": [{"@type": "ClaimReview", "claimReviewed": "c", "author": {"name": "P"},
                  "reviewRating": {"alternateName": "x"}, "url": "javascript:alert(1)"}]},
     'm.json: $["@graph"][0].url: expected an http(s) URL'),
    ({"@type": "ClaimReview", "claimReviewed": "c", "author": {"name": "P"},
      "reviewRating": {"ratingValue": "high"}},
     "m.json: $.reviewRating.ratingValue: expected a number, got a string"),
    ({"@type": "ClaimReview", "claimReviewed": "c", "reviewRating": {"alternateName": "x"}},
     "m.json: $.author: expected the publishing organisation (author.name)"),
    ({"@type": "ClaimReview", "claimReviewed": "c", "author": {"name": "P"},
      "reviewRating": {"alternateName": "x"}, "datePublished": "last week"},
     "m.json: $.datePublished: expected an ISO date"),
    ({"@type": "WebPage"}, "m.json: $: no ClaimReview found"),
])
def test_malformed_claimreview_names_the_json_path(document: Any, expected: str) -> None:
    with pytest.raises(InputError) as err:
        claim_reviews(document, label="m.json")
    assert err.value.lines()[0].startswith(expected), err.value.lines()


def test_malformed_api_items_name_the_json_path() -> None:
    response = {"claims": [
        {"text": "ok", "claimReview": [{"publisher": {"name": "P"}, "textualRating": "False",
                                        "url": "https://p.example/1"}]},
        {"text": "", "claimReview": [{"publisher": {"name": "P"}, "textualRating": "x"}]},
        {"text": "t", "claimReview": [{"publisher": "P", "textualRating": "x"}]},
        {"text": "t", "claimant": "c", "claimReview": []},
        {"text": "t", "claimReview": [{"publisher": {"name": "P"}, "reviewDate": "2025-13-40",
                                       "textualRating": "x"}]},
    ]}
    with pytest.raises(InputError) as err:
        fact_check_api_reviews(response, label="api.json")
    assert err.value.lines() == [
        "api.json: $.claims[1].text: expected a non-empty string, got an empty one",
        "api.json: $.claims[2].claimReview[0].publisher: expected an object, got a string",
        "api.json: $.claims[2].claimReview[0].publisher: expected the publisher's name or "
        "site",
        "api.json: $.claims[3].claimReview: expected a list of at least one review, got a list",
        "api.json: $.claims[4].claimReview[0].reviewDate: not a real date: '2025-13-40'",
    ]


def test_a_file_with_an_error_imports_nothing(svc: FactcheckService) -> None:
    data = json.loads((FIXTURES / "claims-search.json").read_text("utf-8"))
    data["claims"][1]["claimReview"][1]["url"] = "ftp://other.example/x"
    Path("bad.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    report = svc.import_paths([Path("bad.json")])
    assert report.errors == [
        "bad.json: $.claims[1].claimReview[1].url: expected an http(s) URL, got "
        "'ftp://other.example/x'"]
    assert earlier(svc) == {}


def test_our_own_claim_lists_are_still_our_own(svc: FactcheckService) -> None:
    """A claim list that happens to mention @type in a claim is not a ClaimReview file."""
    Path("own.json").write_text(json.dumps({
        "article": {"ref": "a", "title": "t"},
        "claims": [{"text": 'The JSON key "@type": is used by schema.org'}]}), "utf-8")
    report = svc.import_paths([Path("own.json")])
    assert report.errors == [] and len(svc.list_claims()) == 1


# ------------------------------------------------------------------ idempotent, with history


def test_importing_again_changes_nothing_and_a_revised_rating_is_kept(
        svc: FactcheckService) -> None:
    path = copy_fixture("claims-search.json")
    svc.import_paths([path])
    again = svc.import_paths([path])
    assert again.summary().endswith("earlier fact-checks 0 added / 0 updated / 3 unchanged")
    data = json.loads(path.read_text("utf-8"))
    data["claims"][0]["claimReview"][0]["textualRating"] = "False"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    revised = svc.import_paths([path])
    assert revised.summary().endswith("earlier fact-checks 0 added / 1 updated / 2 unchanged")
    info = earlier(svc)["https://checks.example/2025/ai-search-traffic"]
    assert (info.shown_rating, info.rating) == ("False", "false")

    from factcheck.store import earlier as earlier_db

    with svc.workspace.session() as session:
        changes = [(c.field, c.old_value, c.new_value, c.changed_by)
                   for c in earlier_db.review_changes(session=session, review_id=info.id)]
    assert changes == [("textual_rating", "Mostly false", "False", "tester"),
                       ("rating", "mostly-false", "false", "tester")]


# ------------------------------------------------------------------ round trip


def test_round_trip_of_the_desks_own_claimreview_export(sample_svc: FactcheckService,
                                                        tmp_path: Path) -> None:
    svc = sample_svc
    for key, value in {"org.name": "Desk Check", "org.url": "https://desk.example",
                       "review_url": "https://desk.example/checks/{claim_id}",
                       "second_review": "off"}.items():
        svc.desk.set(key, value)
    rows = svc.list_claims()
    verdicts = dict(zip([r.id for r in rows[:8]],
                        ["true", "mostly-true", "mixed", "mostly-false", "false",
                         "misleading", "unproven", "not-checkable"], strict=True))
    for claim_id, rating in verdicts.items():
        svc.set_verdict(claim_id, rating)
    exported = svc.export_claimreview(tmp_path / "out" / "cr.json")
    fresh = FactcheckService(Settings.load(db=f"sqlite:///{tmp_path / 'fresh.db'}",
                                           reviewer="lee"))
    try:
        assert fresh.import_paths([exported.path]).errors == []
        found = earlier(fresh)
        assert len(found) == 8
        by_id = {r.id: r for r in svc.list_claims()}
        for claim_id, rating in verdicts.items():
            back = found[f"https://desk.example/checks/{claim_id}"]
            row = by_id[claim_id]
            assert back.claim_text == row.text
            assert back.publisher == "Desk Check"
            assert back.rating == rating
            assert back.review_date == row.reviewed_at.date()  # type: ignore[union-attr]
            assert back.claimant == row.speaker
    finally:
        fresh.close()


# ------------------------------------------------------------------ shown where it matters


async def select_claim(app: FactcheckApp, pilot: Pilot[None], claim_id: int) -> None:
    table = app.screen.query_one(ClaimTable)
    table.move_cursor(row=[row.id for row in table.claims].index(claim_id), animate=False)
    await pilot.pause()


def test_acceptance_import_then_match_then_claims_show(workdir: Path,
                                                       runner: CliRunner) -> None:
    """As a new user: `import fact-checks.json`, then `match` finds the earlier check."""
    shutil.copy(FIXTURES / "claims-search.json", "fact-checks.json")
    code, out, err = run(runner, "import", "fact-checks.json")
    assert code == 0, err
    code, out, _ = run(runner, "match", "중국에서는 AI 모델 3개만 살아남을 것이다")
    assert code == 0
    assert ("checked before by 팩트체크 예시: 판단 유보, 2025-03-22 "
            "(https://factcheck.example.kr/checks/1234)") in out
    code, out, _ = run(runner, "match", "--json",
                       "AI search does not reduce the traffic websites get from search")
    (result,) = json.loads(out)
    best = result["matches"][0]["earlier_check"]
    assert (best["publisher"], best["rating"], best["review_url"]) == (
        "Example Checks", "Mostly false", "https://checks.example/2025/ai-search-traffic")

    code, _, err = run(runner, "import", "claims")
    assert code == 0, err
    code, out, _ = run(runner, "claims", "list", "--json", "--search", "살아남을")
    desk_claim = next(r for r in json.loads(out) if r["claim_ref"] == "k6")
    code, out, _ = run(runner, "claims", "show", str(desk_claim["id"]))
    assert ("checked before by 팩트체크 예시: 판단 유보, 2025-03-22 "
            "(https://factcheck.example.kr/checks/1234) [same]") in out


def test_review_detail_shows_the_earlier_check_and_b_attaches_it(
        sample_svc: FactcheckService) -> None:
    svc = sample_svc
    assert svc.import_paths([copy_fixture("claims-search.json")]).errors == []
    k6 = next(r.id for r in svc.list_claims() if r.claim_ref == "k6")

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await select_claim(app, pilot, k6)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        block = str(app.screen.query_one("#block-matches", Static).render())
        assert "checked before by 팩트체크 예시: 판단 유보, 2025-03-22" in block
        assert "press b to attach it as a source" in block
        await pilot.press("b")
        await settle(pilot)

    run_app(svc, scenario)
    (source,) = svc.claim_detail(k6).sources
    assert source.url == "https://factcheck.example.kr/checks/1234"
    assert source.stance == "context"  # 판단 유보 is on no scale we know
    assert source.note == "checked before by 팩트체크 예시: 판단 유보, 2025-03-22"
    assert svc.claim_detail(k6).row.verdict is None  # a source, never a verdict


def test_an_earlier_check_gets_no_verdict_of_the_desk(svc: FactcheckService,
                                                     runner: CliRunner) -> None:
    svc.import_paths([copy_fixture("claims-search.json")])
    claim_id = next(iter(earlier(svc).values())).claim_id
    code, _, err = run(runner, "verdict", str(claim_id), "false")
    assert code == 1
    assert err.startswith(f"error: claim {claim_id} is an earlier fact-check by another "
                          "publisher")
    assert svc.claim_detail(claim_id).history == []


def test_compare_view_attaches_the_earlier_check_it_shows(
        sample_svc: FactcheckService) -> None:
    from factcheck.tui.screens.compare import CompareScreen

    svc = sample_svc
    assert svc.import_paths([copy_fixture("claims-search.json")]).errors == []
    k6 = next(r.id for r in svc.list_claims() if r.claim_ref == "k6")
    shown: list[str] = []

    async def scenario(app: FactcheckApp, pilot: Pilot[None]) -> None:
        await select_claim(app, pilot, k6)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.data is not None
        for _ in range(len(screen.data.matches)):
            if screen.data.earlier is not None:
                break
            await pilot.press("n")
            await settle(pilot)
        assert screen.data.earlier is not None
        shown.append(screen.data.earlier.review_url or "")
        assert "checked before by" in str(screen.query_one("#link", Static).render())
        await pilot.press("b")
        await settle(pilot)

    run_app(svc, scenario)
    (source,) = svc.claim_detail(k6).sources
    assert source.url == shown[0]
