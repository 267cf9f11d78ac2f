"""A desk under load: N reviewer processes writing to one database at once.

    uv run python bench/team_load.py [--writers 8] [--seconds 60] [--backend both]
                                     [--pg postgresql://user:pw@127.0.0.1:5432/postgres]
                                     [--encoder off|use] [--seed-articles 40]

Each backend gets a fresh database (an SQLite file in a temporary folder; a new PostgreSQL
database on the server --pg or FACTCHECK_TEST_POSTGRES names, dropped at the end) seeded
with articles whose claims repeat across articles, so that duplicate links exist. Then
--writers processes (reviewers r1..rN), started together, each run for --seconds a mix of
what a desk does:

- verdict: load a claim, set a verdict with the version loaded (a stale refusal is a
  conflict, counted, not an error);
- source: add a source to a claim (link checks off: this measures the database);
- accept / discard: an extracted candidate;
- confirm / reject: a duplicate pair;
- import: a new article from a shared pool, so that several reviewers import the same
  article at once, with claims that duplicate stored ones (matching on).

It prints throughput and p50/p99 latency per operation and backend, then checks the
database: every verdict and source a worker saw succeed is stored exactly once (its
rationale or URL carries a unique token), one row per article identity, per claim of an
article and per duplicate pair, and no raw error (anything but the one-line errors a user
sees, or a "database error" line). Targets (issue 13): 0 lost, 0 doubled, 0 raw errors; p99
of a verdict <= 100 ms on PostgreSQL with 8 writers. The exit status is 1 when a check fails.

The sentence encoder is off by default (FACTCHECK_ENCODER=off): on this 2-core machine eight
processes encoding at once would measure the CPU, not the database; --encoder use measures
with it.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OPERATIONS = ("verdict", "source", "accept", "discard", "confirm", "reject", "import")
# Relative weights of the mix: mostly verdicts and sources, as on a desk.
WEIGHTS = {"verdict": 40, "source": 25, "accept": 8, "discard": 4, "confirm": 8,
           "reject": 5, "import": 10}
EN_SUBJECTS = ["DeepSeek", "Nvidia", "Zhipu AI", "Moonshot AI", "Baichuan", "Alibaba",
               "Tencent", "ByteDance"]
EN_PREDICATES = ["raised revenue by {n} percent in {y}", "hired {n} engineers in {y}",
                 "invested {n} million dollars in {y}", "released {n} models in {y}",
                 "lost {n} percent of its market value in {y}"]
KO_SUBJECTS = ["딥시크", "엔비디아", "지푸 AI", "문샷 AI", "바이촨", "알리바바"]
KO_PREDICATES = ["{y}년 매출이 {n}% 늘었다", "{y}년 직원 {n}명을 새로 뽑았다",
                 "{y}년 {n}억 원을 투자했다", "{y}년 모델 {n}개를 공개했다"]
# Shared pool of articles the workers import during the run (several import the same one).
IMPORT_POOL = 24


def claim_sentences(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(text, language) pairs; a fixed vocabulary, so that sentences recur across articles."""
    out: list[tuple[str, str]] = []
    while len(out) < count:  # no sentence twice in one article: that would be one claim
        n, y = rng.choice([3, 5, 12, 40, 100, 250]), rng.choice([2023, 2024, 2025])
        if rng.random() < 0.5:
            text = f"{rng.choice(EN_SUBJECTS)} {rng.choice(EN_PREDICATES).format(n=n, y=y)}."
            lang = "en"
        else:
            text = f"{rng.choice(KO_SUBJECTS)}는 {rng.choice(KO_PREDICATES).format(n=n, y=y)}."
            lang = "ko"
        if all(text != seen for seen, _ in out):
            out.append((text, lang))
    return out


def article_bundle(key: str, claims: list[tuple[str, str]], *, with_ref: bool) -> Any:
    from factcheck.io.json_import import ArticleIn, Bundle, ClaimIn

    article = ArticleIn(path=key, ref=f"load-{key}" if with_ref else None,
                        title=f"Article {key}", url=f"https://news.example/{key}",
                        outlet="Load Daily", language=None)
    return Bundle(article=article, claims=[ClaimIn(path=f"{key}[{i}]", text=text,
                                                   language=lang)
                                           for i, (text, lang) in enumerate(claims)])


# ---------------------------------------------------------------------------- databases


def sqlite_database(folder: Path) -> tuple[str, Any]:
    return f"sqlite:///{folder / 'load.db'}", None


def postgres_database(server_url: str) -> tuple[str, Any]:
    import psycopg

    name = f"factcheck_load_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = server_url.rpartition("/")

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{base}/{name}", drop


def seed(db_url: str, articles: int) -> dict[str, Any]:
    """Import the seed articles (matching on) and say what the workers can pick from."""
    from factcheck.config import Settings
    from factcheck.models import ClaimStatus
    from factcheck.services import FactcheckService

    rng = random.Random(13)
    svc = FactcheckService(Settings.load(db=db_url, reviewer="seed"))
    try:
        bundles = [article_bundle(f"seed-{a}", claim_sentences(rng, 25), with_ref=a % 2 == 0)
                   for a in range(articles)]
        svc.import_bundles(bundles, label="seed")
        candidates = [article_bundle(f"cand-{a}", claim_sentences(rng, 20), with_ref=False)
                      for a in range(max(articles // 4, 2))]
        svc.import_bundles(candidates, label="candidates", status=ClaimStatus.CANDIDATE)
        rows = svc.list_claims()
        pairs = [(p.a.id, p.b.id) for p in svc.matching.duplicates()]
    finally:
        svc.close()
    return {
        "claims": [r.id for r in rows if r.status != ClaimStatus.CANDIDATE.value],
        "candidates": [r.id for r in rows if r.status == ClaimStatus.CANDIDATE.value],
        "pairs": pairs,
    }


# ---------------------------------------------------------------------------- workers


@dataclass
class WorkerResult:
    name: str
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    verdict_tokens: list[str] = field(default_factory=list)
    source_tokens: list[str] = field(default_factory=list)
    raw_errors: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def worker(name: str, db_url: str, pool: dict[str, Any], seconds: float, start: Any,
           results: Any) -> None:
    from factcheck.config import Settings
    from factcheck.errors import FactcheckError, StaleVersionError
    from factcheck.services import FactcheckService
    from factcheck.vocabulary import Rating

    result = WorkerResult(name)
    rng = random.Random(name)
    svc = FactcheckService(Settings.load(db=db_url, reviewer=name))
    import_rng = random.Random(99)
    pool_articles = [article_bundle(f"pool-{i}", claim_sentences(import_rng, 12),
                                    with_ref=i % 3 == 0) for i in range(IMPORT_POOL)]
    # Opened and warm before the clock starts (the matcher's analysers load on first use):
    # each reviewer imports an article of their own first. A failure here is a raw error
    # like any other, and the worker still takes part.
    try:
        svc.claim_detail(pool["claims"][0])
        svc.import_bundles([article_bundle(f"warm-{name}", claim_sentences(rng, 4),
                                           with_ref=False)], label=f"warm-{name}")
    except Exception as exc:  # noqa: BLE001 - the bench counts every raw error
        result.outcomes[("warm-up", "raw error")] += 1
        result.raw_errors.append(f"warm-up: {type(exc).__name__}: "
                                 f"{str(exc).splitlines()[0] if str(exc) else ''}")
    ops, weights = zip(*WEIGHTS.items(), strict=True)
    start.wait()
    deadline = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < deadline:
        op = rng.choices(ops, weights)[0]
        n += 1
        token = f"{name}-{n}"
        try:
            if op in ("verdict", "source"):
                claim_id = rng.choice(pool["claims"])
                version = svc.claim_detail(claim_id).row.version
            elif op in ("accept", "discard"):
                claim_id = rng.choice(pool["candidates"])
                version = svc.claim_detail(claim_id).row.version
            t0 = time.perf_counter()
            if op == "verdict":
                svc.set_verdict(claim_id, rng.choice(list(Rating)), rationale=f"load {token}",
                                expected_version=version)
                result.verdict_tokens.append(token)
            elif op == "source":
                svc.add_source(claim_id, f"https://source.example/{token}",
                               note=f"load {token}", expected_version=version)
                result.source_tokens.append(token)
            elif op == "accept":
                svc.accept_candidate(claim_id, expected_version=version)
            elif op == "discard":
                svc.discard_candidate(claim_id, expected_version=version)
            elif op in ("confirm", "reject"):
                if not pool["pairs"]:
                    continue
                a, b = rng.choice(pool["pairs"])
                (svc.matching.confirm if op == "confirm" else svc.matching.reject)(
                    a, b, reviewer=name)
            elif op == "import":
                bundle = rng.choice(pool_articles)
                svc.import_bundles([bundle], label=bundle.article.path)
            result.outcomes[(op, "ok")] += 1
        except StaleVersionError:
            result.outcomes[(op, "conflict")] += 1
        except FactcheckError as exc:
            message = exc.message
            if "database error" in message or "constraint" in message:
                result.outcomes[(op, "raw error")] += 1
                result.raw_errors.append(f"{op}: {message}")
            else:  # e.g. "claim 12 is not a candidate": another reviewer was first
                result.outcomes[(op, "refused")] += 1
                result.refusals.append(f"{op}: {message}")
        except Exception as exc:  # noqa: BLE001 - the bench counts every raw error
            result.outcomes[(op, "raw error")] += 1
            result.raw_errors.append(f"{op}: {type(exc).__name__}: "
                                     f"{str(exc).splitlines()[0] if str(exc) else ''}"
                                     f" {traceback.format_exc().splitlines()[-3].strip()}")
            continue
        result.latencies[op].append(time.perf_counter() - t0)
    svc.close()
    results.put({"name": result.name, "latencies": dict(result.latencies),
                 "outcomes": dict(result.outcomes), "verdict_tokens": result.verdict_tokens,
                 "source_tokens": result.source_tokens, "raw_errors": result.raw_errors,
                 "refusals": result.refusals[:20]})


# ---------------------------------------------------------------------------- checks


def check_database(db_url: str, reports: list[dict[str, Any]]) -> dict[str, int]:
    """Lost and doubled rows, counted with SQL over the whole database."""
    from sqlalchemy import func, select
    from sqlmodel import SQLModel

    from factcheck.store import make_engine

    engine = make_engine(db_url)
    written_verdicts = {f"load {t}" for r in reports for t in r["verdict_tokens"]}
    written_sources = {f"https://source.example/{t}" for r in reports
                       for t in r["source_tokens"]}
    with engine.connect() as conn:
        tables = SQLModel.metadata.tables
        verdict_rationale, source_url = tables["verdict"].c.rationale, tables["source"].c.url
        rationales = Counter(conn.execute(
            select(verdict_rationale).where(verdict_rationale.like("load %"))).scalars())
        urls = Counter(conn.execute(
            select(source_url).where(source_url.like("https://source.example/%"))).scalars())

        def repeats(*columns: Any) -> int:
            grouped = select(*columns, func.count().label("n")).where(
                *(c.is_not(None) for c in columns)).group_by(*columns).having(func.count() > 1)
            return len(conn.execute(grouped).all())

        article, claim = tables["article"].c, tables["claim"].c
        link = tables["duplicatelink"].c
        counts = {
            "verdicts lost": len(written_verdicts - set(rationales)),
            "verdicts doubled": sum(1 for v in rationales.values() if v > 1),
            "sources lost": len(written_sources - set(urls)),
            "sources doubled": sum(1 for v in urls.values() if v > 1),
            "articles doubled (url)": repeats(article.url),
            "articles doubled (ref)": repeats(article.ref),
            "claims doubled (article, text)": repeats(claim.article_id, claim.text),
            "pairs doubled": repeats(link.claim_a_id, link.claim_b_id),
        }
    engine.dispose()
    return counts


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def run_backend(backend: str, db_url: str, args: argparse.Namespace) -> bool:
    print(f"\n== {backend}: {args.writers} writers for {args.seconds:g} s "
          f"(encoder {args.encoder})", flush=True)
    t0 = time.perf_counter()
    pool = seed(db_url, args.seed_articles)
    print(f"seeded {len(pool['claims'])} claims, {len(pool['candidates'])} candidates, "
          f"{len(pool['pairs'])} duplicate pairs in {time.perf_counter() - t0:.1f} s",
          flush=True)
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(args.writers + 1)
    results = ctx.Queue()
    procs = [ctx.Process(target=worker, args=(f"r{i + 1}", db_url, pool, args.seconds, start,
                                              results)) for i in range(args.writers)]
    for proc in procs:
        proc.start()
    start.wait()
    began = time.perf_counter()
    reports = [results.get() for _ in procs]
    elapsed = time.perf_counter() - began
    for proc in procs:
        proc.join()
    latencies: dict[str, list[float]] = defaultdict(list)
    outcomes: Counter[tuple[str, str]] = Counter()
    raw: list[str] = []
    for report in reports:
        for op, values in report["latencies"].items():
            latencies[op].extend(values)
        for key, value in report["outcomes"].items():
            outcomes[tuple(key) if isinstance(key, list) else key] += value
        raw.extend(report["raw_errors"])
    print(f"{'operation':<10} {'done':>6} {'per s':>7} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'conflict':>9} {'refused':>8} {'raw err':>8}")
    for op in OPERATIONS:
        values = latencies.get(op, [])
        if not values and not any(k[0] == op for k in outcomes):
            continue
        p50 = percentile(values, 50) * 1000 if values else float("nan")
        p99 = percentile(values, 99) * 1000 if values else float("nan")
        print(f"{op:<10} {outcomes[(op, 'ok')]:>6} {outcomes[(op, 'ok')] / elapsed:>7.1f} "
              f"{p50:>8.1f} {p99:>8.1f} {outcomes[(op, 'conflict')]:>9} "
              f"{outcomes[(op, 'refused')]:>8} {outcomes[(op, 'raw error')]:>8}")
    total_ok = sum(v for k, v in outcomes.items() if k[1] == "ok")
    print(f"all       {total_ok:>6} {total_ok / elapsed:>7.1f}")
    counts = check_database(db_url, reports)
    counts["raw errors"] = len(raw)
    for what, value in counts.items():
        print(f"  {what}: {value}")
    for line in sorted(set(raw))[:10]:
        print(f"  raw error: {line}")
    refusals = [line for report in reports for line in report["refusals"]]
    for line in sorted({re.sub(r"\d+", "N", line) for line in refusals})[:6]:
        print(f"  refused (as a user would be told): {line}")
    ok = all(v == 0 for v in counts.values())
    if backend == "postgresql" and latencies.get("verdict"):
        p99 = percentile(latencies["verdict"], 99) * 1000
        target = "met" if p99 <= 100 else "MISSED"
        print(f"  verdict p99 {p99:.1f} ms (target <= 100 ms with 8 writers: {target})")
    print(f"  checks: {'passed' if ok else 'FAILED'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg", default=os.environ.get("FACTCHECK_TEST_POSTGRES"),
                        help="a PostgreSQL server URL where a database may be created")
    parser.add_argument("--encoder", choices=("off", "use"), default="off")
    parser.add_argument("--seed-articles", type=int, default=40)
    args = parser.parse_args()
    os.environ["FACTCHECK_ENCODER"] = args.encoder
    os.environ["FACTCHECK_CHECK_SOURCES"] = "off"
    os.environ["FACTCHECK_MATCHING"] = "on"
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    all_ok = True
    with tempfile.TemporaryDirectory() as folder:
        for backend in backends:
            if backend == "postgresql":
                if not args.pg:
                    print("\n== postgresql: skipped (no --pg and no FACTCHECK_TEST_POSTGRES)")
                    continue
                db_url, drop = postgres_database(args.pg)
            else:
                db_url, drop = sqlite_database(Path(folder))
            try:
                all_ok = run_backend(backend, db_url, args) and all_ok
            finally:
                if drop is not None:
                    drop()
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
