"""The learned check-worthiness score: a logistic regression over the named features of a
sentence (worthiness.FEATURES) and, where the sentence encoder is on, the sentence's meaning
vector.

    probability = logistic(bias + sum(weight[f] * x[f] for each named feature f)
                               + meaning_weights . vector - meaning_centre)

Every term of that sum is a contribution a reviewer can read: the named features by name, the
meaning vector as one term, "sentence meaning", centred on the training sentences' average so
that it says how far this sentence's meaning pulls up or down from a typical one. The weights
are fitted by bench/train_worthiness.py on the labelled news articles in
factcheck/extract/data/news/ (our own text) and stored in data/worthiness-model.json with
the threshold, chosen on articles the model was not trained on.

Two variants live in the file: "meaning" (features + the encoder's vector) and "features"
(features alone), used when the encoder is off or is not the one the model was trained with.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

MODEL_FILE = "worthiness-model.json"
MEANING = "sentence_meaning"
MEANING_VARIANT = "meaning"
FEATURES_VARIANT = "features"


@dataclass(frozen=True)
class Contribution:
    name: str
    value: float


@dataclass(frozen=True)
class Prediction:
    probability: float
    # Every non-zero term, largest effect first.
    contributions: tuple[Contribution, ...]

    def top(self, count: int = 3) -> tuple[Contribution, ...]:
        return self.contributions[:count]


@dataclass(frozen=True)
class WorthinessModel:
    variant: str
    inputs: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    encoder: str | None = None
    meaning_weights: tuple[float, ...] = ()
    meaning_centre: float = 0.0
    # What it was fitted on and how the threshold was chosen (for the bench and --help).
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def uses_meaning(self) -> bool:
        return bool(self.meaning_weights)

    def weight(self, name: str) -> float:
        return self.weights[self.inputs.index(name)] if name in self.inputs else 0.0

    def predict(self, rows: Sequence[dict[str, float]],
                vectors: np.ndarray | None = None) -> list[Prediction]:
        """One prediction per row of named inputs (absent inputs are 0); `vectors` are the
        rows' meaning vectors when the model uses them."""
        meaning: list[float] = [0.0] * len(rows)
        if self.uses_meaning:
            if vectors is None or len(vectors) != len(rows):
                raise ValueError(f"the {self.variant} model needs one meaning vector per "
                                 f"sentence")
            import numpy as np

            weights = np.asarray(self.meaning_weights, dtype=np.float64)
            meaning = [float(v) - self.meaning_centre
                       for v in np.asarray(vectors, dtype=np.float64) @ weights]
        predictions = []
        for row, pull in zip(rows, meaning, strict=True):
            terms = [Contribution(name, weight * row[name])
                     for name, weight in zip(self.inputs, self.weights, strict=True)
                     if row.get(name)]
            if self.uses_meaning:
                terms.append(Contribution(MEANING, pull))
            total = self.bias + sum(t.value for t in terms)
            terms.sort(key=lambda t: -abs(t.value))
            predictions.append(Prediction(_logistic(total),
                                          tuple(t for t in terms if abs(t.value) >= 0.005)))
        return predictions

    def as_json(self) -> dict[str, Any]:
        return {"variant": self.variant, "inputs": list(self.inputs),
                "weights": [round(w, 6) for w in self.weights], "bias": round(self.bias, 6),
                "threshold": self.threshold, "encoder": self.encoder,
                "meaning_weights": [round(w, 6) for w in self.meaning_weights],
                "meaning_centre": round(self.meaning_centre, 6), "info": self.info}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WorthinessModel:
        return cls(variant=data["variant"], inputs=tuple(data["inputs"]),
                   weights=tuple(float(w) for w in data["weights"]), bias=float(data["bias"]),
                   threshold=float(data["threshold"]), encoder=data.get("encoder"),
                   meaning_weights=tuple(float(w) for w in data.get("meaning_weights", ())),
                   meaning_centre=float(data.get("meaning_centre", 0.0)),
                   info=data.get("info", {}))


def _logistic(total: float) -> float:
    if total >= 0:
        return 1.0 / (1.0 + math.exp(-total))
    odds = math.exp(total)
    return odds / (1.0 + odds)


@lru_cache(maxsize=1)
def shipped_models() -> dict[str, WorthinessModel]:
    """The variants in the package's model file, by name."""
    raw = resources.files("factcheck.extract").joinpath("data", MODEL_FILE).read_text("utf-8")
    document = json.loads(raw)
    return {name: WorthinessModel.from_json(data) for name, data in document["models"].items()}


def model_for(encoder: str | None) -> WorthinessModel:
    """The meaning variant when `encoder` is the one it was trained with, else features only."""
    models = shipped_models()
    meaning = models.get(MEANING_VARIANT)
    if meaning is not None and encoder is not None and meaning.encoder == encoder:
        return meaning
    return models[FEATURES_VARIANT]
