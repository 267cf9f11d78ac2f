"""Quality of claim extraction against labelled articles.

    uv run python bench/extraction_quality.py --data ../shared/bench

For each `article-*.txt` with its `article-*-labels.tsv` (sentence, checkworthy, note), extracted
check-worthy sentences are matched to labelled units by containment (a caption with a full stop
inside is one labelled unit), then precision and recall of check-worthy sentences are printed
with every miss: false negatives, false positives, and any caption, byline or footer extracted.
Targets: recall >= 0.90, precision >= 0.80, no caption/byline/footer. Also prints the median time
to extract one article (Kiwi loaded once beforehand).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.extract.pipeline import Extraction, extract_article
from factcheck.io.json_import import normalise_whitespace
from factcheck.services.extraction import read_source

# Label notes that mark text which must never be extracted.
NEVER_KINDS = ("caption", "byline", "credit", "copyright", "footer")


@dataclass
class Label:
    text: str
    checkworthy: bool
    note: str

    @property
    def never(self) -> bool:
        return self.note.lower().startswith(NEVER_KINDS)


@dataclass
class Result:
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_negatives: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    never_extracted: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    median_ms: float = 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def read_labels(path: Path) -> list[Label]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Label(normalise_whitespace(r[0]), r[1].strip() == "1", r[2] if len(r) > 2 else "")
            for r in rows[1:] if r and r[0].strip()]


def matches(extracted: str, label: str) -> bool:
    return extracted in label or label in extracted


def score(name: str, extraction: Extraction, labels: list[Label]) -> Result:
    result = Result(name)
    predicted = [normalise_whitespace(s.text) for s in extraction.claims]
    hit = [any(matches(p, label.text) for p in predicted) for label in labels]
    for label, found in zip(labels, hit, strict=True):
        if label.checkworthy and found:
            result.tp += 1
        elif label.checkworthy:
            result.fn += 1
            result.false_negatives.append(label.text)
        elif found:
            result.fp += 1
            result.false_positives.append(f"{label.text}  [{label.note}]")
            if label.never:
                result.never_extracted.append(label.text)
    for text in predicted:
        if not any(matches(text, label.text) for label in labels):
            # Extracted text that no label covers counts against precision.
            result.fp += 1
            result.unmatched.append(text)
    return result


def run(data: Path, repeats: int) -> list[Result]:
    results = []
    articles = sorted(data.glob("article-*.txt"))
    if not articles:
        raise SystemExit(f"{data}: no article-*.txt files")
    for article_path in articles:
        labels_path = article_path.with_name(article_path.stem + "-labels.tsv")
        if not labels_path.exists():
            print(f"{article_path}: no {labels_path.name}; skipped", file=sys.stderr)
            continue
        article = read_source(str(article_path))
        extraction = extract_article(article)  # also loads Kiwi once, outside the timing
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            extract_article(read_source(str(article_path)))
            timings.append((time.perf_counter() - started) * 1000)
        result = score(article_path.name, extraction, read_labels(labels_path))
        result.median_ms = statistics.median(timings)
        results.append(result)
    return results


def report(results: list[Result]) -> bool:
    ok = True
    for r in results:
        print(f"{r.name}: precision {r.precision:.2f} ({r.tp}/{r.tp + r.fp}), "
              f"recall {r.recall:.2f} ({r.tp}/{r.tp + r.fn}), "
              f"caption/byline/footer extracted {len(r.never_extracted)}, "
              f"median {r.median_ms:.1f} ms per article")
        for text in r.false_negatives:
            print(f"  missed (false negative): {text}")
        for text in r.false_positives:
            print(f"  extracted, labelled 0 (false positive): {text}")
        for text in r.unmatched:
            print(f"  extracted, matches no label (false positive): {text}")
        ok = ok and r.recall >= 0.90 and r.precision >= 0.80 and not r.never_extracted
    tp = sum(r.tp for r in results)
    fp = sum(r.fp for r in results)
    fn = sum(r.fn for r in results)
    print(f"all: precision {tp / max(tp + fp, 1):.2f}, recall {tp / max(tp + fn, 1):.2f} "
          f"(targets: recall >= 0.90, precision >= 0.80, no caption/byline/footer) -> "
          f"{'met' if ok else 'NOT met'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/bench"),
                        help="folder with article-*.txt and article-*-labels.tsv")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per article")
    args = parser.parse_args()
    report(run(args.data, args.repeats))


if __name__ == "__main__":
    main()
