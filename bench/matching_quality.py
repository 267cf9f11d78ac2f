"""Duplicate-claim matching quality on labelled pairs (claim-pairs-dev.tsv).

    uv run python bench/matching_quality.py --data ../shared/bench [--errors]

Counts `same` and `suggested` as "duplicate". Prints precision, recall and F1 overall, on
same-language pairs, per language pair and per kind; cross-language recall; and how many hard
negatives (kinds number, negation, entity, direction) reach `same` (target: 0).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.match import MatchResult, compare, normalise_many  # noqa: E402

HARD_NEGATIVE_KINDS = ("number", "negation", "entity", "direction")


@dataclass
class Pair:
    pair_id: str
    lang_a: str
    text_a: str
    lang_b: str
    text_b: str
    label: int
    kind: str


def read_pairs(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    index = {name: i for i, name in enumerate(header)}
    return [Pair(r[index["pair_id"]], r[index["lang_a"]], r[index["text_a"]], r[index["lang_b"]],
                 r[index["text_b"]], int(r[index["label"]]), r[index["kind"]]) for r in body]


def prf(pairs: list[tuple[Pair, MatchResult]]) -> tuple[float, float, float, int]:
    tp = sum(1 for p, r in pairs if p.label == 1 and r.is_duplicate)
    fp = sum(1 for p, r in pairs if p.label == 0 and r.is_duplicate)
    fn = sum(1 for p, r in pairs if p.label == 1 and not r.is_duplicate)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(pairs)


def line(name: str, rows: list[tuple[Pair, MatchResult]]) -> str:
    p, r, f, n = prf(rows)
    return f"  {name:<22} n={n:<4} precision={p:.3f} recall={r:.3f} F1={f:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--errors", action="store_true", help="list misclassified pairs")
    args = parser.parse_args()
    pairs = read_pairs(args.data / "claim-pairs-dev.tsv")

    started = time.perf_counter()
    forms = normalise_many([p.text_a for p in pairs] + [p.text_b for p in pairs],
                           [p.lang_a for p in pairs] + [p.lang_b for p in pairs])
    normalised = time.perf_counter()
    compare(forms[0], forms[len(pairs)])  # warm-up: rapidfuzz loads numpy on first use
    results: list[tuple[Pair, MatchResult]] = []
    timings: list[float] = []
    for i, p in enumerate(pairs):
        before = time.perf_counter()
        results.append((p, compare(forms[i], forms[len(pairs) + i])))
        timings.append(time.perf_counter() - before)

    print(f"claim-pairs-dev: {len(pairs)} pairs (normalise {normalised - started:.2f} s incl. "
          f"model load; compare median {1e6 * statistics.median(timings):.0f} us/pair)")
    print("duplicate = level same or suggested")
    print(line("all pairs", results))
    same_lang = [(p, r) for p, r in results if p.lang_a == p.lang_b]
    print(line("same-language", same_lang))
    print("per language pair:")
    by_lang: dict[str, list[tuple[Pair, MatchResult]]] = defaultdict(list)
    for p, r in results:
        by_lang["-".join(sorted((p.lang_a, p.lang_b)))].append((p, r))
    for name, rows in sorted(by_lang.items()):
        print(line(name, rows))
    cross_pos = [(p, r) for p, r in results if p.lang_a != p.lang_b and p.label == 1]
    cross_recall = sum(r.is_duplicate for _, r in cross_pos) / len(cross_pos) if cross_pos else 0
    print(f"cross-language recall (suggested): {cross_recall:.3f} "
          f"({sum(r.is_duplicate for _, r in cross_pos)}/{len(cross_pos)})")

    print("per kind (label 1: share found as duplicate; label 0: share wrongly called duplicate):")
    by_kind: dict[tuple[str, int], list[MatchResult]] = defaultdict(list)
    for p, r in results:
        by_kind[(p.kind, p.label)].append(r)
    for (kind, label), rows in sorted(by_kind.items(), key=lambda k: (-k[0][1], k[0][0])):
        levels = Counter(r.level or "none" for r in rows)
        dup = sum(r.is_duplicate for r in rows)
        print(f"  {kind:<12} label={label} n={len(rows):<3} duplicate={dup / len(rows):.3f} "
              + " ".join(f"{lv}={levels[lv]}" for lv in ("same", "suggested", "related", "none")))

    hard_same = [(p, r) for p, r in results
                 if p.label == 0 and p.kind in HARD_NEGATIVE_KINDS and r.level == "same"]
    print(f"hard negatives (number/negation/entity/direction) at same: {len(hard_same)}")
    negatives_same = sum(1 for p, r in results if p.label == 0 and r.level == "same")
    positives_same = sum(1 for p, r in results if p.label == 1 and r.level == "same")
    print(f"all negatives at same: {negatives_same}; positives at same: {positives_same}/"
          f"{sum(p.label for p in pairs)}")
    if args.errors:
        print("errors:")
        for p, r in results:
            if (p.label == 1) != r.is_duplicate:
                print(f"  {p.pair_id} {p.kind} label={p.label} -> {r.level} {r.score} "
                      f"{r.differences}\n    A: {p.text_a}\n    B: {p.text_b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
