"""`factcheck extract` end to end: files, stdin, --all, --out, --import, a local HTTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.io.json_import import parse_claim_text
from factcheck.services import ClaimFilter, FactcheckService
from tests.extract.conftest import EN_TEXT, KO_HTML, KO_TEXT
from tests.http_server import LocalSite

# The local test server is on 127.0.0.1: every test here opts in to private addresses.
pytestmark = pytest.mark.usefixtures("allow_private_urls")


def run_ok(runner: CliRunner, *args: str, stdin: str | None = None) -> str:
    result = runner.invoke(app, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_extract_prints_an_importable_claim_list(workdir: Path, runner: CliRunner) -> None:
    out = run_ok(runner, "extract", str(KO_HTML))
    document = json.loads(out)
    bundles = parse_claim_text(out, label="stdout")  # valid in the import format
    assert len(bundles) == 1 and bundles[0].claims
    assert document["article"]["outlet"] == "한빛일보"
    assert document["article"]["published"] == "2026-03-12"
    texts = [c["text"] for c in document["claims"]]
    assert any("1000만 건을 넘었다고 12일 밝혔다" in t for t in texts)
    assert not any("사진=" in t or "저작권" in t or "관련기사" in t for t in texts)
    assert all(c["tags"][0] == "extracted" for c in document["claims"])


def test_all_keeps_every_sentence_with_its_score(workdir: Path, runner: CliRunner) -> None:
    proposed = json.loads(run_ok(runner, "extract", str(EN_TEXT)))["claims"]
    everything = json.loads(run_ok(runner, "extract", str(EN_TEXT), "--all"))["claims"]
    assert len(everything) > len(proposed)
    caption = next(c for c in everything if "(Photo:" in c["text"])
    assert "excluded:caption" in caption["tags"]
    framing = next(c for c in everything if c["text"] == "Not everyone is convinced.")
    assert "excluded:transition" in framing["tags"]
    assert any(tag.startswith("probability:") for tag in framing["tags"])


def test_out_writes_a_file_that_import_accepts(workdir: Path, runner: CliRunner) -> None:
    out = run_ok(runner, "extract", str(KO_TEXT), "--out", "claims/greencell.json")
    assert "claims/greencell.json" in out
    written = json.loads(Path("claims/greencell.json").read_text("utf-8"))
    assert written["article"]["language"] == "ko"
    imported = run_ok(runner, "import", "claims/greencell.json")
    assert f"claims {len(written['claims'])} added" in imported


def test_import_makes_candidates_that_are_not_yet_review_work(
        workdir: Path, runner: CliRunner, svc: FactcheckService) -> None:
    before = svc.progress().total
    out = run_ok(runner, "extract", str(KO_HTML), "--import")
    assert "new candidate claims" in out
    candidates = svc.list_claims(ClaimFilter(status="candidate"))
    assert candidates and all(c.status == "candidate" for c in candidates)
    assert svc.progress().total == before
    # The same article again adds nothing: claims are matched like any import.
    again = run_ok(runner, "extract", str(KO_HTML), "--import")
    assert "0 new candidate claims" in again
    assert svc.count_claims(ClaimFilter(status="candidate")) == len(candidates)
    svc.accept_candidate(candidates[0].id)
    assert svc.progress().total == before + 1


def test_stdin_and_language_option(workdir: Path, runner: CliRunner) -> None:
    text = EN_TEXT.read_text("utf-8")
    document = json.loads(run_ok(runner, "extract", "-", "--lang", "en", stdin=text))
    assert document["article"]["language"] == "en"
    assert any("9.1 million containers" in c["text"] for c in document["claims"])


def test_errors_are_one_line_naming_the_source(workdir: Path, runner: CliRunner) -> None:
    for args, expected in (
            (["extract", "missing.html"], "missing.html: no such file"),
            (["extract", "file:///etc/passwd"], "file:"),
            (["extract", "empty.txt"], "empty.txt: empty"),
            (["extract", "claims"], "claims: is a folder")):
        Path("empty.txt").write_text("  \n", "utf-8")
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], lines


def test_extract_from_a_url_on_the_local_test_server(workdir: Path, runner: CliRunner,
                                                     http_site: LocalSite) -> None:
    document = json.loads(run_ok(runner, "extract", http_site.url("/article")))
    assert document["article"]["url"] == "https://news.example.kr/article/2026/01/27/123"
    assert document["article"]["outlet"] == "한국일보"
    texts = [c["text"] for c in document["claims"]]
    assert any("142억 달러로 1년 전보다 25.2% 늘었다고" in t for t in texts)
    assert not any("사진=" in t or "@" in t or "Copyright" in t for t in texts)
    english = json.loads(run_ok(runner, "extract", http_site.url("/article-en")))
    assert any("25.2% to $14.2 billion" in c["text"] for c in english["claims"])
    assert not any("Photo" in c["text"] for c in english["claims"])


def test_a_dead_url_is_one_error_line(workdir: Path, runner: CliRunner,
                                      http_site: LocalSite) -> None:
    result = CliRunner().invoke(app, ["extract", http_site.url("/missing")])
    assert result.exit_code == 1
    assert "404" in result.stderr and result.stderr.count("\n") == 1


def test_korean_pages_in_euc_kr_are_decoded(workdir: Path, runner: CliRunner,
                                            http_site: LocalSite) -> None:
    served = json.loads(run_ok(runner, "extract", http_site.url("/ko/header-charset")))
    assert any("142억 달러로 사상 최대를 기록했다고" in c["text"] for c in served["claims"])
    saved = KO_HTML.read_text("utf-8").replace('<meta charset="utf-8">',
                                               '<meta charset="euc-kr">')
    Path("saved-euc-kr.html").write_bytes(saved.encode("cp949", errors="xmlcharrefreplace"))
    local = json.loads(run_ok(runner, "extract", "saved-euc-kr.html"))
    assert local["article"]["outlet"] == "한빛일보"
    assert any("210만 건으로 전년보다 18% 늘었다" in c["text"] for c in local["claims"])
