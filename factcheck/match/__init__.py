"""Duplicate-claim matching engine: pure functions, no database, no CLI.

Contract (stable; storage, retrieval and the CLI build on it):

- ``normalise(text, language=None, *, speaker=None) -> NormalForm``: call once per claim when it
  is stored. ``language`` is "ko"/"en" (detected from the text when None); ``speaker`` is the
  claim's speaker field, if any (a changed speaker is a different claim). Korean text loads
  kiwipiepy on first use (about 1.5 s, once per process, thread-safe); importing this package
  loads neither kiwipiepy nor anything heavy.
- ``normalise_many(texts, languages=None, speakers=None) -> list[NormalForm]``: the same for a
  batch, in order; Korean texts are analysed in one kiwipiepy batch. Use it on import.
- ``NormalForm``: immutable. ``.index_tokens`` (list[str]) are the terms for a lexical/BM25 index
  (content tokens after morphology, lemmas and the bilingual glossary, plus quantity keys such as
  "7month" or "3%p"); ``.crosslingual`` are the tokens a claim in the other language can share.
  ``.to_text()`` gives compact JSON for a text column; ``NormalForm.from_text(s)`` reads it back
  and raises ``StaleNormalForm`` (a ValueError) when ``s`` was written by another
  ``NORMAL_FORM_VERSION``: normalise the claim text again then.
- ``compare(a, b, settings=MatchSettings()) -> MatchResult(score, level, differences)``: score is
  0-100 (higher = more alike; fine for ranking candidates), level is a ``MatchLevel``
  (factcheck.models, a str enum): "same" (link automatically),
  "suggested" (a reviewer decides), "related" (a guard failed: worth showing with its
  ``differences``, NOT a duplicate) or None (not alike enough, or below ``suggested`` with no
  guard failed: no duplicate at any level, not shown). "related" always has differences.
  Guarantees: a pair whose quantities conflict (7개월 vs 7년, 3% vs 3%p, billion vs million),
  whose negation differs (않/안/못/없, not/never, 허용/불허, approved/blocked), whose direction
  words oppose (늘/줄, 삭감/두 배, rise/fall) or whose named entity or speaker changed is never
  same/suggested: it is at most "related", its score is capped below ``settings.suggested`` and
  ``differences`` says why, one short line per reason: "7개월 vs 7년" (quantities),
  "negation: affirmed vs negated", "direction: 삭감 vs 늘리다", "entity: alibaba vs baidu",
  "speaker: ... vs ...". ``differences`` is empty for same/suggested pairs.
  Structural guard (when none of those fired; same-language pairs only): both claims'
  ``NormalForm.units`` (reading order, every word but articles, copula, auxiliaries, pronouns
  and Korean particles/endings, so above/below and before/after stay; a quantity is one unit)
  are aligned (difflib, autojunk off, the pair put in a fixed order first so the result is
  symmetric). Only when the alignment explains most of both claims (at least 70% of their
  units shared, not counting words added at either end, reporting words, hedges or relational
  words) is the pair "the same sentence", and then a substituted block of up to 3 units whose
  sides are not equivalent is a difference: "differs in: above vs below", "differs in:
  megawatts vs gigawatts", "differs in: 하루 vs 한 주". So is a modifier inserted right beside
  a figure ("differs in: 2시간 vs 2시간 반", "40% vs over 40%"; in Korean only after the
  figure). Equivalent sides are no difference: the same lemma/stem or glossary concept, equal
  quantities (30 = thirty, 3위 = 세 번째), a one-letter/jamo slip in the words as written
  (typos, spacing), a longer form of the same word, initials of the same name (WHO), two
  reporting words (said/told, 밝혔다/말했다) or two hedges; nor are words moved elsewhere,
  attribution at either end ("..., officials said") or a hedge on a figure ("about 40").
  A paraphrase (less shared) gives no structural conclusion. A genuine synonym swap inside
  the same sentence (중 / 가운데) is reported too: by design, a reviewer sees it as "related".
  Claims in different languages are never "same".
  Short claims (fewer than ``settings.min_tokens_for_same`` content units, or fewer than
  ``min_words_for_same`` words, ``min_korean_words_for_same`` in Korean) are never "same";
  nor are pairs with a number on one side only, a word or two swapped for others, or very
  different lengths (``min_length_ratio_for_same``): those wait for a reviewer as "suggested".
  A number on one side only with no counterpart on the other weighs
  ``unpaired_quantity_weight`` content units in the score, so a shared "두 배" and a generic
  word do not make a suggestion. English words are case-folded before stemming.
  compare() is symmetric in level and cheap (set operations, rapidfuzz with cutoffs): fine for
  ~50 candidates per query.
- ``MatchSettings``: thresholds ``same`` (80), ``suggested`` (55), ``related`` (35) on 0-100,
  ``min_tokens_for_same`` (4), ``min_words_for_same`` (8; Korean 5),
  ``min_length_ratio_for_same`` (0.6), ``unpaired_quantity_weight`` (2), typo tolerances.
- ``normalise`` and ``compare`` are thread-safe; results are deterministic across processes.
"""

from __future__ import annotations

from factcheck.match.normalise import (
    NORMAL_FORM_VERSION,
    NormalForm,
    StaleNormalForm,
    kiwi_loaded,
    normalise,
    normalise_many,
)
from factcheck.match.numbers import Quantity
from factcheck.match.score import MatchResult, MatchSettings, compare, guard_differences

__all__ = [
    "NORMAL_FORM_VERSION",
    "MatchResult",
    "MatchSettings",
    "NormalForm",
    "Quantity",
    "StaleNormalForm",
    "compare",
    "guard_differences",
    "kiwi_loaded",
    "normalise",
    "normalise_many",
]
