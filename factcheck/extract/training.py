"""Fitting the check-worthiness model (model.py): L2-regularised logistic regression by Newton's
method, and the threshold that maximises F1 on held-out sentences.

Pure numpy and deterministic: the same sentences give the same weights, so the shipped model
file can be checked against its data (tests/extract/test_learned_score.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factcheck.extract.model import FEATURES_VARIANT, MEANING_VARIANT, WorthinessModel

if TYPE_CHECKING:
    import numpy as np

    from factcheck.extract.labelled import LabelledArticle
    from factcheck.extract.pipeline import SentenceEncoder
    from factcheck.extract.worthiness import SentenceScore

NEWTON_STEPS = 50
TOLERANCE = 1e-9


@dataclass(frozen=True)
class TrainingSet:
    """Sentences as named inputs, their labels, and (optionally) their meaning vectors."""

    rows: Sequence[dict[str, float]]
    labels: Sequence[int]
    vectors: np.ndarray | None = None


def fit(data: TrainingSet, inputs: Sequence[str], *, l2_features: float,
        l2_meaning: float = 0.0, use_meaning: bool = False, encoder: str | None = None,
        info: dict[str, Any] | None = None) -> WorthinessModel:
    """The model with the least penalised log-loss on `data` (threshold 0.5 until chosen)."""
    import numpy as np

    names = list(inputs)
    features = np.array([[row.get(n, 0.0) for n in names] for row in data.rows], dtype=float)
    columns = [features]
    penalty = [l2_features] * len(names)
    if use_meaning:
        if data.vectors is None:
            raise ValueError("meaning vectors are needed to fit the meaning variant")
        vectors = np.asarray(data.vectors, dtype=float)
        columns.append(vectors)
        penalty += [l2_meaning] * vectors.shape[1]
    columns.append(np.ones((len(data.labels), 1)))
    penalty.append(0.0)  # the bias is not shrunk
    design = np.hstack(columns)
    target = np.asarray(data.labels, dtype=float)
    shrink = np.diag(penalty)
    weights = np.zeros(design.shape[1])
    for _ in range(NEWTON_STEPS):
        probability = 1.0 / (1.0 + np.exp(-(design @ weights)))
        gradient = design.T @ (probability - target) + shrink @ weights
        curvature = (design * (probability * (1 - probability))[:, None]).T @ design + shrink
        step = np.linalg.solve(curvature + 1e-9 * np.eye(len(weights)), gradient)
        weights -= step
        if float(np.max(np.abs(step))) < TOLERANCE:
            break
    named = weights[:len(names)]
    bias = float(weights[-1])
    meaning_weights: tuple[float, ...] = ()
    centre = 0.0
    if use_meaning:
        meaning = weights[len(names):-1]
        # The meaning term is shown relative to an average training sentence: the bias takes
        # the average, the term keeps the difference.
        centre = float(np.mean(np.asarray(data.vectors, dtype=float) @ meaning))
        bias += centre
        meaning_weights = tuple(float(w) for w in meaning)
    return WorthinessModel(
        variant=MEANING_VARIANT if use_meaning else FEATURES_VARIANT, inputs=tuple(names),
        weights=tuple(float(w) for w in named), bias=bias, threshold=0.5,
        encoder=encoder if use_meaning else None, meaning_weights=meaning_weights,
        meaning_centre=centre, info=dict(info or {}))


def log_loss(probabilities: Sequence[float], labels: Sequence[int]) -> float:
    import math

    eps = 1e-12
    total = sum(-math.log(max(p, eps)) if y else -math.log(max(1 - p, eps))
                for p, y in zip(probabilities, labels, strict=True))
    return total / max(len(labels), 1)


@dataclass(frozen=True)
class Counts:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def counts_at(probabilities: Sequence[float], labels: Sequence[int], threshold: float) -> Counts:
    tp = sum(1 for p, y in zip(probabilities, labels, strict=True) if p >= threshold and y)
    fp = sum(1 for p, y in zip(probabilities, labels, strict=True) if p >= threshold and not y)
    fn = sum(1 for p, y in zip(probabilities, labels, strict=True) if p < threshold and y)
    return Counts(tp, fp, fn)


# How much recall weighs against precision when the threshold is chosen: 1, plain F1. Tried 2
# (a proposed non-claim costs one key, a missed claim is invisible): held-out recall rose
# 0.95 -> 0.98 but precision fell 0.90 -> 0.86 and the writer's framing got through.
RECALL_WEIGHT = 1.0


def f_beta(counts: Counts, beta: float = RECALL_WEIGHT) -> float:
    p, r = counts.precision, counts.recall
    return (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0


# F-scores this close to the best are a tie: a difference of a sentence or two.
THRESHOLD_TIE = 0.005


def best_threshold(probabilities: Sequence[float], labels: Sequence[int]) -> float:
    """The threshold with the highest F-score (recall weighted RECALL_WEIGHT) on these held-out
    sentences. The curve is flat near its top, so of the thresholds within THRESHOLD_TIE of the
    best the middle one is taken (to 0.01): a small shift in the probabilities does not move
    it from one end of the flat part to the other."""
    candidates = [round(t / 100, 2) for t in range(5, 96)]
    scores = [f_beta(counts_at(probabilities, labels, t)) for t in candidates]
    best = max(scores)
    plateau = [t for t, f in zip(candidates, scores, strict=True) if f >= best - THRESHOLD_TIE]
    return plateau[len(plateau) // 2]


# ---------------------------------------------------------------- the shipped model

# Penalties tried; the pair with the lowest log-loss on the validation articles is kept.
L2_FEATURES = (0.03, 0.1, 0.3, 1.0, 3.0)
L2_MEANING = (0.03, 0.1, 0.3, 1.0, 3.0)


@dataclass(frozen=True)
class Example:
    """One labelled sentence: what the model sees and the label of its unit."""

    article: str
    split: str
    language: str
    sentence: SentenceScore
    label: int


def examples(articles: Sequence[LabelledArticle]) -> tuple[list[Example], list[str]]:
    """The labelled sentences of the articles that the model scores (excluded ones are never
    claims whatever the model says, so they teach it nothing), and the text of any sentence no
    label covers."""
    from factcheck.extract.article import article_from_plain_text
    from factcheck.extract.labelled import unit_of
    from factcheck.extract.pipeline import analyse_article

    found: list[Example] = []
    unlabelled: list[str] = []
    for article in articles:
        language, sentences = analyse_article(
            article_from_plain_text(article.text, source=f"{article.name}.txt"),
            article.language)
        for sentence in sentences:
            unit = unit_of(sentence.text, article.units)
            if unit is None:
                unlabelled.append(f"{article.name}: {sentence.text}")
            elif sentence.excluded is None:
                found.append(Example(article.name, str(article.split), language, sentence,
                                     int(unit.checkworthy)))
    return found, unlabelled


def _set(chosen: Sequence[Example], vectors: np.ndarray | None) -> TrainingSet:
    return TrainingSet(rows=[e.sentence.model_inputs() for e in chosen],
                       labels=[e.label for e in chosen], vectors=vectors)


def train_models(articles: Sequence[LabelledArticle],
                 encoder: SentenceEncoder | None) -> dict[str, WorthinessModel]:
    """Both variants: fitted on the train articles, penalty and threshold chosen on the
    validation articles (never trained on), the test articles left alone."""

    from factcheck.extract.labelled import Split
    from factcheck.extract.worthiness import FEATURES

    found, _ = examples(articles)
    train = [e for e in found if e.split == Split.TRAIN]
    validation = [e for e in found if e.split == Split.VALIDATION]
    names = {str(s): sorted({e.article for e in found if e.split == s}) for s in Split}
    inputs = tuple(FEATURES)
    vectors: dict[str, np.ndarray | None] = {"train": None, "validation": None}
    if encoder is not None:
        vectors = {"train": encoder.encode([e.sentence.text for e in train]),
                   "validation": encoder.encode([e.sentence.text for e in validation])}
    models: dict[str, WorthinessModel] = {}
    variants = [(FEATURES_VARIANT, False)] + ([(MEANING_VARIANT, True)] if encoder else [])
    for variant, use_meaning in variants:
        labels = [e.label for e in validation]
        # (validation log-loss, model, its validation probabilities, its penalties)
        best: tuple[float, WorthinessModel, list[float], tuple[float, float]] | None = None
        for l2_features in L2_FEATURES:
            for l2_meaning in L2_MEANING if use_meaning else (0.0,):
                model = fit(_set(train, vectors["train"]), inputs, l2_features=l2_features,
                            l2_meaning=l2_meaning, use_meaning=use_meaning,
                            encoder=encoder.id if encoder and use_meaning else None)
                held = model.predict([e.sentence.model_inputs() for e in validation],
                                     vectors["validation"] if use_meaning else None)
                probabilities = [p.probability for p in held]
                loss = log_loss(probabilities, labels)
                if best is None or loss < best[0] - 1e-12:
                    best = (loss, model, probabilities, (l2_features, l2_meaning))
        assert best is not None
        loss, model, probabilities, chosen = best
        threshold = best_threshold(probabilities, labels)
        at = counts_at(probabilities, labels, threshold)
        info = {"trained_on": names["train"], "threshold_chosen_on": names["validation"],
                "held_out": names["test"],
                "sentences": {"train": len(train), "validation": len(validation)},
                "l2_features": chosen[0], "l2_meaning": chosen[1],
                "threshold_rule": f"highest F{RECALL_WEIGHT:g} on the validation articles",
                "validation": {"log_loss": round(loss, 4), "precision": round(at.precision, 4),
                               "recall": round(at.recall, 4), "f1": round(at.f1, 4)}}
        models[variant] = WorthinessModel(
            variant=model.variant, inputs=model.inputs, weights=model.weights, bias=model.bias,
            threshold=threshold, encoder=model.encoder, meaning_weights=model.meaning_weights,
            meaning_centre=model.meaning_centre, info=info)
    return models
