"""Claim retrieval on CLEF CheckThat! (tweets against fact-checked claims): MAP@5, Recall@1/5.

    uv run python bench/checkthat.py --data ../shared/bench

Each test set is imported as claims into a fresh SQLite file (claim text = vclaim + title, as
the organisers' baseline indexes them), then all tweets are answered in one batch, exactly as
`factcheck match --queries --all` does (retrieval: the nearest claims, whatever their level;
"levelled R@5" is the share whose claim plain `match --queries` lists, with a level).
Organisers' BM25 baseline for 2021/2022 task 2A: MAP@5 0.8179.
The bench data never goes into the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from factcheck.config import Settings
from factcheck.services import FactcheckService
from factcheck.services.matching import Query, QueryResult

csv.field_size_limit(sys.maxsize)
BASELINE_MAP5 = 0.8179


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def evaluate(name: str, vclaims: list[dict[str, str]], queries: list[dict[str, str]],
             qrels: list[dict[str, str]], workdir: Path) -> dict[str, float]:
    claims = [{"ref": row["claim_id"],
               "text": " ".join(part.strip() for part in (row["vclaim"], row.get("title") or "")
                                if part and part.strip())}
              for row in vclaims]
    source = workdir / f"{name}.json"
    source.write_text(json.dumps({"article": {"ref": name, "title": name, "language": "en"},
                                  "claims": claims}), encoding="utf-8")
    # Duplicates among the fact-checks themselves are not what is measured here (settings
    # are read once, when the service is made).
    os.environ["FACTCHECK_MATCHING"] = "off"
    svc = FactcheckService(Settings.load(db=str(workdir / f"{name}.db"), reviewer="bench"))
    os.environ.pop("FACTCHECK_MATCHING")
    try:
        started = time.perf_counter()
        report = svc.import_paths([source])
        assert not report.errors, report.errors
        # sentence vectors for every fact-check (what `factcheck embed` does, without
        # matching the fact-checks against each other)
        embed_started = time.perf_counter()
        embedded = svc.vectors.embed_waiting()
        embed_seconds = time.perf_counter() - embed_started
        batch = [Query(query_id=row["query_id"], text=row["text"]) for row in queries]
        # builds the index (normal forms stored)
        svc.matching.match_texts(batch[:1], top_k=5, nearest=True)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        results = svc.matching.match_texts(batch, top_k=5, nearest=True)
        answered = time.perf_counter() - started
        levelled = svc.matching.match_texts(batch, top_k=5)
    finally:
        svc.close()
    gold = {row["query_id"]: row["claim_id"] for row in qrels}
    figures = scores(results, gold)
    levelled_figures = scores(levelled, gold)
    levels: dict[str, int] = {}
    for result in levelled:
        for match in result.matches:
            if match.claim.claim_ref == gold.get(result.query_id):
                levels[str(match.level)] = levels.get(str(match.level), 0) + 1
    n = len(results)
    print(f"{name:<26} claims {len(vclaims):>6}  queries {n:>4}  "
          f"--all: MAP@5 {figures['MAP@5']:.4f}  R@1 {figures['R@1']:.4f}  "
          f"R@5 {figures['R@5']:.4f}   levelled: MAP@5 {levelled_figures['MAP@5']:.4f}  "
          f"R@5 {levelled_figures['R@5']:.4f} (gold claim at {levels})  "
          f"(import+index {loaded:.1f} s incl. embedding {embedded} claims in "
          f"{embed_seconds:.1f} s; {1000 * answered / n:.1f} ms/query; baseline MAP@5 "
          f"{BASELINE_MAP5})", flush=True)
    return figures


def scores(results: list[QueryResult], gold: dict[str, str]) -> dict[str, float]:
    """MAP@5 (one gold claim per query: the reciprocal rank cut at 5), Recall@1 and @5."""
    average_precision = recall1 = recall5 = 0.0
    for result in results:
        ranked = [m.claim.claim_ref for m in result.matches]
        target = gold.get(result.query_id)
        if target in ranked[:5]:
            average_precision += 1.0 / (ranked.index(target) + 1)
            recall5 += 1
            recall1 += ranked[0] == target
    n = max(1, len(results))
    return {"MAP@5": average_precision / n, "R@1": recall1 / n, "R@5": recall5 / n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="The shared bench folder (holding checkthat/).")
    parser.add_argument("--only", choices=["2022", "2021", "2020"], action="append",
                        help="Run only these test sets (repeatable).")
    args = parser.parse_args()
    root = args.data / "checkthat"
    if not root.is_dir():
        parser.error(f"{root}: no such folder")
    wanted = set(args.only or ["2022", "2021", "2020"])
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ct22 = root / "ct2022-2a"
        if wanted & {"2022", "2021"}:
            vclaims = read_tsv(ct22 / "vclaims.tsv")
        if "2022" in wanted:
            evaluate("ct2022-2a test2022", vclaims, read_tsv(ct22 / "queries_test2022.tsv"),
                     read_tsv(ct22 / "qrels_test2022.tsv"), workdir)
        if "2021" in wanted:
            pool = [row for row in vclaims if row.get("in_ct2021_pool") == "1"]
            evaluate("ct2022-2a test2021", pool, read_tsv(ct22 / "queries_test2021.tsv"),
                     read_tsv(ct22 / "qrels_test2021.tsv"), workdir)
        if "2020" in wanted:
            ct20 = root / "ct2020-2"
            evaluate("ct2020-2 test", read_tsv(ct20 / "vclaims.tsv"),
                     read_tsv(ct20 / "queries_test.tsv"), read_tsv(ct20 / "qrels_test.tsv"),
                     workdir)


if __name__ == "__main__":
    main()
