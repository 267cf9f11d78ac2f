"""Duplicate-claim matching quality on labelled pairs, with both kinds of evidence.

    uv run python bench/matching_quality.py --data ../shared/bench [--errors] [--lexical-only]
        [--korsts] [--sweep]

Counts `same` and `suggested` as "duplicate". For each pair set it prints the figures issue 11
asks for: same-language precision/recall/F1, hard negatives (kinds number, negation, entity,
direction) at `same` and at `same` or `suggested`, paraphrase recall (kind paraphrase) and
translation recall (cross-language pairs), then per kind and per language pair.

The sets: `claim-pairs-dev.tsv` (the set the lexical rules were written on) and
`claim-pairs-broad.tsv` in two fixed parts: every third pair (0-based row index % 3 == 2)
is the held-out split that nothing is tuned on; the rest is the tuning split the semantic
thresholds (MatchSettings.semantic_*) were chosen on. `--sweep` prints F1 for a grid of
thresholds on the tuning split only. `--korsts` adds KorSTS (test) Spearman of the encoder's
cosine. The encoder is the configured one (FACTCHECK_ENCODER, default "use").
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.match import MatchResult, MatchSettings, compare, normalise_many  # noqa: E402

HARD_NEGATIVE_KINDS = ("number", "negation", "entity", "direction")
HELD_OUT_EVERY = 3  # row index % 3 == 2: the broad set's held-out split


@dataclass
class Pair:
    pair_id: str
    lang_a: str
    text_a: str
    lang_b: str
    text_b: str
    label: int
    kind: str

    @property
    def languages(self) -> str:
        return f"{self.lang_a}-{self.lang_b}"

    @property
    def crosslingual(self) -> bool:
        return self.lang_a != self.lang_b


def read_pairs(path: Path) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    index = {name: i for i, name in enumerate(header)}
    return [Pair(r[index["pair_id"]], r[index["lang_a"]], r[index["text_a"]], r[index["lang_b"]],
                 r[index["text_b"]], int(r[index["label"]]), r[index["kind"]]) for r in body]


def split(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    """(tuning, held-out): a fixed split by row position."""
    tune = [p for i, p in enumerate(pairs) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    held = [p for i, p in enumerate(pairs) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    return tune, held


Scored = list[tuple[Pair, MatchResult]]


def prf(rows: Scored) -> tuple[float, float, float, int]:
    tp = sum(1 for p, r in rows if p.label == 1 and r.is_duplicate)
    fp = sum(1 for p, r in rows if p.label == 0 and r.is_duplicate)
    fn = sum(1 for p, r in rows if p.label == 1 and not r.is_duplicate)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(rows)


def line(name: str, rows: Scored) -> str:
    p, r, f, n = prf(rows)
    return f"  {name:<22} n={n:<4} precision={p:.3f} recall={r:.3f} F1={f:.3f}"


class Evidence:
    """Normal forms and (unless lexical only) sentence vectors of every text, computed once."""

    def __init__(self, texts: list[tuple[str, str]], lexical_only: bool) -> None:
        unique = sorted(set(texts))
        started = time.perf_counter()
        forms = normalise_many([t for t, _ in unique], [lang for _, lang in unique])
        self.forms = dict(zip(unique, forms, strict=True))
        self.normalise_seconds = time.perf_counter() - started
        self.vectors = None
        self.encoder_id = "none (lexical only)"
        self.embed_seconds = 0.0
        if not lexical_only:
            from factcheck.match.encoder import encoder_for

            encoder = encoder_for(os.environ.get("FACTCHECK_ENCODER", "use"))
            if encoder is not None:
                started = time.perf_counter()
                matrix = encoder.encode([t for t, _ in unique])
                self.embed_seconds = time.perf_counter() - started
                self.vectors = dict(zip(unique, matrix, strict=True))
                self.encoder_id = encoder.id

    def score(self, pairs: list[Pair], settings: MatchSettings) -> Scored:
        out = []
        for p in pairs:
            a, b = (p.text_a, p.lang_a), (p.text_b, p.lang_b)
            semantic = (float(self.vectors[a] @ self.vectors[b])
                        if self.vectors is not None else None)
            out.append((p, compare(self.forms[a], self.forms[b], settings,
                                   semantic=semantic)))
        return out


def share(found: int, total: int) -> str:
    return f"{found}/{total} = {found / total:.2f}" if total else "n/a"


def summary(name: str, rows: Scored) -> None:
    same_lang = [(p, r) for p, r in rows if not p.crosslingual]
    precision, recall, f1, n = prf(same_lang)
    hard = [(p, r) for p, r in rows if p.label == 0 and p.kind in HARD_NEGATIVE_KINDS]
    hard_same = sum(r.level == "same" for _, r in hard)
    hard_dup = sum(r.is_duplicate for _, r in hard)
    para = [(p, r) for p, r in rows if p.label == 1 and p.kind == "paraphrase"]
    trans = [(p, r) for p, r in rows if p.label == 1 and p.crosslingual]
    print(f"{name}: {len(rows)} pairs")
    print(f"  same-language F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f}, n={n})")
    print(f"  hard negatives at same: {hard_same} of {len(hard)}; at same or suggested: "
          f"{share(hard_dup, len(hard))}")
    print(f"  paraphrase recall {share(sum(r.is_duplicate for _, r in para), len(para))}; "
          f"translation recall {share(sum(r.is_duplicate for _, r in trans), len(trans))}")


def details(rows: Scored) -> None:
    print("  per language pair:")
    by_lang: dict[str, Scored] = defaultdict(list)
    for p, r in rows:
        by_lang[p.languages].append((p, r))
    for name, part in sorted(by_lang.items()):
        print("  " + line(name, part))
    print("  per kind (label 1: share found as duplicate; label 0: share wrongly a duplicate):")
    by_kind: dict[tuple[str, int, str], list[MatchResult]] = defaultdict(list)
    for p, r in rows:
        by_kind[(p.kind, p.label, "cross" if p.crosslingual else "same-lang")].append(r)
    for (kind, label, langs), part in sorted(by_kind.items(),
                                             key=lambda k: (-k[0][1], k[0][0], k[0][2])):
        levels = Counter(r.level or "none" for r in part)
        dup = sum(r.is_duplicate for r in part)
        print(f"    {kind:<12} {langs:<9} label={label} n={len(part):<3} "
              f"duplicate={dup / len(part):.2f} "
              + " ".join(f"{lv}={levels[lv]}" for lv in ("same", "suggested", "related",
                                                          "none")))


def errors(rows: Scored) -> None:
    print("  errors:")
    for p, r in rows:
        if (p.label == 1) != r.is_duplicate:
            print(f"    {p.pair_id} {p.kind} label={p.label} -> {r.level} {r.score} "
                  f"{r.differences}\n      A: {p.text_a}\n      B: {p.text_b}")


def sweep(evidence: Evidence, tune: list[Pair]) -> None:
    """F1 (all pairs of the tuning split) for a grid of semantic thresholds."""
    print("sweep on the broad set's tuning split (F1 all pairs | hard negatives duplicate):")
    base = MatchSettings()
    results = []
    for suggested in (0.66, 0.68, 0.70, 0.72, 0.74, 0.76, 0.78):
        for translation in (0.50, 0.55, 0.60, 0.65):
            for floor in (0.35, 0.45, 0.55):
                settings = replace(base, semantic_suggested=suggested,
                                   semantic_translation=translation, semantic_floor=floor)
                rows = evidence.score(tune, settings)
                f1 = prf(rows)[2]
                hard = sum(r.is_duplicate for p, r in rows
                           if p.label == 0 and p.kind in HARD_NEGATIVE_KINDS)
                results.append((f1, -hard, suggested, translation, floor))
    for f1, hard, suggested, translation, floor in sorted(results, reverse=True)[:12]:
        print(f"  suggested={suggested:.2f} translation={translation:.2f} floor={floor:.2f}: "
              f"F1 {f1:.3f}, hard negatives as duplicates {-hard}")


def ranks(values):  # type: ignore[no-untyped-def]
    """Ranks with ties averaged (Spearman's rho is Pearson's r of these)."""
    import numpy as np

    order = np.argsort(values, kind="mergesort")
    ranked = np.empty(len(values))
    ranked[order] = np.arange(len(values))
    for value in np.unique(values):
        tied = values == value
        if tied.sum() > 1:
            ranked[tied] = ranked[tied].mean()
    return ranked


def korsts(data: Path) -> None:
    import numpy as np

    from factcheck.match.encoder import encoder_for

    path = data / "korean" / "korsts" / "test.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    encoder = encoder_for(os.environ.get("FACTCHECK_ENCODER", "use"))
    if encoder is None:
        print("KorSTS: no encoder (FACTCHECK_ENCODER=off)")
        return
    left = encoder.encode([r[1] for r in rows])
    right = encoder.encode([r[2] for r in rows])
    cosines = (left * right).sum(axis=1)
    rho = float(np.corrcoef(ranks(cosines), ranks(np.array([float(r[3]) for r in rows])))[0, 1])
    print(f"KorSTS test: {len(rows)} pairs, Spearman of the encoder's cosine {rho:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/bench"))
    parser.add_argument("--errors", action="store_true", help="list misclassified pairs")
    parser.add_argument("--lexical-only", action="store_true",
                        help="no sentence vectors (the lexical evidence alone)")
    parser.add_argument("--sweep", action="store_true",
                        help="threshold grid on the broad set's tuning split")
    parser.add_argument("--korsts", action="store_true", help="KorSTS test Spearman")
    args = parser.parse_args()
    dev = read_pairs(args.data / "claim-pairs-dev.tsv")
    broad = read_pairs(args.data / "claim-pairs-broad.tsv")
    tune, held = split(broad)
    texts = [(t, lang) for p in dev + broad for t, lang in ((p.text_a, p.lang_a),
                                                              (p.text_b, p.lang_b))]
    evidence = Evidence(texts, args.lexical_only)
    print(f"evidence: lexical + {evidence.encoder_id}; {len(evidence.forms)} texts normalised "
          f"in {evidence.normalise_seconds:.2f} s (model load included), embedded in "
          f"{evidence.embed_seconds:.2f} s")
    settings = MatchSettings()
    timings = []
    sets = {"claim-pairs-dev (lexical rules written on it)": dev,
            "claim-pairs-broad, tuning split": tune,
            "claim-pairs-broad, HELD-OUT split (never tuned on)": held}
    scored: dict[str, Scored] = {}
    for name, pairs in sets.items():
        before = time.perf_counter()
        scored[name] = evidence.score(pairs, settings)
        timings.append((time.perf_counter() - before) / max(1, len(pairs)))
    print(f"compare: median {1e6 * statistics.median(timings):.0f} us/pair")
    print("duplicate = level same or suggested")
    for name, rows in scored.items():
        summary(name, rows)
        details(rows)
        if args.errors:
            errors(rows)
    if args.sweep:
        sweep(evidence, tune)
    if args.korsts:
        korsts(args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
