"""Labelled articles: an article's text beside a `-labels.tsv` file (`sentence checkworthy
note`, one row per unit in reading order), the format of the bench's articles and of our own
training articles in factcheck/extract/data/news/.

An extracted sentence is matched to the labelled unit that contains it or that it contains (a
caption with a full stop inside is one labelled unit, two sentences the splitter kept together
are two units).

The training articles are split once, by name, into train, validation and test: within each
group of articles (same file prefix: language and register), in name order, every fourth from
the second is validation and every fourth from the fourth is test. The model is fitted on
train, its regularisation and threshold are chosen on validation, and test is only reported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from importlib.abc import Traversable

from factcheck.text import normalise_whitespace

LABELS_SUFFIX = "-labels.tsv"
# Label notes that mark text which must never be extracted.
NEVER_KINDS = ("caption", "byline", "credit", "copyright", "footer", "timestamp", "email",
               "navigation")


class Split(StrEnum):
    TRAIN = "train"
    VALIDATION = "validation"
    TEST = "test"


@dataclass(frozen=True)
class LabelledUnit:
    text: str
    checkworthy: bool
    note: str

    @property
    def never(self) -> bool:
        return self.note.lower().startswith(NEVER_KINDS)


@dataclass(frozen=True)
class LabelledArticle:
    name: str
    language: str
    text: str
    units: tuple[LabelledUnit, ...]
    split: Split = Split.TEST


def parse_labels(text: str, *, label: str = "labels") -> tuple[LabelledUnit, ...]:
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or [c.strip() for c in rows[0][:2]] != ["sentence", "checkworthy"]:
        raise ValueError(f"{label}: line 1: expected the header sentence<TAB>checkworthy<TAB>note")
    units = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        if len(row) < 2 or row[1].strip() not in ("0", "1"):
            raise ValueError(f"{label}: line {number}: expected checkworthy 0 or 1 in column 2")
        units.append(LabelledUnit(normalise_whitespace(row[0]), row[1].strip() == "1",
                                  row[2].strip() if len(row) > 2 else ""))
    return tuple(units)


def unit_of(sentence: str, units: Sequence[LabelledUnit]) -> LabelledUnit | None:
    """The labelled unit an extracted sentence belongs to: the one that holds it, else the
    longest one it holds (a short header line inside a sentence is not that sentence)."""
    key = normalise_whitespace(sentence)
    holding = next((unit for unit in units if key in unit.text), None)
    if holding is not None:
        return holding
    held = [unit for unit in units if unit.text in key]
    return max(held, key=lambda unit: len(unit.text)) if held else None


def language_of(name: str) -> str:
    match = re.match(r"(?:article-)?(ko|en)\b", name)
    return match.group(1) if match else "auto"


def _split_of(position: int) -> Split:
    return {1: Split.VALIDATION, 3: Split.TEST}.get(position % 4, Split.TRAIN)


def _pairs(folder: Traversable) -> Iterator[tuple[str, Traversable, Traversable]]:
    entries = {entry.name: entry for entry in folder.iterdir()}
    for name in sorted(entries):
        if name.endswith(".txt"):
            stem = name[:-4]
            labels = entries.get(stem + LABELS_SUFFIX)
            if labels is not None:
                yield stem, entries[name], labels


def training_articles() -> list[LabelledArticle]:
    """Our own labelled news articles (package data), each with its split."""
    folder = resources.files("factcheck.extract").joinpath("data", "news")
    articles: list[LabelledArticle] = []
    positions: dict[str, int] = {}
    for stem, text_file, labels_file in _pairs(folder):
        numbered = re.match(r"(.+?)-\d+(?:-|$)", stem)  # "ko-b-07-heat-wave" -> "ko-b"
        group = numbered.group(1) if numbered else stem
        position = positions.get(group, 0)
        positions[group] = position + 1
        articles.append(LabelledArticle(
            name=stem, language=language_of(stem), text=text_file.read_text("utf-8"),
            units=parse_labels(labels_file.read_text("utf-8"), label=labels_file.name),
            split=_split_of(position)))
    return articles


# Sets written independently of the training articles (by writers who saw neither them nor the
# model), never trained on. Each was measured once with everything frozen; "holdout", "unseen"
# and "fresh" then showed page-chrome formats the rules missed, which were generalised, so only
# the last one, "final", is still unseen.
INDEPENDENT_SETS = ("holdout", "unseen", "fresh", "final")


def independent_articles(name: str) -> list[LabelledArticle]:
    """The articles of one independent set (package data, data/<name>/)."""
    folder = resources.files("factcheck.extract").joinpath("data", name)
    return labelled_articles_in(folder) if folder.is_dir() else []


def labelled_articles_in(folder: Traversable, pattern: str = "") -> list[LabelledArticle]:
    """Labelled articles in another folder (the bench's), all counted as test."""
    return [LabelledArticle(name=stem, language=language_of(stem),
                            text=text_file.read_text("utf-8"),
                            units=parse_labels(labels_file.read_text("utf-8"),
                                               label=labels_file.name))
            for stem, text_file, labels_file in _pairs(folder) if stem.startswith(pattern)]
