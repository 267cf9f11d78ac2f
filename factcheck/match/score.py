"""Scoring two normal forms: a similarity 0-100, a duplicate level, and the reasons it is capped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from factcheck.match.normalise import HANGUL_RE, NormalForm
from factcheck.match.numbers import Quantity

Level = Literal["same", "suggested", "related"]


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds on the 0-100 score.

    same: linked automatically (same language, at least `min_tokens_for_same` content units on both
    sides, no guard failed). suggested: waits for a reviewer. related: shown with its differences,
    never counted as a duplicate (every pair that fails a guard is at most related).
    """

    same: float = 80.0
    suggested: float = 60.0
    related: float = 35.0
    min_tokens_for_same: int = 4
    fuzzy_token_cutoff: float = 85.0


@dataclass(frozen=True)
class MatchResult:
    score: float
    level: Level | None
    differences: list[str] = field(default_factory=list)

    @property
    def is_duplicate(self) -> bool:
        return self.level in ("same", "suggested")


DEFAULT_SETTINGS = MatchSettings()


def _soft_overlap(left: frozenset[str], right: frozenset[str], cutoff: float) -> float:
    """Shared tokens, counting near-identical ones (typos) by their similarity."""
    shared = left & right
    matched = float(len(shared))
    rest_right = list(right - shared)
    if not rest_right:
        return matched
    for token in left - shared:
        if len(token) < (2 if HANGUL_RE.search(token) else 4):
            continue
        hit = process.extractOne(token, rest_right, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is not None:
            matched += hit[1] / 100.0
            rest_right.remove(hit[0])
            if not rest_right:
                break
    return matched


def _similarity(left: frozenset[str], right: frozenset[str], cutoff: float) -> float:
    if not left or not right:
        return 0.0
    matched = _soft_overlap(left, right, cutoff)
    dice = 2.0 * matched / (len(left) + len(right))
    containment = matched / min(len(left), len(right))
    return 100.0 * (0.5 * dice + 0.5 * containment)


# --- guards ----------------------------------------------------------------------------------

_TIME_UNITS = frozenset({"day", "week", "month", "quarter", "year", "hour"})
_LOOSE_UNITS = frozenset({"", "count"})


def _equivalent(a: Quantity, b: Quantity) -> bool:
    if abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value)):
        return a.unit == b.unit or a.unit in _LOOSE_UNITS or b.unit in _LOOSE_UNITS
    # "50% more" = "1.5 times"
    for p, t in ((a, b), (b, a)):
        if p.unit == "%" and t.unit == "times" and abs(1 + p.value / 100 - t.value) < 1e-9:
            return True
    return False


def _quantity_differences(a: NormalForm, b: NormalForm) -> list[str]:
    left = list(a.quantities)
    right = list(b.quantities)
    for qa in list(left):
        for qb in right:
            if _equivalent(qa, qb):
                left.remove(qa)
                right.remove(qb)
                break
    if not left or not right:
        return []
    # Pair the leftovers: same unit or same number first, then whatever is left.
    differences: list[str] = []
    for qa in left:
        best = next((qb for qb in right if qb.unit == qa.unit), None) \
            or next((qb for qb in right if qb.value == qa.value), None) \
            or next((qb for qb in right if qa.unit in _TIME_UNITS and qb.unit in _TIME_UNITS),
                    None) or right[0]
        differences.append(f"{qa.text} vs {best.text}")
    return differences


def _direction_difference(a: NormalForm, b: NormalForm) -> str | None:
    da, db = a.direction_set, b.direction_set
    if len(da) == 1 and len(db) == 1 and da != db:
        return f"direction: {next(iter(da))} vs {next(iter(db))}"
    return None


def _unmatched_entities(a: NormalForm, b: NormalForm, cutoff: float, crosslingual: bool
                        ) -> list[str]:
    other = b.token_set | b.entity_set
    missing = []
    for entity in a.entity_set - other:
        if crosslingual and HANGUL_RE.search(entity):
            continue  # a Hangul name cannot be checked against English text
        if len(entity) >= 4 and process.extractOne(entity, other, scorer=fuzz.ratio,
                                                   score_cutoff=cutoff) is not None:
            continue
        if any(entity in token or token in entity for token in other if len(token) >= 2):
            continue  # 마이크론 / 마이크론테크놀로지, 01.ai / 01
        missing.append(entity)
    return sorted(missing)


def guard_differences(a: NormalForm, b: NormalForm,
                      settings: MatchSettings = DEFAULT_SETTINGS) -> list[str]:
    """Why two claims cannot be the same claim (empty when no guard fails)."""
    differences = _quantity_differences(a, b)
    if a.negated != b.negated:
        differences.append("negation: " + ("negated vs affirmed" if a.negated
                                           else "affirmed vs negated"))
    direction = _direction_difference(a, b)
    if direction:
        differences.append(direction)
    crosslingual = a.language != b.language
    left = _unmatched_entities(a, b, settings.fuzzy_token_cutoff, crosslingual)
    right = _unmatched_entities(b, a, settings.fuzzy_token_cutoff, crosslingual)
    if left and right:
        differences.append(f"entity: {', '.join(left)} vs {', '.join(right)}")
    if a.speaker and b.speaker and not set(a.speaker) & set(b.speaker):
        differences.append(f"speaker: {' '.join(a.speaker)} vs {' '.join(b.speaker)}")
    return differences


def compare(a: NormalForm, b: NormalForm, settings: MatchSettings = DEFAULT_SETTINGS
            ) -> MatchResult:
    """Score two claims (0-100) and decide their level; see the package docstring."""
    crosslingual = a.language != b.language
    if crosslingual:
        score = _similarity(a.crosslingual_set, b.crosslingual_set, settings.fuzzy_token_cutoff)
    else:
        score = _similarity(a.token_set, b.token_set, settings.fuzzy_token_cutoff)
    if score < settings.related:
        return MatchResult(round(score, 1), None, [])
    differences = guard_differences(a, b, settings)
    if differences:
        capped = min(score, settings.suggested - 0.1)
        return MatchResult(round(capped, 1), "related", differences)
    level: Level | None
    short = min(a.content_length, b.content_length) < settings.min_tokens_for_same
    if score >= settings.same and not crosslingual and not short:
        level = "same"
    elif score >= settings.suggested:
        level = "suggested"
    else:
        level = "related"
    return MatchResult(round(score, 1), level, [])
