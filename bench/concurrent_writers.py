"""Verdict latency with several reviewers writing while imports run (PostgreSQL).

    uv run python bench/concurrent_writers.py --db postgresql://USER:PW@HOST:PORT/DB
        [--writers 8] [--seconds 30] [--seed-claims 2000] [--import-claims 3000]

Each writer is its own process with its own service, as a reviewer's would be: it loads a
random claim and gives it a verdict on the version it loaded (refused as stale when another
writer got there first, which counts as an answer). Meanwhile one more process imports a new
3,000-claim article after another, duplicate matching on. The database is the one given (a new
or throw-away one: the bench adds an article of seed claims and the imported ones); prints
the verdicts per second, p50/p95/p99 of set_verdict and how many were stale or failed.
Target (issue 13, on the 2-core machine): verdict p99 <= 100 ms with 8 writers while imports
run. The sentence encoder is off (FACTCHECK_ENCODER=off) to measure the database, not it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def _settings(db: str) -> Any:
    from factcheck.config import Settings

    return Settings.load(db=db, reviewer=f"bench-{os.getpid()}")


def _article(ref: str, claims: int) -> dict[str, object]:
    return {"article": {"ref": ref, "title": f"Bench {ref}", "language": "en"},
            "claims": [{"ref": f"c{n}", "text": f"Outlet {ref} says item {n} costs {n * 13 + 7} "
                                                  "dollars a year."} for n in range(claims)]}


def _writer(db: str, claim_ids: list[int], until: float, results: Any) -> None:
    from factcheck.errors import FactcheckError, StaleVersionError
    from factcheck.services import FactcheckService

    svc = FactcheckService(_settings(db))
    rng = random.Random(os.getpid())
    ratings = ["true", "false", "mixed", "misleading"]
    latencies: list[float] = []
    stale = failed = 0
    while time.time() < until:
        claim_id = rng.choice(claim_ids)
        loaded = svc.claim_detail(claim_id).row.version
        started = time.perf_counter()
        try:
            svc.set_verdict(claim_id, rng.choice(ratings), expected_version=loaded)
        except StaleVersionError:
            stale += 1
        except FactcheckError:
            failed += 1
        latencies.append(time.perf_counter() - started)
    svc.close()
    results.put((latencies, stale, failed))


def _importer(db: str, folder: str, claims: int, until: float, results: Any) -> None:
    os.environ["FACTCHECK_MATCHING"] = "on"
    from factcheck.services import FactcheckService

    svc = FactcheckService(_settings(db))
    done = 0
    while time.time() < until:
        path = Path(folder) / f"import-{os.getpid()}-{done}.json"
        path.write_text(json.dumps(_article(f"import-{os.getpid()}-{done}", claims)), "utf-8")
        report = svc.import_paths([path])
        assert not report.errors, report.errors
        done += 1
    svc.close()
    results.put(done)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL (PostgreSQL)")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--seed-claims", type=int, default=2000)
    parser.add_argument("--import-claims", type=int, default=3000)
    args = parser.parse_args()
    os.environ["FACTCHECK_ENCODER"] = "off"
    os.environ["FACTCHECK_MATCHING"] = "off"

    from factcheck.services import FactcheckService

    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed.json"
        seed.write_text(json.dumps(_article("bench-seed", args.seed_claims)), "utf-8")
        svc = FactcheckService(_settings(args.db))
        svc.import_paths([seed])
        claim_ids = [row.id for row in svc.list_claims()][: args.seed_claims]
        svc.close()

        context = mp.get_context("spawn")
        results = context.Queue()
        imported = context.Queue()
        until = time.time() + args.seconds
        processes = [context.Process(target=_writer, args=(args.db, claim_ids, until, results))
                     for _ in range(args.writers)]
        processes.append(context.Process(
            target=_importer, args=(args.db, tmp, args.import_claims, until, imported)))
        for process in processes:
            process.start()
        outcomes = [results.get() for _ in range(args.writers)]
        imports = imported.get()
        for process in processes:
            process.join()

    latencies = sorted(x for lat, _, _ in outcomes for x in lat)
    stale = sum(s for _, s, _ in outcomes)
    failed = sum(f for _, _, f in outcomes)
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    print(f"{args.writers} writers, {args.seconds:.0f} s, {imports} imports of "
          f"{args.import_claims} claims alongside")
    print(f"{len(latencies)} verdicts ({len(latencies) / args.seconds:.0f}/s): "
          f"p50 {quantiles[49] * 1000:.1f} ms, p95 {quantiles[94] * 1000:.1f} ms, "
          f"p99 {quantiles[98] * 1000:.1f} ms; {stale} stale, {failed} failed")


if __name__ == "__main__":
    main()
