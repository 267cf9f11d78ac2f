"""Scoring two normal forms: a similarity 0-100, a duplicate level, and the reasons it is capped."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from factcheck.match import lexicon
from factcheck.match.lexicon import ABSOLUTE_ANTONYMS
from factcheck.match.normalise import HANGUL_RE, NormalForm, alignment_unit
from factcheck.match.numbers import Quantity
from factcheck.vocabulary import MatchLevel


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds on the 0-100 score.

    same: linked automatically (same language, at least `min_tokens_for_same` content units on both
    sides, no guard failed). suggested: waits for a reviewer. related: shown with its differences,
    never counted as a duplicate (every pair that fails a guard is at most related).
    """

    same: float = 80.0
    suggested: float = 55.0
    related: float = 35.0
    min_tokens_for_same: int = 4
    # Fewer words than this (English; Korean words carry their particles, so fewer) is a short
    # claim: never linked automatically (Check downgrades texts under 8 words likewise)
    min_words_for_same: int = 8
    min_korean_words_for_same: int = 5
    # A number stated on one side only is a specific fact the other side does not make: it
    # weighs this many content units in the score (a shared "두 배" alone is no evidence)
    unpaired_quantity_weight: float = 2.0
    # the shorter claim must be at least this share of the longer one to link automatically:
    # a short claim inside a long one ("X said P" vs "P") may still be another, vaguer claim
    min_length_ratio_for_same: float = 0.6
    fuzzy_token_cutoff: float = 78.0
    typo_text_similarity: float = 90.0
    # Semantic evidence: the cosine of the two claims' sentence vectors (factcheck.match.
    # encoder), when both have one. `same` needs it to agree with the lexical evidence; a
    # paraphrase or translation sharing few words is `suggested` on it alone; a lexical
    # suggestion whose meaning is far apart is dropped. Chosen on the tuning part of the
    # broad pair set (bench/matching_quality.py prints the held-out part beside it).
    semantic_same: float = 0.60
    semantic_suggested: float = 0.68
    semantic_translation: float = 0.65
    semantic_floor: float = 0.35
    semantic_related: float = 0.60
    # A pair stating the same figures (every quantity of each side has its equal on the
    # other, at least one) needs less of the meaning to agree: a shared specific number is
    # evidence in its own right, and a changed one is a difference already.
    semantic_corroborated: float = 0.55
    # A free text searched for (`factcheck match`: a post, a paragraph) says more than the
    # claim it repeats, so its vector sits farther from the claim's: tweets against the
    # claim they repeat reach 0.45 in three cases of four, other claims in two of five
    # (CheckThat! 2022, the development set; 2020 and 2021 are reported beside it).
    semantic_query: float = 0.45


@dataclass(frozen=True)
class MatchResult:
    score: float
    level: MatchLevel | None
    differences: list[str] = field(default_factory=list)
    # Invariant: level "related" comes with differences; no level -> not worth showing.

    @property
    def is_duplicate(self) -> bool:
        return self.level in (MatchLevel.SAME, MatchLevel.SUGGESTED)


DEFAULT_SETTINGS = MatchSettings()
_DEFAULT_CUTOFF = DEFAULT_SETTINGS.fuzzy_token_cutoff


@lru_cache(maxsize=65536)
def jamo(token: str) -> str:
    """Hangul syllables decomposed into letters, so a typo in one letter costs one letter."""
    out = []
    for char in token:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            out.append(chr(0x1100 + code // 588))
            out.append(chr(0x1161 + (code % 588) // 28))
            if code % 28:
                out.append(chr(0x11A7 + code % 28))
        else:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=65536)
def _typo_key(token: str) -> str | None:
    """The letters a typo check compares, or None when the token must match exactly:
    digits must (HBM3 is not HBM4), and very short tokens are too easy to confuse."""
    if any(c.isdigit() for c in token):
        return None
    letters = jamo(token)
    return letters if len(letters) >= 4 else None


def near_match(token: str, choices: list[str], cutoff: float) -> tuple[str, float] | None:
    """The choice within a small edit (typo, transposition) of token, with its similarity 0-1."""
    key = _typo_key(token)
    if key is None or not choices:
        return None
    keyed = [(k, choice) for choice in choices if (k := _typo_key(choice)) is not None
             and abs(len(k) - len(key)) <= len(key) // 3]
    if not keyed:
        return None
    hit = process.extractOne(key, [k for k, _ in keyed],
                             scorer=DamerauLevenshtein.normalized_similarity,
                             score_cutoff=cutoff / 100.0)
    if hit is None:
        return None
    return keyed[hit[2]][1], float(hit[1])


@dataclass(frozen=True)
class _Overlap:
    matched: float
    left_only: int
    right_only: int


def _soft_overlap(left: frozenset[str], right: frozenset[str], cutoff: float) -> _Overlap:
    """Shared tokens, counting near-identical ones (typos) by their similarity."""
    shared = left & right
    matched = float(len(shared))
    # sorted, so that the result does not depend on set order (nor on which side is which)
    rest_left = [(t, k) for t in sorted(left - shared) if (k := _typo_key(t)) is not None]
    rest_right = [(t, k) for t in sorted(right - shared) if (k := _typo_key(t)) is not None]
    left_only = len(left) - len(shared)
    right_only = len(right) - len(shared)
    if not rest_left or not rest_right:
        return _Overlap(matched, left_only, right_only)
    similarities = process.cdist([k for _, k in rest_left], [k for _, k in rest_right],
                                 scorer=DamerauLevenshtein.normalized_similarity,
                                 score_cutoff=cutoff / 100.0)
    candidates = sorted(((-float(similarities[i, j]), rest_left[i][0], rest_right[j][0], i, j)
                         for i, j in zip(*similarities.nonzero(), strict=True)))
    used_left: set[int] = set()
    used_right: set[int] = set()
    for negative_similarity, _, _, i, j in candidates:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        matched -= negative_similarity
        left_only -= 1
        right_only -= 1
    return _Overlap(matched, left_only, right_only)


def _blend(matched: float, left: float, right: float) -> float:
    dice = 2.0 * matched / (left + right)
    containment = matched / min(left, right)
    return 100.0 * (0.5 * dice + 0.5 * containment)


def _similarity(left: frozenset[str], right: frozenset[str], cutoff: float
                ) -> tuple[float, _Overlap]:
    """Token similarity 0-100: half Dice, half containment of the smaller side."""
    if not left or not right:
        return 0.0, _Overlap(0.0, len(left), len(right))
    overlap = _soft_overlap(left, right, cutoff)
    return _blend(overlap.matched, len(left), len(right)), overlap


# --- guards ----------------------------------------------------------------------------------

_TIME_UNITS = frozenset({"day", "week", "month", "quarter", "year", "hour"})
_LOOSE_UNITS = frozenset({"", "count", "rank"})


def _close(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-9 * max(1.0, abs(x))


def _equivalent(a: Quantity, b: Quantity, *, loose: bool = True) -> bool:
    """Whether two quantities state the same amount. `loose`: a number without a known unit
    equals that number with one (3곳 / 3); not within one aligned sentence, where the unit
    word was swapped for one the parser does not know (300 kilowatts / 300 terawatts)."""
    if _close(a.value, b.value):
        return a.unit == b.unit or (loose and (a.unit in _LOOSE_UNITS
                                               or b.unit in _LOOSE_UNITS))
    # One dimension, other units: compare in its base unit (24 hours = a day, 25bp = 0.25%p).
    (a_value, a_base), (b_value, b_base) = a.base, b.base
    if a_base == b_base and a_base not in _LOOSE_UNITS and _close(a_value, b_value):
        return True
    for p, t in ((a, b), (b, a)):
        # "50% more" = "1.5 times"
        if p.unit == "%" and t.unit == "times" and abs(1 + p.value / 100 - t.value) < 1e-9:
            return True
        # "3분의 1" = "a third" = "33%" (rounded)
        if p.unit == "%" and t.unit == "ratio" and abs(p.value / 100 - t.value) < 0.01:
            return True
    return False


def _unpaired_quantities(a: NormalForm, b: NormalForm) -> tuple[list[Quantity], list[Quantity]]:
    """Quantities of each side with no equivalent on the other side."""
    left = list(a.quantities)
    right = list(b.quantities)
    for qa in list(left):
        for qb in right:
            if _equivalent(qa, qb):
                left.remove(qa)
                right.remove(qb)
                break
    return left, right


def _quantity_differences(a: NormalForm, b: NormalForm, *, query: bool = False) -> list[str]:
    """Quantities of one side at odds with the other's. For a searched text (`query`) only a
    figure of the same dimension counts: a post's dates and counts of other things are not
    the claim's."""
    left, right = _unpaired_quantities(a, b)
    if not left or not right:
        return []
    differences: list[str] = []
    if query:
        for qa in left:
            same_dimension = next((qb for qb in right if qb.base[1] == qa.base[1]
                                   and qa.base[1] not in _LOOSE_UNITS), None)
            if same_dimension is not None:
                differences.append(f"{qa.text} vs {same_dimension.text}")
        return differences
    # Pair the leftovers: same unit or same number first, then whatever is left.
    for qa in left:
        best = next((qb for qb in right if qb.base[1] == qa.base[1]), None) \
            or next((qb for qb in right if qb.value == qa.value), None) \
            or next((qb for qb in right if qa.unit in _TIME_UNITS and qb.unit in _TIME_UNITS),
                    None) or right[0]
        differences.append(f"{qa.text} vs {best.text}")
    return differences


def _direction_difference(a: NormalForm, b: NormalForm) -> str | None:
    """Direction words only one side uses, pointing opposite ways (늘었다 vs 줄었다)."""
    only_a = a.direction_set - b.direction_set
    only_b = b.direction_set - a.direction_set
    for mine, theirs in (("up", "down"), ("down", "up")):
        words_a = [w.split(":", 1)[1] for w in only_a if w.startswith(mine + ":")]
        words_b = [w.split(":", 1)[1] for w in only_b if w.startswith(theirs + ":")]
        # an intensifier on one side (크게 삭감) must not hide the opposition
        if words_a and words_b and not any(w.startswith(mine + ":") for w in only_b):
            return f"direction: {'/'.join(sorted(words_a))} vs {'/'.join(sorted(words_b))}"
    return None


def _unmatched_entities(a: NormalForm, b: NormalForm, cutoff: float, crosslingual: bool
                        ) -> list[str]:
    other = b.token_set | b.entity_set
    missing = []
    for entity in a.entity_set - other:
        if crosslingual and HANGUL_RE.search(entity):
            continue  # a Hangul name cannot be checked against English text
        if near_match(entity, sorted(other), cutoff) is not None:
            continue
        if any(_prefix_related(entity, token) for token in other):
            continue  # 마이크론 / 마이크론테크놀로지, 01.ai / 01
        if any(korean_abbreviation(entity, token) or korean_abbreviation(token, entity)
               for token in other):
            continue  # 공정위 / 공정거래위원회
        missing.append(entity)
    return sorted(missing)


_HANGUL_SYLLABLES = re.compile(r"[\uac00-\ud7a3]+")


def korean_abbreviation(short: str, long: str) -> bool:
    """Whether `short` is a Korean abbreviation of `long`, made the way Korean shortens names:
    syllables taken in order from the full name, starting with its first (공정위 from
    공정거래위원회, 금감원 from 금융감독원, 한은 from 한국은행), shorter than it."""
    if not (_HANGUL_SYLLABLES.fullmatch(short) and _HANGUL_SYLLABLES.fullmatch(long)):
        return False
    if not 2 <= len(short) < len(long) or short[0] != long[0]:
        return False
    position = 0
    for syllable in short:
        position = long.find(syllable, position)
        if position < 0:
            return False
        position += 1
    return True


# Words naming the period a figure covers: a quarter's sales are not a year's.
PERIOD_TOKENS = frozenset({"quarter", "year", "month", "week", "day", "half", "this_year",
                           "last_year", "next_year"})


def _negated_against(a: NormalForm, b: NormalForm) -> bool:
    """Whether a is stated negatively, as far as b can tell: an antonym counts only when b names
    the same concept (불허 against 허용), not when b just words things otherwise (lost customers
    against moved orders)."""
    unrelated = sum(1 for concept in a.negative_concepts
                    if concept not in ABSOLUTE_ANTONYMS and concept not in b.token_set)
    return a.negated != (unrelated % 2 == 1)


def _prefix_related(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    minimum = 2 if HANGUL_RE.search(short) else 3
    return len(short) >= minimum and long.startswith(short)


# --- structural guard: the same sentence but for a substituted word ----------------------

# Share of each claim's units (but words added at its ends, reporting words and hedges) that
# must be shared for two claims to count as "the same sentence"; below it the pair is a
# paraphrase and the alignment concludes nothing.
_FRAME_COVERAGE = 0.7
_MIN_SHARED_UNITS = 3
# Larger substituted blocks are rewording, not a swapped fact.
_MAX_SWAP_UNITS = 3
_MAX_INSERT_UNITS = 2


@lru_cache(maxsize=1)
def _word_classes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Reporting words, hedges and relational words as alignment units (built once)."""
    def units(words: frozenset[str]) -> frozenset[str]:
        return frozenset(words) | frozenset(alignment_unit(w) for w in words)
    return (units(lexicon.REPORTING_WORDS), units(lexicon.HEDGE_WORDS),
            units(lexicon.RELATIONAL_WORDS))


def _quantity_of(form: NormalForm, unit: str) -> Quantity | None:
    key = unit[1:]
    return next((q for q in form.quantities if q.key == key), None)


def _unit_equivalent(x: str, y: str, cutoff: float) -> bool:
    """One unit against one: the same up to a typo, a longer form of one word (마이크론 /
    마이크론테크놀로지, 늘 / 늘어나), or two words of the same empty-ish class."""
    if x == y:
        return True
    if x.lstrip("~") == y.lstrip("~"):
        return False  # a concept and its negation (allow / ~allow)
    reporting, hedges, _ = _word_classes()
    if (x in reporting and y in reporting) or (x in hedges and y in hedges):
        return True
    if x.startswith("#") or y.startswith("#"):
        return False
    if _prefix_related(x, y) or korean_abbreviation(x, y) or korean_abbreviation(y, x):
        return True
    short, long = (x, y) if len(x) <= len(y) else (y, x)
    if HANGUL_RE.fullmatch(short) and long.startswith(short) and len(long) <= 3:
        return True  # Korean verb stems: 줄 / 줄어들
    kx, ky = _typo_key(x), _typo_key(y)
    return kx is not None and ky is not None \
        and DamerauLevenshtein.normalized_similarity(kx, ky) >= cutoff / 100.0


def _moved(unit: str, unmatched: Counter[str], others: frozenset[str], cutoff: float) -> bool:
    """Whether the other claim has this unit among its own unshared ones (a moved word: taken
    from `unmatched`, so a word used twice and swapped once still counts), or a different unit
    equivalent to it anywhere (a glossary phrase that took in the word: "cut ... jobs" /
    "3,000 employees")."""
    if unmatched[unit] > 0:
        unmatched[unit] -= 1
        return True
    bare = unit.lstrip("~")
    # (a concept and its negation, allow / ~allow, are opposites, not one word moved)
    return not unit.startswith("#") and any(
        _unit_equivalent(bare, other_bare, cutoff) for other in others
        if not other.startswith("#") and (other_bare := other.lstrip("~")) != bare)


def _sides_equivalent(left: list[str], right: list[str], a: NormalForm, b: NormalForm,
                      cutoff: float) -> bool:
    """Whether a substituted block says the same on both sides."""
    plain = {u.lstrip("~") for u in left + right}
    if any(("~" + u in left and u in right) or (u in left and "~" + u in right) for u in plain):
        return False  # a concept against its negation: the opposite, however close in spelling
    if "".join(left) == "".join(right):
        return True  # spacing: "start up" / "startup", 사업 계약 / 사업계약
    figures_left = [u for u in left if u.startswith("#")]
    figures_right = [u for u in right if u.startswith("#")]
    if figures_left and figures_right and (len(figures_left) != len(figures_right) or not all(
            (qa := _quantity_of(a, x)) is not None and (qb := _quantity_of(b, y)) is not None
            and _equivalent(qa, qb, loose=False)
            for x, y in zip(figures_left, figures_right, strict=True))):
        return False  # a figure in the block changed, or its unit did (300 kW / 300 "TW")
    if all(u.startswith("#") for u in left + right) and len(left) == len(right):
        quantities = [(_quantity_of(a, x), _quantity_of(b, y)) for x, y in zip(left, right,
                                                                               strict=True)]
        return all(qa is not None and qb is not None and _equivalent(qa, qb, loose=False)
                   for qa, qb in quantities)
    if len(left) == len(right) and all(_unit_equivalent(x, y, cutoff)
                                       for x, y in zip(left, right, strict=True)):
        return True
    for one, many in ((left, right), (right, left)):
        if len(one) == 1 and korean_abbreviation(one[0], "".join(many)):
            return True  # 금감원 / 금융 감독원 (the full name in two units)
    for one, many in ((left, right), (right, left)):
        # an abbreviation of the same name: WHO / World Health Organization
        if len(one) == 1 and len(many) >= 2 and not HANGUL_RE.search(one[0]) \
                and one[0] == "".join(u[:1] for u in many):
            return True
    kl, kr = _typo_key("".join(left)), _typo_key("".join(right))
    # a typo that split or joined a word (투자햇다 read as two morphemes)
    return kl is not None and kr is not None \
        and DamerauLevenshtein.normalized_similarity(kl, kr) >= cutoff / 100.0


def _written(form: NormalForm, words: list[str], start: int, end: int) -> list[str]:
    """The words as written (surface words) that units start..end come from, in order."""
    spots = form.unit_spots
    if len(spots) != len(form.units) or not words:
        return []
    # a unit written as several words ("300 kilowatts") covers all of them
    covered = [spot + extra for unit, spot in zip(range(start, end), spots[start:end],
                                                  strict=True)
               for extra in range(max(1, len((form.unit_words[unit:unit + 1] or [""])[0]
                                             .split())))]
    return [words[i] for i in dict.fromkeys(covered) if i < len(words)]


_DIGITS_RE = re.compile(r"\d+")


def _typo_of(left: list[str], right: list[str]) -> bool:
    """Whether two runs of written words differ by one slip of the keyboard (a letter or jamo
    added, dropped, changed or transposed; spacing ignored) with the same digits: 운영체제를 /
    운영채제를, than / then, Apple / Aple. Morphology can split a misspelt word anywhere, so
    this is judged on the words as written."""
    joined_left, joined_right = "".join(left), "".join(right)
    if not joined_left or not joined_right:
        return False
    if _DIGITS_RE.findall(joined_left) != _DIGITS_RE.findall(joined_right):
        return False
    if joined_left == joined_right:
        return True
    letters_left, letters_right = jamo(joined_left), jamo(joined_right)
    if min(len(letters_left), len(letters_right)) < 4:
        return False
    return DamerauLevenshtein.distance(letters_left, letters_right, score_cutoff=1) <= 1


def _shown(form: NormalForm, start: int, end: int) -> str:
    words = form.unit_words
    return " ".join((words[i] if i < len(words) and words[i] else form.units[i])
                    for i in range(start, end))


def _inserted_on_quantity(form: NormalForm, start: int, end: int, other: NormalForm,
                          other_at: int) -> tuple[str, str] | None:
    """A modifier inserted right beside a number (2시간 / 2시간 반, 40% / over 40%): the shown
    text of both sides, else None. `other_at` is where the insertion sits on the other side."""
    units = form.units
    raw = units[start:end]
    reporting, hedges, relational = _word_classes()
    if len(raw) > _MAX_INSERT_UNITS:
        return None
    if start == 0 or end == len(units):
        # at an edge: attribution ("..., officials said") is no modifier
        if any(u in reporting for u in raw):
            return None
    # Korean puts what a figure counts or names before it (원전 3호기) and its modifiers after
    # (2시간 반, 3명 이상); English modifies on both sides (over 40, 40 more)
    korean = form.language == "ko"
    for neighbour, adjacent in ((start - 1, raw[0]), (end, raw[-1])):
        if not 0 <= neighbour < len(units) or not units[neighbour].startswith("#"):
            continue
        if korean and neighbour >= end:
            continue
        if adjacent in relational or adjacent in hedges or adjacent in reporting \
                or adjacent.startswith("#") or adjacent in PERIOD_TOKENS:
            continue  # "rose by 5%", "about 5%", "5% last year": no modifier of the figure
        if neighbour < start:
            mine = _shown(form, neighbour, end)
            theirs = _shown(other, other_at - 1, other_at)
        else:
            mine = _shown(form, start, neighbour + 1)
            theirs = _shown(other, other_at, other_at + 1)
        return mine, theirs
    return None


def structural_differences(a: NormalForm, b: NormalForm,
                           cutoff: float = _DEFAULT_CUTOFF) -> list[str]:
    """Substitutions between two wordings of the same sentence, found by aligning their units.

    Only when the aligned frame is mostly shared (a pair that is the same sentence); a
    substituted block of a few units whose sides are not equivalent (same lemma, typo, glossary
    concept, number written otherwise, abbreviation) is a difference, and so is a modifier
    inserted beside a number. Attribution at the edges, moved words and hedges are not.
    Claims in different languages are not aligned. Symmetric: the pair is put in a fixed order
    first (SequenceMatcher's tie-breaking depends on the order)."""
    if a.language != b.language or not a.units or not b.units:
        return []
    flipped = (a.units, a.unit_words) > (b.units, b.unit_words)
    x, y = (b, a) if flipped else (a, b)
    ux, uy = x.units, y.units
    matcher = SequenceMatcher(None, ux, uy, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    shared = sum(block.size for block in blocks)
    if shared < _MIN_SHARED_UNITS or shared < 0.5 * min(len(ux), len(uy)):
        return []
    reporting, hedges, relational = _word_classes()
    light = reporting | hedges | relational
    opcodes = matcher.get_opcodes()
    # how much of each claim the alignment leaves unexplained: everything not shared but words
    # added at either end (attribution) and reporting, hedging or relational words
    unexplained_x = unexplained_y = 0
    for tag, i1, i2, j1, j2 in opcodes:
        at_edge = i1 == 0 and j1 == 0 or i2 == len(ux) and j2 == len(uy)
        if tag == "equal" or (tag != "replace" and at_edge):
            continue
        unexplained_x += sum(1 for u in ux[i1:i2] if u not in light)
        unexplained_y += sum(1 for u in uy[j1:j2] if u not in light)
    if shared < _FRAME_COVERAGE * (shared + unexplained_x) \
            or shared < _FRAME_COVERAGE * (shared + unexplained_y):
        return []
    set_x, set_y = frozenset(ux), frozenset(uy)
    unmatched_x: Counter[str] = Counter(u for _, i1, i2, _, _ in opcodes for u in ux[i1:i2])
    unmatched_y: Counter[str] = Counter(u for _, _, _, j1, j2 in opcodes for u in uy[j1:j2])
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            unmatched_x.subtract(ux[i1:i2])
            unmatched_y.subtract(uy[j1:j2])
    words_x, words_y = x.surface.split(), y.surface.split()
    written_x, written_y = frozenset(words_x), frozenset(words_y)
    found: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        at_edge = i1 == 0 and j1 == 0 or i2 == len(ux) and j2 == len(uy)
        if at_edge and any(u in reporting for u in ux[i1:i2] + uy[j1:j2]):
            continue  # who said it ("officials said" / "the ministry said"), not what
        seen_x, seen_y = _written(x, words_x, i1, i2), _written(y, words_y, j1, j2)
        if tag == "replace" and _typo_of(seen_x, seen_y):
            continue
        if (seen_x and all(w in written_y for w in seen_x)) \
                or (seen_y and all(w in written_x for w in seen_y)):
            continue  # the words as written stand elsewhere on the other side: moved
        # words found elsewhere on the other side moved; reporting words and hedges say nothing
        left = [u for u in ux[i1:i2] if u not in reporting and u not in hedges
                and not _moved(u, unmatched_y, set_y, cutoff)]
        right = [u for u in uy[j1:j2] if u not in reporting and u not in hedges
                 and not _moved(u, unmatched_x, set_x, cutoff)]
        if left and right:
            if i2 - i1 <= _MAX_SWAP_UNITS and j2 - j1 <= _MAX_SWAP_UNITS \
                    and not _sides_equivalent(left, right, x, y, cutoff):
                found.append((_shown(x, i1, i2), _shown(y, j1, j2)))
            continue
        if tag == "replace" or len(left) < i2 - i1 or len(right) < j2 - j1:
            continue  # some words only moved: a rewording, not an inserted modifier
        if left:
            pair = _inserted_on_quantity(x, i1, i2, y, j1)
            if pair:
                found.append(pair)
        elif right:
            pair = _inserted_on_quantity(y, j1, j2, x, i1)
            if pair:
                found.append((pair[1], pair[0]))
    if not found:
        return []
    if flipped:
        found = [(theirs, mine) for mine, theirs in found]
    return ["differs in: " + "; ".join(f"{mine} vs {theirs}" for mine, theirs in found)]


def guard_differences(a: NormalForm, b: NormalForm,
                      settings: MatchSettings = DEFAULT_SETTINGS, *,
                      query: bool = False) -> list[str]:
    """Why two claims cannot be the same claim (empty when no guard fails). With `query`,
    `a` is a searched text (a post, a paragraph), which names more than the claim it
    repeats: its other names, periods and figures of other dimensions are not counted."""
    differences = _quantity_differences(a, b, query=query)
    negated_a, negated_b = _negated_against(a, b), _negated_against(b, a)
    if negated_a != negated_b:
        differences.append("negation: " + ("negated vs affirmed" if negated_a
                                           else "affirmed vs negated"))
    direction = _direction_difference(a, b)
    if direction:
        differences.append(direction)
    crosslingual = a.language != b.language
    left = [] if query else _unmatched_entities(a, b, settings.fuzzy_token_cutoff,
                                                crosslingual)
    # an entity counts as changed only when each side names one the other lacks
    right = _unmatched_entities(b, a, settings.fuzzy_token_cutoff, crosslingual) if left else []
    if left and right:
        differences.append(f"entity: {', '.join(left)} vs {', '.join(right)}")
    period_a, period_b = a.token_set & PERIOD_TOKENS, b.token_set & PERIOD_TOKENS
    if not query and period_a - period_b and period_b - period_a:
        differences.append(f"period: {', '.join(sorted(period_a - period_b))} vs "
                           f"{', '.join(sorted(period_b - period_a))}")
    if a.speaker and b.speaker and not set(a.speaker) & set(b.speaker):
        differences.append(f"speaker: {' '.join(a.speaker)} vs {' '.join(b.speaker)}")
    if not differences:
        # the guards above name what they know; the alignment catches what no list holds
        differences = structural_differences(a, b, settings.fuzzy_token_cutoff)
    return differences


def compare(a: NormalForm, b: NormalForm, settings: MatchSettings = DEFAULT_SETTINGS, *,
            semantic: float | None = None, query: bool = False) -> MatchResult:
    """Score two claims (0-100) and decide their level; see the package docstring.
    `semantic` is the cosine of their sentence vectors (None: lexical evidence only);
    `query`: `a` is a text searched for, not a stored claim (see `semantic_query`)."""
    crosslingual = a.language != b.language
    if crosslingual:
        score, overlap = _similarity(a.crosslingual_set, b.crosslingual_set,
                                     settings.fuzzy_token_cutoff)
    else:
        score, overlap = _similarity(a.token_set, b.token_set, settings.fuzzy_token_cutoff)
        # Typos can derail morphology (투자햇다); near-identical text is still a suggestion.
        if score < settings.same and a.surface and b.surface:
            chars = fuzz.ratio(a.surface, b.surface, score_cutoff=settings.typo_text_similarity)
            if chars:
                score = max(score, min(chars, settings.same - 0.1))
    # A number stated on one side only, with nothing like it on the other, counts extra:
    # "7개월마다 2배" against "마케팅 비용 두 배" shares a "2배" and a generic word or two.
    unpaired_left, unpaired_right = _unpaired_quantities(a, b)
    if bool(unpaired_left) != bool(unpaired_right) and settings.unpaired_quantity_weight > 1:
        extra = (settings.unpaired_quantity_weight - 1) * (len(unpaired_left)
                                                           + len(unpaired_right))
        left_size = len(a.crosslingual_set if crosslingual else a.token_set)
        right_size = len(b.crosslingual_set if crosslingual else b.token_set)
        if left_size and right_size and overlap.matched:
            weighted = _blend(overlap.matched, left_size + extra * bool(unpaired_left),
                              right_size + extra * bool(unpaired_right))
            score = min(score, weighted)
    if semantic is not None:
        return _with_semantics(a, b, settings, score, overlap, semantic,
                               bool(unpaired_left or unpaired_right), query)
    if score < settings.related:
        return MatchResult(round(score, 1), None, [])
    differences = guard_differences(a, b, settings, query=query)
    if differences:
        capped = min(score, settings.suggested - 0.1)
        return MatchResult(round(capped, 1), MatchLevel.RELATED, differences)
    level: MatchLevel | None
    if (score >= settings.same and not crosslingual
            and _may_link_automatically(a, b, settings, overlap,
                                        bool(unpaired_left or unpaired_right))):
        level = MatchLevel.SAME
    elif score >= settings.suggested:
        level = MatchLevel.SUGGESTED
    else:
        # Below the suggestion threshold with no guard failed: not a duplicate at any level,
        # and not "related" either (that level is for a checkable fact that differs).
        level = None
    return MatchResult(round(score, 1), level, [])


def _may_link_automatically(a: NormalForm, b: NormalForm, settings: MatchSettings,
                            overlap: _Overlap, unpaired: bool) -> bool:
    """The structural conditions of `same`, whatever the scores."""
    short = (min(a.content_length, b.content_length) < settings.min_tokens_for_same
             or _is_short(a, settings) or _is_short(b, settings))
    # A word or two swapped for others is how most different claims look (an entity, an
    # antonym, a direction): such pairs wait for a reviewer even when no guard knew the words.
    swapped_few = overlap.left_only >= 1 and overlap.right_only >= 1 \
        and overlap.left_only + overlap.right_only <= 3
    # A number stated on one side only (수십억 vs 10억, "about" vs exact) waits for a reviewer.
    sizes = sorted((a.content_length, b.content_length))
    lopsided = sizes[0] < settings.min_length_ratio_for_same * sizes[1]
    return not (short or swapped_few or lopsided or unpaired)


def _with_semantics(a: NormalForm, b: NormalForm, settings: MatchSettings, lexical: float,
                    overlap: _Overlap, semantic: float, unpaired: bool,
                    query: bool = False) -> MatchResult:
    """The level from both kinds of evidence: `same` only where the words and the meaning
    agree and no difference is found; `suggested` where the meaning agrees (a paraphrase, a
    translation) or the words do and the meaning is not far apart; `related` for a pair
    alike in either way that differs in something (shown with its differences)."""
    crosslingual = a.language != b.language
    # The score a reviewer sees and candidates are ranked by: the stronger of the two kinds
    # of evidence, on one 0-100 scale.
    score = max(lexical, 100.0 * semantic)
    alike = (lexical >= settings.related or semantic >= settings.semantic_related
             or (query and semantic >= settings.semantic_query))
    if not alike:
        return MatchResult(round(score, 1), None, [])
    differences = guard_differences(a, b, settings, query=query)
    if differences:
        capped = min(score, settings.suggested - 0.1)
        return MatchResult(round(capped, 1), MatchLevel.RELATED, differences)
    if (not crosslingual and lexical >= settings.same and semantic >= settings.semantic_same
            and _may_link_automatically(a, b, settings, overlap, unpaired)):
        return MatchResult(round(score, 1), MatchLevel.SAME, [])
    meaning_threshold = (settings.semantic_translation if crosslingual
                         else settings.semantic_suggested)
    if a.quantities and b.quantities and not unpaired:
        meaning_threshold = min(meaning_threshold, settings.semantic_corroborated)
    if query:
        meaning_threshold = min(meaning_threshold, settings.semantic_query)
    if semantic >= meaning_threshold or (lexical >= settings.suggested
                                         and semantic >= settings.semantic_floor):
        return MatchResult(round(score, 1), MatchLevel.SUGGESTED, [])
    return MatchResult(round(score, 1), None, [])


def _is_short(form: NormalForm, settings: MatchSettings) -> bool:
    """Fewer words than a claim worth linking automatically (see MatchSettings)."""
    words = len(form.surface.split())
    if not words:
        return False  # a form without its surface text: content units decide alone
    korean = form.language == "ko" or bool(HANGUL_RE.search(form.surface))
    return words < (settings.min_korean_words_for_same if korean else settings.min_words_for_same)
