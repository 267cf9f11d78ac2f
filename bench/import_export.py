"""Time JSON import and CSV export of N synthetic claims (Korean and English).

    uv run python bench/import_export.py [--claims 100000] [--articles 1000] [--runs 3]
                                          [--matching]

Each run uses a fresh SQLite file in a temporary folder; prints every run and the medians.
Targets (issue 2, on the 2-core machine): 100k claims imported in <= 10 s, exported in <= 3 s.
This measures the storage path, so duplicate matching on import is off unless --matching is
given (bench/matching_speed.py measures the import with matching on against off).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from factcheck.config import Settings
from factcheck.services import FactcheckService

KO_SUBJECTS = ["딥시크", "엔비디아", "지푸 AI", "문샷 AI", "바이촨", "알리바바", "네이버", "카카오"]
KO_PREDICATES = ["매출이 {n}% 늘었다", "직원 {n}명을 새로 뽑았다", "{n}억 원을 투자했다",
                 "모델 {n}개를 공개했다", "주가가 {n}% 떨어졌다"]
EN_SUBJECTS = ["DeepSeek", "Nvidia", "Zhipu AI", "Moonshot AI", "Baichuan", "Alibaba", "Google"]
EN_PREDICATES = ["raised revenue by {n}%", "hired {n} engineers", "invested {n} million dollars",
                 "released {n} models", "lost {n}% of its market value"]


def synthetic_document(n_claims: int, n_articles: int, seed: int = 7) -> dict[str, object]:
    rng = random.Random(seed)
    per_article = max(n_claims // n_articles, 1)
    articles = []
    made = 0
    for a in range(n_articles):
        korean = a % 2 == 0
        claims = []
        for c in range(per_article if a < n_articles - 1 else n_claims - made):
            n = rng.randint(2, 9999)
            if korean:
                text = f"{rng.choice(KO_SUBJECTS)}는 {a}년 {c}분기에 " + rng.choice(
                    KO_PREDICATES).format(n=n) + "."
            else:
                text = f"{rng.choice(EN_SUBJECTS)} " + rng.choice(EN_PREDICATES).format(
                    n=n) + f" in quarter {c} of year {a}."
            claims.append({"ref": f"c{c}", "text": text})
        made += len(claims)
        articles.append({"article": {"ref": f"bench-{a}", "title": f"Article {a}",
                                     "language": "ko" if korean else "en",
                                     "published": "2025-03-26"},
                         "claims": claims})
    return {"articles": articles}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--matching", action="store_true",
                        help="keep duplicate matching on during import")
    args = parser.parse_args()
    os.environ["FACTCHECK_MATCHING"] = "on" if args.matching else "off"

    imports, exports = [], []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "bench.json"
        source.write_text(json.dumps(synthetic_document(args.claims, args.articles),
                                     ensure_ascii=False), encoding="utf-8")
        print(f"{args.claims} claims in {args.articles} articles, "
              f"{source.stat().st_size / 1e6:.1f} MB of JSON, matching on import "
              f"{'on' if args.matching else 'off'}")
        for run in range(args.runs):
            svc = FactcheckService(Settings.load(db=str(Path(tmp) / f"run{run}.db"),
                                                 reviewer="bench"))
            started = time.perf_counter()
            report = svc.import_paths([source])
            imported = time.perf_counter() - started
            assert not report.errors and report.total("claims_added") == args.claims, report
            started = time.perf_counter()
            result = svc.export_csv(Path(tmp) / f"run{run}.csv")
            exported = time.perf_counter() - started
            assert result.rows == args.claims
            svc.close()
            imports.append(imported)
            exports.append(exported)
            print(f"run {run + 1}: import {imported:6.2f} s ({args.claims / imported:,.0f} "
                  f"claims/s), export {exported:5.2f} s ({args.claims / exported:,.0f} claims/s)")
    imp, exp = statistics.median(imports), statistics.median(exports)
    print(f"median import {imp:.2f} s ({args.claims / imp:,.0f} claims/s), "
          f"median export {exp:.2f} s ({args.claims / exp:,.0f} claims/s)")


if __name__ == "__main__":
    main()
