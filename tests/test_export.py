"""CSV export: columns, Korean text, the Excel flavour and the spreadsheet-formula guard."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from factcheck.io.csv_export import CSV_COLUMNS, neutralise_formula
from factcheck.services import ClaimFilter, FactcheckService

EXPECTED_COLUMNS = [
    "claim_id", "article_ref", "article_title", "article_url", "outlet", "published",
    "claim_ref", "claim_text", "speaker", "language", "status", "verdict", "rating_value",
    "rationale", "reviewer", "reviewed_at", "source_count", "sources", "stances",
    "dead_sources", "source_statuses", "review_state", "assignee",
]


def read_rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def import_formula_claims(svc: FactcheckService) -> None:
    Path("evil.json").write_text(json.dumps({
        "article": {"ref": "evil", "title": "@SUM(1+1)"},
        "claims": [
            {"ref": "f1", "text": '=HYPERLINK("http://evil.example","click")'},
            {"ref": "f2", "text": "+1 more", "speaker": "-2"},
            {"ref": "f3", "text": "-3% drop"},
        ],
    }), encoding="utf-8")
    assert not svc.import_paths([Path("evil.json")]).errors


def test_columns_in_order_and_one_row_per_claim(sample_svc: FactcheckService) -> None:
    assert list(CSV_COLUMNS) == EXPECTED_COLUMNS
    result = sample_svc.export_csv(Path("out.csv"))
    rows = read_rows(result.path)
    assert result.rows == len(rows) == 24
    assert list(rows[0]) == EXPECTED_COLUMNS
    assert {r["language"] for r in rows} == {"ko", "en"}


def test_formulas_are_neutralised_by_default(svc: FactcheckService) -> None:
    svc.desk.set("second_review", "off")  # the rationale is exported at once
    import_formula_claims(svc)
    svc.set_verdict(svc.list_claims()[0].id, "false", rationale="=cmd|' /C calc'!A0")
    rows = {r["claim_ref"]: r for r in read_rows(svc.export_csv(Path("out.csv")).path)}
    assert rows["f1"]["rationale"] == "'=cmd|' /C calc'!A0"
    assert rows["f1"]["claim_text"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert rows["f2"]["claim_text"] == "'+1 more"
    assert rows["f2"]["speaker"] == "'-2"
    assert rows["f3"]["claim_text"] == "'-3% drop"
    assert rows["f1"]["article_title"] == "'@SUM(1+1)"


def test_raw_keeps_cells_as_they_are(svc: FactcheckService) -> None:
    import_formula_claims(svc)
    rows = {r["claim_ref"]: r for r in read_rows(svc.export_csv(Path("o.csv"), raw=True).path)}
    assert rows["f1"]["claim_text"].startswith("=HYPERLINK(")


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@a", "\tx", "\rx"])
def test_every_formula_trigger_is_guarded(value: str) -> None:
    assert neutralise_formula(value) == "'" + value
    assert neutralise_formula("plain " + value) == "plain " + value


def test_export_file_is_an_ordinary_file(sample_svc: FactcheckService) -> None:
    import os
    import stat

    umask = os.umask(0o022)
    try:
        path = sample_svc.export_csv(Path("perm.csv")).path
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_excel_flavour_has_bom_and_crlf(sample_svc: FactcheckService) -> None:
    path = sample_svc.export_csv(Path("excel.csv"), excel=True).path
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    assert "딥시크".encode() in data
    plain = sample_svc.export_csv(Path("plain.csv")).path.read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf") and b"\r\n" not in plain


def test_filters_and_default_path(sample_svc: FactcheckService) -> None:
    result = sample_svc.export_csv(flt=ClaimFilter(article_ref="wire-china-ai-pivot"))
    assert result.path.parent == Path("exports")
    assert result.path.name.startswith("verdicts-") and result.path.suffix == ".csv"
    rows = read_rows(result.path)
    assert {r["article_ref"] for r in rows} == {"wire-china-ai-pivot"}
    assert result.rows == len(rows) > 0


def test_unknown_article_ref_is_an_error_not_an_empty_file(sample_svc: FactcheckService) -> None:
    from factcheck.errors import FactcheckError

    with pytest.raises(FactcheckError, match='no article with ref "china-ai-pivot"; did you '
                                             'mean "wire-china-ai-pivot"'):
        sample_svc.export_csv(Path("x.csv"), ClaimFilter(article_ref="china-ai-pivot"))
    assert not Path("x.csv").exists()


def test_retracted_sources_and_undone_verdicts_leave_the_export(
    sample_svc: FactcheckService,
) -> None:
    claim_id = sample_svc.list_claims()[0].id
    verdict = sample_svc.set_verdict(claim_id, "mixed", rationale="partly")
    source = sample_svc.add_source(claim_id, "https://example.org/a", stance="supports")
    sample_svc.retract_source(source.id)
    sample_svc.undo_verdict(verdict.id)
    row = read_rows(sample_svc.export_csv(Path("o.csv")).path)[0]
    assert (row["verdict"], row["source_count"], row["sources"], row["status"]) == (
        "", "0", "", "unreviewed")
    history = sample_svc.claim_detail(claim_id).history
    assert [v.rating for v in history] == ["mixed", None]  # nothing deleted


def test_failed_export_leaves_no_file(sample_svc: FactcheckService, workdir: Path) -> None:
    from factcheck.errors import FactcheckError

    blocker = workdir / "blocked"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(FactcheckError, match="cannot write export"):
        sample_svc.export_csv(blocker / "out.csv")
    assert list(workdir.glob("**/.export-*")) == []
