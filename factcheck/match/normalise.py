"""Normal forms of claim text: what the matcher compares, computed once per claim.

Korean goes through kiwipiepy (loaded lazily, once, only when a text contains Hangul); English
through a light rule-based normaliser. Numbers become `Quantity` values before either runs.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from factcheck.match import lexicon
from factcheck.match.numbers import Quantity, extract_placed_quantities

if TYPE_CHECKING:  # pragma: no cover
    from kiwipiepy import Kiwi

# Bumped whenever normalisation changes what it produces: stored forms of another version must be
# recomputed from the claim text (NormalForm.from_text raises StaleNormalForm).
NORMAL_FORM_VERSION = 17

HANGUL_RE = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
LATIN_LETTER_RE = re.compile(r"[A-Za-z]")
QUOTES_RE = re.compile(r"[\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a"
                       r"\u300c\u300d\u300e\u300f\u3008\u3009\u300a\u300b\u3010\u3011]")
PLURAL_ACRONYM_RE = re.compile(r"[A-Z]{2,}s")
BRITISH_ISE_RE = re.compile(r"(?<=al|an|im|it|og|et|or|ic|ar|en)is(?=e$|ed$|es$|ing$|ation)")
SPACE_OR_HYPHEN_RE = re.compile(r"[\s-]+")
ENGLISH_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[&][A-Za-z0-9]+)*")


class StaleNormalForm(ValueError):
    """A stored normal form written by another NORMAL_FORM_VERSION: normalise the text again."""


@dataclass(frozen=True)
class NormalForm:
    """What the matcher knows about one claim text. Immutable; cheap to store as text.

    tokens: content tokens in reading order, particles/endings/stopwords dropped, words lemmatised
    and mapped through the bilingual glossary (so "엔비디아" and "Nvidia" are both "nvidia").
    quantities: numbers with canonical units. negated: the claim is stated negatively (odd
    number of negators, antonyms like 불허 counted). negative_concepts: the concepts an antonym
    stated negatively (불허 -> "allow"). directions: "up:word"/"down:word" for words that state a
    change or comparison. entities: names (Korean NNP and the opening subject, Latin-script names
    and acronyms, identifiers like HBM3E), glossary-mapped.
    speaker: tokens of the claim's speaker when one was given. language: "ko", "en" or as given.
    surface: the cleaned lowercase text (for a character-level check that forgives typos).
    units: the claim in reading order for the structural alignment: every word but a tiny closed
    set of empty ones (articles, copula, auxiliaries, pronouns; Korean particles and endings), so
    above/below or before/after stay, each a lemma/stem mapped through the glossary; a quantity
    is one unit "#" + its key. unit_words: how each unit was written ("" when as the unit), for
    the differences. unit_spots: the index of the word of `surface` each unit comes from (typos
    and moved words are told apart on the words as written).
    """

    language: str
    tokens: tuple[str, ...]
    quantities: tuple[Quantity, ...] = ()
    negated: bool = False
    negative_concepts: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    crosslingual: tuple[str, ...] = field(default=())
    surface: str = ""
    units: tuple[str, ...] = ()
    unit_words: tuple[str, ...] = ()
    unit_spots: tuple[int, ...] = ()

    # --- derived, computed lazily once and never stored ---
    @cached_property
    def token_set(self) -> frozenset[str]:
        return frozenset(self.tokens) | frozenset(q.key for q in self.quantities)

    @cached_property
    def entity_set(self) -> frozenset[str]:
        return frozenset(self.entities)

    @cached_property
    def crosslingual_set(self) -> frozenset[str]:
        return frozenset(self.crosslingual) | frozenset(q.key for q in self.quantities)

    @cached_property
    def direction_set(self) -> frozenset[str]:
        return frozenset(self.directions)

    @property
    def index_tokens(self) -> list[str]:
        """Tokens for a lexical (BM25) index: content tokens plus quantity keys ("7month").

        Glossary concepts stand in for the English words they map ("released" -> launch):
        on CheckThat! keeping the English word beside the concept ranked worse (MAP@5 2022
        0.870 against 0.874), and the English word alone worse still (0.860)."""
        return list(self.tokens) + [q.key for q in self.quantities]

    @property
    def content_length(self) -> int:
        """How much the claim says: content tokens plus quantities."""
        return len(set(self.tokens)) + len(self.quantities)

    def to_text(self) -> str:
        """Compact JSON for a database text column; read back with `NormalForm.from_text`."""
        data: dict[str, Any] = {"v": NORMAL_FORM_VERSION, "l": self.language,
                                "t": list(self.tokens)}
        if self.quantities:
            data["q"] = [[q.value, q.unit, q.text] for q in self.quantities]
        if self.negated:
            data["n"] = 1
        if self.negative_concepts:
            data["a"] = list(self.negative_concepts)
        if self.directions:
            data["d"] = list(self.directions)
        if self.entities:
            data["e"] = list(self.entities)
        if self.speaker:
            data["s"] = list(self.speaker)
        if self.crosslingual:
            data["x"] = list(self.crosslingual)
        data["f"] = self.surface
        if self.units:
            data["u"] = list(self.units)
            data["w"] = list(self.unit_words)
            data["p"] = list(self.unit_spots)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_text(cls, text: str) -> NormalForm:
        """Inverse of `to_text`. Raises StaleNormalForm for another version's text."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StaleNormalForm(f"not a stored normal form: {exc}") from exc
        if not isinstance(data, dict) or data.get("v") != NORMAL_FORM_VERSION:
            raise StaleNormalForm("normal form of another version: normalise the text again")
        return cls(
            language=data["l"], tokens=tuple(data["t"]),
            quantities=tuple(Quantity(float(v), u, t) for v, u, t in data.get("q", ())),
            negated=bool(data.get("n", 0)), negative_concepts=tuple(data.get("a", ())),
            directions=tuple(data.get("d", ())),
            entities=tuple(data.get("e", ())), speaker=tuple(data.get("s", ())),
            crosslingual=tuple(data.get("x", ())), surface=data.get("f", ""),
            units=tuple(data.get("u", ())), unit_words=tuple(data.get("w", ())),
            unit_spots=tuple(data.get("p", ())),
        )


# --- English stemming ------------------------------------------------------------------------

@lru_cache(maxsize=200_000)
def stem_english(word: str) -> str:
    """A light, consistent stemmer: plural and verb suffixes, irregular forms. Lowercase input."""
    if word in lexicon.ENGLISH_IRREGULAR:
        return lexicon.ENGLISH_IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    # British -ise/-isation spellings read as -ize (organise, realise, capitalisation)
    word = BRITISH_ISE_RE.sub("iz", word)
    for suffix, repl, minimum in (("ies", "y", 5), ("sses", "ss", 5), ("ing", "", 6),
                                  ("ed", "", 5), ("es", "", 5), ("s", "", 4)):
        if word.endswith(suffix) and len(word) >= minimum:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "sses", "zes")):
                continue
            word = word[: len(word) - len(suffix)] + repl
            if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] \
                    and word[-1] not in "lsz":
                word = word[:-1]  # stopped -> stop
            break
    if len(word) > 3 and word.endswith("e") and not word.endswith("ee"):
        word = word[:-1]  # approve/approved -> approv
    return word


# --- glossary tables built once ------------------------------------------------------------

def _key(word: str) -> str:
    """Glossary key of one word: Hangul as is, Latin lowercased and stemmed."""
    word = word.lower()
    if HANGUL_RE.search(word):
        return word
    return " ".join(stem_english(w) for w in re.split(r"[\s-]+", word) if w)


class _Tables:
    def __init__(self) -> None:
        self.concept: dict[str, str] = {}
        phrase_map: dict[str, str] = {}
        for concept, words in lexicon.GLOSSARY.items():
            for word in words:
                self._add(concept, word, phrase_map)
        for concept, (positive, negative) in lexicon.ANTONYMS.items():
            for word in positive:
                self._add(concept, word, phrase_map)
            for word in negative:
                self._add("~" + concept, word, phrase_map)
        # one alternation for all phrases (longest first), looked up by their spaced form
        self.phrase_concepts = phrase_map
        self.phrase_re = re.compile(r"\b(?:" + "|".join(
            r"[\s-]+".join(re.escape(p) for p in phrase.split())
            for phrase in sorted(phrase_map, key=len, reverse=True)) + r")\b")
        self.up = frozenset(_key(w) for w in lexicon.UP_WORDS) | lexicon.UP_WORDS
        self.down = frozenset(_key(w) for w in lexicon.DOWN_WORDS) | lexicon.DOWN_WORDS
        # Korean noun compounds worth joining (언어+모델, 역+성장): keys with two or more parts
        self.korean_keys = frozenset(k for k in (set(self.concept) | self.up | self.down)
                                     if HANGUL_RE.search(k))
        self.english_stop = frozenset(lexicon.ENGLISH_STOPWORDS)

    def _add(self, concept: str, word: str, phrase_map: dict[str, str]) -> None:
        if " " in word or ("-" in word and not HANGUL_RE.search(word)):
            # multiword English phrases are replaced in the lowercased text before splitting
            phrase_map[word.lower().replace("-", " ")] = concept
            return
        # both the stem and the word as written: lexicon entries may already be stems
        self.concept.setdefault(_key(word), concept)
        self.concept.setdefault(word.lower(), concept)


_tables: _Tables | None = None
_kiwi_lock = threading.RLock()  # guards the lazy loads and kiwipiepy calls


def _get_tables() -> _Tables:
    global _tables
    if _tables is None:
        with _kiwi_lock:
            if _tables is None:
                _tables = _Tables()
    return _tables


# --- kiwipiepy, loaded lazily once -----------------------------------------------------------

_kiwi: Kiwi | None = None


def _get_kiwi() -> Kiwi:
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi  # about 1-2 s: only when Korean text needs it

                # without the typo and multi-word dictionaries: loads and runs about 40% faster,
                # and typos are forgiven by the character-level check in compare()
                _kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
    return _kiwi


def kiwi_loaded() -> bool:
    """Whether the Korean analyser has been loaded in this process (for tests and progress)."""
    return _kiwi is not None


# --- normalisation ---------------------------------------------------------------------------

def detect_language(text: str) -> str:
    """"ko" when a noticeable share of the letters is Hangul, else "en"."""
    hangul = len(HANGUL_RE.findall(text))
    latin = len(LATIN_LETTER_RE.findall(text))
    return "ko" if hangul and hangul * 2 >= latin * 0.5 else "en"


_CONTRACTIONS = tuple((re.compile(pattern), replacement) for pattern, replacement in (
    (r"\b([Ww])on't\b", r"\1ill not"),
    (r"\b([Cc])an't\b", r"\1an not"),
    (r"(?<=[A-Za-z])n't\b", " not"),
    (r"(?<=[A-Za-z])'(?:s|re|ve|ll|d|m)\b", ""),
    (r"(?<=[A-Za-z]s)'(?=\s|$)", ""),
))
WHITESPACE_RE = re.compile(r"\s+")
SENTENCE_END_RE = re.compile(r"(?<=[.!?;:])\s+")
LETTER_HYPHEN_RE = re.compile(r"(?<=[a-z])-(?=[a-z])")
LOWER_WORD_RE = re.compile(r"[a-z][a-z0-9&]*")
DOTTED_ABBREVIATION_RE = re.compile(r"\b(?:[a-z]\.){2,}")
KOREAN_PUNCTUATION_RE = re.compile(r"[()\[\]{}<>,.!?;:·…/|~=+*#@^_\\-]+")
NON_WORD_RE = re.compile(r"[^\w%.]+")


def _expand_contractions(text: str) -> str:
    """English contractions before quotes are stripped: didn't -> did not, Apple's -> Apple."""
    if "'" not in text:
        return text
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    text = _expand_contractions(text)
    text = QUOTES_RE.sub(" ", text)
    return WHITESPACE_RE.sub(" ", text).strip()


@dataclass
class _Builder:
    tokens: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    directions: set[str] = field(default_factory=set)
    negations: int = 0
    negative_concepts: list[str] = field(default_factory=list)

    def add_concept(self, concept: str, *, entity: bool = False) -> None:
        if concept.startswith("~"):
            self.negations += 1
            concept = concept[1:]
            self.negative_concepts.append(concept)
        self.tokens.append(concept)
        if entity:
            self.entities.append(concept)


def _note_direction(builder: _Builder, key: str, tables: _Tables, shown: str | None = None
                    ) -> None:
    """Record "up:word"/"down:word"; `shown` is the word as written, for the differences."""
    if key in tables.up:
        builder.directions.add("up:" + (shown or key))
    if key in tables.down:
        builder.directions.add("down:" + (shown or key))


def _english_into(builder: _Builder, text: str, tables: _Tables) -> None:
    """Latin-script text (a whole English claim or Latin runs inside Korean)."""
    for raw_sentence in SENTENCE_END_RE.split(text):
        # contractions were expanded and quotes removed by _clean()
        sentence = raw_sentence
        lowered = sentence.lower()
        words = ENGLISH_WORD_RE.findall(sentence)
        # A capital opening a sentence is orthography, not a name: the first word counts as
        # one only when the next is capitalised too ("Real Madrid beat ..."), or by its own
        # inner capitals (acronyms, "OpenAI"). A single name opening the sentence is lost as
        # an entity; swapped for another in the same sentence, the structural guard sees it.
        capitalised = {w.lower() for i, w in enumerate(words)
                       if (w[:1].isupper() and (i > 0 or (
                           w.lower() not in tables.english_stop and len(words) > 1
                           and words[1][:1].isupper())))
                       or w[1:] != w[1:].lower()}
        plural_acronyms = {w.lower() for w in words if PLURAL_ACRONYM_RE.fullmatch(w)}
        # join hyphenated letter words ("start-ups") then replace glossary phrases
        lowered = LETTER_HYPHEN_RE.sub(" ", lowered)
        phrase_hits: list[str] = []

        def take_phrase(match: re.Match[str], hits: list[str] = phrase_hits) -> str:
            hits.append(tables.phrase_concepts[" ".join(SPACE_OR_HYPHEN_RE.split(match.group(0)))])
            return " "

        lowered = tables.phrase_re.sub(take_phrase, lowered)
        for concept in phrase_hits:
            builder.add_concept(concept, entity=concept in lexicon.NAME_CONCEPTS)
        for word in LOWER_WORD_RE.findall(lowered):
            if word in lexicon.ENGLISH_NEGATORS:
                builder.negations += 1
                continue
            stem = stem_english(word)
            _note_direction(builder, stem, tables, word)
            if word in tables.english_stop or stem in tables.english_stop:
                continue
            if word in capitalised:
                # Case is folded before stemming ("Prisoners" and "prisoners" are one token);
                # a glossary name is looked up as written first (Apple -> apple, not appl).
                # A stem under 4 letters keeps the word: too short to forgive a typo (Aple).
                base = word[:-1] if word in plural_acronyms else (
                    stem if len(stem) >= 4 else word)
                concept = tables.concept.get(word) or tables.concept.get(base) or base
                builder.add_concept(concept, entity=True)
                continue
            concept = tables.concept.get(stem) or tables.concept.get(word) or stem
            builder.add_concept(concept, entity=concept in lexicon.NAME_CONCEPTS)


_NOUNISH = frozenset({"NNG", "NNP", "XPN", "SL", "XR"})
_SUBJECT_PARTICLES = frozenset({"은", "는", "이", "가"})
_DIRECTION_TAGS = frozenset({"NNG", "XR", "VV", "VA", "MAG", "XPN"})


def _join_compound(tokens: Sequence[Any], start: int, tables: _Tables) -> tuple[str, int] | None:
    """Longest run of 2-3 nouns whose joined form is a known key (언어+모델 -> 언어모델)."""
    for length in (3, 2):
        run = tokens[start:start + length]
        if len(run) < length or any(t.tag.split("-")[0] not in _NOUNISH for t in run):
            continue
        joined = "".join(t.form for t in run).lower()
        if joined in tables.korean_keys:
            return joined, length
    return None


def _korean_into(builder: _Builder, tokens: Sequence[Any], tables: _Tables) -> None:
    """Morphemes from kiwipiepy: keep content morphemes, count negators, note directions."""
    previous_noun = False
    subject_seen = False
    latin_run: list[str] = []

    def flush_latin() -> None:
        if latin_run:
            _english_into(builder, " ".join(latin_run), tables)
            latin_run.clear()

    skip = 0
    for position, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        form: str = token.form
        tag: str = token.tag.split("-")[0]
        if tag in _NOUNISH:
            compound = _join_compound(tokens, position, tables)
            if compound is not None:
                flush_latin()
                joined, length = compound
                skip = length - 1
                _note_direction(builder, joined, tables)
                concept = tables.concept.get(joined, joined)
                builder.add_concept(concept, entity=concept in lexicon.NAME_CONCEPTS)
                previous_noun = True
                continue
        if tag == "SL":
            latin_run.append(form)
            previous_noun = False
            continue
        flush_latin()
        if tag == "XSN" and previous_noun and builder.tokens and form in ("율", "률", "상", "량",
                                                                          "액", "력", "권"):
            # 점유+율, 역사+상, 출하+량: the suffix changes the concept
            joined = builder.tokens.pop() + form
            was_entity = bool(builder.entities) and builder.entities[-1] == joined[:-len(form)]
            if was_entity:
                builder.entities.pop()
            builder.add_concept(tables.concept.get(joined, joined), entity=was_entity)
            previous_noun = False
            continue
        if form in lexicon.KOREAN_NEGATORS and tag in ("VX", "MAG", "VA", "VCN", "VV"):
            builder.negations += 1
            previous_noun = False
            continue
        if tag == "XPN" and form in ("불", "비", "미", "무"):
            builder.negations += 1
            continue
        if tag in ("JX", "JKS") and form in _SUBJECT_PARTICLES and not subject_seen:
            subject_seen = True
            # a claim opening with its subject ("딥노이드는 ...") names who it is about: a
            # changed subject is a changed claim even when the tagger did not call it a name
            if previous_noun and len(builder.tokens) == 1 and HANGUL_RE.search(builder.tokens[-1]) \
                    and builder.tokens[-1] not in _GLOSSARY_CONCEPTS \
                    and len(builder.tokens[-1]) >= 2:
                builder.entities.append(builder.tokens[-1])
        if tag in _DIRECTION_TAGS:
            _note_direction(builder, form, tables, form + "다" if tag in ("VV", "VA") else form)
        if tag == "MM" and form in tables.concept:
            builder.add_concept(tables.concept[form])  # 모든: a determiner that matters
            previous_noun = False
            continue
        if tag not in lexicon.KOREAN_CONTENT_TAGS or form in lexicon.KOREAN_STOPWORDS:
            previous_noun = tag in ("NNG", "NNP") and form not in lexicon.KOREAN_STOPWORDS
            continue
        if tag == "MAG" and form not in tables.concept:
            previous_noun = False
            continue
        concept = tables.concept.get(form) or tables.concept.get(form.lower()) or form.lower()
        if tag == "NNP" and form == "미" and concept != "us":
            concept = form
        builder.add_concept(concept, entity=tag in ("NNP", "SH")
                            or concept in lexicon.NAME_CONCEPTS)
        previous_noun = tag in ("NNG", "NNP")
    flush_latin()


SURFACE_WORD_RE = re.compile(r"[\w%.]+")


def _spots(cleaned: str, positions: list[int]) -> tuple[int, ...]:
    """For each position in the cleaned text, the index of its word in `_surface(cleaned)` (the
    word it lies in, else the next one)."""
    ends = [m.end() for m in SURFACE_WORD_RE.finditer(cleaned)]
    last = max(len(ends) - 1, 0)
    return tuple(min(bisect.bisect_right(ends, position), last) for position in positions)


def _surface(cleaned: str) -> str:
    return WHITESPACE_RE.sub(" ", NON_WORD_RE.sub(" ", cleaned.lower())).strip()


def _finish(builder: _Builder, language: str, quantities: list[Quantity],
            identifiers: list[str], speaker: tuple[str, ...], cleaned: str,
            units: list[_Unit]) -> NormalForm:
    tables = _get_tables()
    for ident in identifiers:
        key = ident.lower()
        concept = tables.concept.get(key, key)
        builder.tokens.append(concept)
        builder.entities.append(concept)
    cross = [t for t in builder.tokens if _is_crosslingual(t)]
    return NormalForm(
        language=language,
        tokens=tuple(builder.tokens),
        quantities=tuple(quantities),
        negated=builder.negations % 2 == 1,
        negative_concepts=tuple(builder.negative_concepts),
        directions=tuple(sorted(builder.directions)),
        entities=tuple(dict.fromkeys(builder.entities)),
        speaker=speaker,
        crosslingual=tuple(dict.fromkeys(cross)),
        surface=_surface(cleaned),
        units=tuple(u for _, u, _ in units),
        unit_words=tuple("" if w == u else w for _, u, w in units),
        unit_spots=_spots(cleaned, [position for position, _, _ in units]),
    )


_GLOSSARY_CONCEPTS: frozenset[str] = frozenset(lexicon.GLOSSARY) | frozenset(lexicon.ANTONYMS)


def _is_crosslingual(token: str) -> bool:
    """A token both languages can share: a glossary concept or a Latin-script word/name."""
    return token in _GLOSSARY_CONCEPTS or not HANGUL_RE.search(token)


@dataclass(frozen=True)
class _Prepared:
    cleaned: str
    quantities: list[Quantity]
    rest: str  # the text with quantities blanked (every position kept)
    identifiers: list[str]
    placed: list[_Unit]  # quantities and identifiers as alignment units, with positions
    zero_width: list[tuple[int, int]]  # spans of words a zero-width quantity stands for


def _prepare(text: str) -> _Prepared:
    cleaned = _clean(text)
    quantities, rest, identifiers = extract_placed_quantities(cleaned)
    # punctuation blanked char for char: kiwipiepy's offsets then still index the cleaned text
    rest = KOREAN_PUNCTUATION_RE.sub(lambda m: " " * len(m.group(0)), rest) \
        if HANGUL_RE.search(rest) else rest
    tables = _get_tables()
    placed: list[_Unit] = [(start, "#" + q.key, q.text) for start, q in quantities]
    placed += [(start, tables.concept.get(ident.lower(), ident.lower()), ident)
               for start, ident in identifiers]
    zero_width = [(start, start + len(q.text)) for start, q in quantities
                  if cleaned[start:start + len(q.text)] == rest[start:start + len(q.text)]]
    return _Prepared(cleaned, [q for _, q in quantities], rest, [i for _, i in identifiers],
                     placed, zero_width)


# --- alignment units (see NormalForm.units) --------------------------------------------------

_Unit = tuple[int, str, str]  # position in the cleaned text, unit, the word as written
_KOREAN_EMPTY_TAGS = frozenset({"VCP", "XSV", "XSA", "XSM", "SF", "SP", "SS", "SSO", "SSC", "SE",
                                "SO", "SW", "SB", "UN", "W_URL", "W_EMAIL", "W_HASHTAG",
                                "W_MENTION", "W_SERIAL", "Z_CODA", "Z_SIOT"})
# what kiwipiepy makes of a particle left alone after a blanked number (3위로 -> "로")
_ORPHAN_PARTICLES = frozenset({"로", "으로", "에", "의", "를", "을", "이", "가", "은", "는", "도",
                               "와", "과", "에서", "까지", "부터", "보다", "만", "씩", "째", "급"})


def _english_unit(word: str, tables: _Tables) -> str | None:
    """The alignment unit of one lowercased English word, None for an empty word."""
    if word in lexicon.ALIGNMENT_EMPTY_ENGLISH:
        return None
    stem = stem_english(word)
    return tables.concept.get(stem) or tables.concept.get(word) or stem


def alignment_unit(word: str) -> str:
    """The alignment unit a single word becomes (for word lists the alignment consults)."""
    tables = _get_tables()
    if HANGUL_RE.search(word):
        return tables.concept.get(word, word)
    return _english_unit(word.lower(), tables) or word.lower()


def _english_units(text: str, tables: _Tables) -> list[_Unit]:
    """Units of English text; glossary phrases are one unit at their place."""
    lowered = LETTER_HYPHEN_RE.sub(" ", text.lower())
    units: list[_Unit] = []
    taken: list[tuple[int, int]] = []
    for m in tables.phrase_re.finditer(lowered):
        concept = tables.phrase_concepts[" ".join(SPACE_OR_HYPHEN_RE.split(m.group(0)))]
        units.append((m.start(), concept, text[m.start():m.end()]))
        taken.append((m.start(), m.end()))
    for m in DOTTED_ABBREVIATION_RE.finditer(lowered):
        # U.S. / U.K.: one unit, as "US" is
        if not any(s <= m.start() < e for s, e in taken):
            letters = m.group(0).replace(".", "")
            units.append((m.start(), _english_unit(letters, tables) or letters,
                          text[m.start():m.end()]))
            taken.append((m.start(), m.end()))
    for m in LOWER_WORD_RE.finditer(lowered):
        if any(s <= m.start() < e for s, e in taken):
            continue
        unit = _english_unit(m.group(0), tables)
        if unit is not None:
            units.append((m.start(), unit, text[m.start():m.end()]))
    return units


def _korean_units(tokens: Sequence[Any], rest: str, tables: _Tables,
                  quantity_ends: frozenset[int]) -> list[_Unit]:
    """Units of Korean morphemes: every morpheme but particles, endings, copula, auxiliaries."""
    units: list[_Unit] = []
    skip = 0
    previous_noun = False
    for position, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        form: str = token.form
        tag: str = token.tag.split("-")[0]
        start: int = token.start
        if tag in _NOUNISH and tag != "SL":
            compound = _join_compound(tokens, position, tables)
            if compound is not None:
                joined, length = compound
                skip = length - 1
                units.append((start, tables.concept.get(joined, joined), joined))
                previous_noun = True
                continue
        if tag[0] in "JE" or tag in _KOREAN_EMPTY_TAGS \
                or (tag == "VX" and form not in lexicon.KOREAN_NEGATORS) \
                or (tag == "MM" and form in lexicon.ALIGNMENT_EMPTY_KOREAN) \
                or (tag in ("VV", "VX") and form in lexicon.ALIGNMENT_LIGHT_VERBS) \
                or (start in quantity_ends
                    and (form in _ORPHAN_PARTICLES
                         or rest[start:start + token.len] in _ORPHAN_PARTICLES)):
            previous_noun = False
            continue
        if tag == "XSN":
            if previous_noun and units and form in ("율", "률", "상", "량", "액", "력", "권"):
                _, last, shown = units.pop()
                joined = last + form
                units.append((start - len(shown), tables.concept.get(joined, joined),
                              shown + form))
            previous_noun = False
            continue
        if tag == "SL":
            unit = _english_unit(form.lower(), tables)
            if unit is not None:
                units.append((start, unit, form))
            previous_noun = False
            continue
        concept = tables.concept.get(form) or tables.concept.get(form.lower()) or form.lower()
        units.append((start, concept, form + "다" if tag in ("VV", "VA") else form))
        previous_noun = tag in ("NNG", "NNP")
    return units


def _all_units(prepared: _Prepared, words: list[_Unit]) -> list[_Unit]:
    """Words, quantities and identifiers in reading order; the words a zero-width quantity
    stands for ("doubled", "the largest") give way to it."""
    kept = [w for w in words if not any(s <= w[0] < e for s, e in prepared.zero_width)]
    return sorted(kept + prepared.placed, key=lambda u: u[0])


def _speaker_tokens(speaker: str | None) -> tuple[str, ...]:
    if not speaker or not speaker.strip():
        return ()
    return _speaker_tokens_of(normalise(speaker))


def _speaker_tokens_of(form: NormalForm) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in form.tokens if t not in lexicon.SPEAKER_ROLE_WORDS))


def normalise(text: str, language: str | None = None, *, speaker: str | None = None
              ) -> NormalForm:
    """The normal form of one claim text. `language` ("ko"/"en") is detected when None."""
    prepared = _prepare(text)
    lang = (language or detect_language(prepared.cleaned)).lower()
    builder = _Builder()
    tables = _get_tables()
    if HANGUL_RE.search(prepared.rest):
        kiwi = _get_kiwi()
        with _kiwi_lock:
            tokens = kiwi.tokenize(prepared.rest)
        _korean_into(builder, tokens, tables)
        words = _korean_units(tokens, prepared.rest, tables, _quantity_ends(prepared))
    else:
        _english_into(builder, prepared.rest, tables)
        words = _english_units(prepared.rest, tables)
    return _finish(builder, lang, prepared.quantities, prepared.identifiers,
                   _speaker_tokens(speaker), prepared.cleaned, _all_units(prepared, words))


def _quantity_ends(prepared: _Prepared) -> frozenset[int]:
    """Where each blanked quantity ends (a particle orphaned there is no word)."""
    ends = {start + len(shown) for start, unit, shown in prepared.placed if unit.startswith("#")}
    # kiwipiepy starts the next morpheme after the blank: allow the spaces a blank left
    rest = prepared.rest
    out = set(ends)
    for end in ends:
        position = end
        while position < len(rest) and rest[position] == " ":
            position += 1
        out.add(position)
    return frozenset(out)


def normalise_many(texts: Sequence[str], languages: Sequence[str | None] | None = None,
                   speakers: Sequence[str | None] | None = None) -> list[NormalForm]:
    """`normalise` over many texts; Korean texts go to kiwipiepy in one batch (faster)."""
    langs: Sequence[str | None] = languages if languages is not None else [None] * len(texts)
    spk: Sequence[str | None] = speakers if speakers is not None else [None] * len(texts)
    distinct_speakers = sorted({s.strip() for s in spk if s and s.strip()})
    speaker_tokens = dict(zip(distinct_speakers,
                              (_speaker_tokens_of(f) for f in normalise_many(distinct_speakers)),
                              strict=True)) if distinct_speakers else {}
    prepared = [_prepare(t) for t in texts]
    korean = [bool(HANGUL_RE.search(p.rest)) for p in prepared]
    tables = _get_tables()
    forms: list[NormalForm] = []
    with _kiwi_lock if any(korean) else contextlib.nullcontext():
        # results stream in order: no need to hold every text's morphemes at once
        morphemes: Iterator[Any] = iter(_get_kiwi().tokenize(
            [p.rest for p, is_korean in zip(prepared, korean, strict=True) if is_korean])
        ) if any(korean) else iter(())
        for i, p in enumerate(prepared):
            builder = _Builder()
            if korean[i]:
                tokens = next(morphemes)
                _korean_into(builder, tokens, tables)
                words = _korean_units(tokens, p.rest, tables, _quantity_ends(p))
            else:
                _english_into(builder, p.rest, tables)
                words = _english_units(p.rest, tables)
            lang = (langs[i] or detect_language(p.cleaned)).lower()
            speaker = (spk[i] or "").strip()
            forms.append(_finish(builder, lang, p.quantities, p.identifiers,
                                 speaker_tokens.get(speaker, ()), p.cleaned,
                                 _all_units(p, words)))
    return forms

