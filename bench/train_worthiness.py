"""Fit the check-worthiness model on our own labelled news articles and write the shipped file.

    uv run python bench/train_worthiness.py          # writes the shipped model file
    uv run python bench/train_worthiness.py --check  # says whether the shipped file is current

The articles are factcheck/extract/data/news/*.txt with their -labels.tsv (our own text, in
Korean and English). They are split once by name (factcheck/extract/labelled.py): the model is
fitted on the train articles, its penalties and threshold are chosen on the validation
articles, and the test articles are only reported (bench/extraction_quality.py). Two variants
are written: with the sentence encoder's meaning vectors, and with the named features alone
(used when FACTCHECK_ENCODER=off). No bench data from ../shared goes into the model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from factcheck.extract.labelled import Split, training_articles
from factcheck.extract.model import MODEL_FILE
from factcheck.extract.training import examples, train_models
from factcheck.match.encoder import DEFAULT_ENCODER, encoder_for

MODEL_PATH = Path(__file__).resolve().parent.parent / "factcheck" / "extract" / "data" / MODEL_FILE


def document() -> dict[str, object]:
    articles = training_articles()
    found, unlabelled = examples(articles)
    for text in unlabelled:
        print(f"  no label covers: {text}", file=sys.stderr)
    for split in Split:
        chosen = [e for e in found if e.split == split]
        names = {e.article for e in chosen}
        positive = sum(e.label for e in chosen)
        print(f"{split}: {len(names)} articles, {len(chosen)} sentences, {positive} labelled "
              f"check-worthy", file=sys.stderr)
    models = train_models(articles, encoder_for(DEFAULT_ENCODER))
    for name, model in models.items():
        v = model.info["validation"]
        print(f"{name}: threshold {model.threshold:.2f}, validation precision "
              f"{v['precision']:.2f} recall {v['recall']:.2f} F1 {v['f1']:.2f} "
              f"(l2 {model.info['l2_features']}/{model.info['l2_meaning']})", file=sys.stderr)
    return {"about": "factcheck check-worthiness model; made by bench/train_worthiness.py from "
                     "factcheck/extract/data/news (do not edit by hand)",
            "models": {name: model.as_json() for name, model in models.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the shipped file differs")
    args = parser.parse_args()
    text = json.dumps(document(), ensure_ascii=False, indent=1) + "\n"
    if args.check:
        current = MODEL_PATH.read_text("utf-8") if MODEL_PATH.exists() else ""
        same = current == text
        print(f"{MODEL_PATH}: {'current' if same else 'OUT OF DATE'}")
        raise SystemExit(0 if same else 1)
    MODEL_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL_PATH}")


if __name__ == "__main__":
    main()
