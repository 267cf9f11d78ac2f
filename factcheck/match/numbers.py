"""Quantities in claim text: Korean and English numerals, magnitudes and units.

`extract_quantities(text)` finds every quantity, returns them with their canonical unit and value,
and the text with the quantity spans blanked out (so the morphological analyser does not see them).
Equal quantities written differently get equal (value, unit): 세 개 = 3개, 두 배 = 2배 = doubled,
1만 = 10000, 4천억 = 4000억, 1조1000억 = 1.1e12, 1만3천 = 1만3000 = 1.3만, 천 명 = 1000명,
"$4.9bn" = 4.9 billion dollars, 256k = 256,000, 8.2m = 8.2 million.
Units of one dimension convert to one base unit (`Quantity.base`): 24 hours = a day, 12 months =
a year, 25 basis points = 0.25%p, 1 km² = 100 ha, 1 GW = 1000 MW. Only exact conversions: a month
is not a fixed number of days, so month-based and day-based durations stay apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# 천/백/십 right after digits is a magnitude even before a particle or 여 (2천여 명, 3백명),
# except in the few words that begin with those syllables (백화점, 백신, 천연가스, 천안); after a
# space it may begin a name (2024 백종원), so only before a non-syllable there.
KOREAN_MAGNITUDE = (r"(?:[십백천]?[만억조]|[십백천](?![가-힣])"
                    r"|(?<=\d)[십백천](?!화점|신|악관|연|안|국|자가))")
KOREAN_MAGNITUDE_VALUES = {"십": 10, "백": 100, "천": 1000, "만": 10_000, "억": 100_000_000,
                           "조": 1_000_000_000_000}
# Magnitude words, tolerant of common misspellings (milion, bilion, billon).
ENGLISH_MAGNITUDE_RE = r"thousand|m+il+i?on|b+il+i?on|tril+i?on|bn|mn|tn|k|m|b"
ENGLISH_MAGNITUDE_VALUES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6,
                            "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}

# Surface unit -> canonical unit. Longest alternatives are tried first.
UNIT_ALIASES: dict[str, str] = {
    "%p": "%p", "%포인트": "%p", "% 포인트": "%p", "퍼센트포인트": "%p", "퍼센트 포인트": "%p",
    "percentage points": "%p", "percentage point": "%p", "pp": "%p", "%pt": "%p", "%pts": "%p",
    "%": "%", "퍼센트": "%", "프로": "%", "percent": "%", "per cent": "%",
    "개월": "month", "months": "month", "month": "month",
    "년간": "year", "년": "year", "years": "year", "year": "year",
    "일간": "day", "일": "day", "days": "day", "day": "day",
    "주간": "week", "주": "week", "weeks": "week", "week": "week",
    "분기": "quarter", "quarters": "quarter", "quarter": "quarter",
    "시간": "hour", "hours": "hour", "hour": "hour", "월": "month_of_year",
    "basis points": "bp", "basis point": "bp", "bps": "bp", "bp": "bp",
    "베이시스포인트": "bp", "베이시스 포인트": "bp",
    "㏊": "ha", "헥타르": "ha", "hectares": "ha", "hectare": "ha", "ha": "ha",
    "㎢": "km2", "km²": "km2", "km2": "km2", "제곱킬로미터": "km2", "square kilometres": "km2",
    "square kilometers": "km2", "㎡": "m2", "m²": "m2", "m2": "m2", "제곱미터": "m2",
    "square metres": "m2", "square meters": "m2",
    "㎞": "km", "km": "km", "킬로미터": "km", "kilometres": "km", "kilometers": "km",
    "kilometre": "km", "kilometer": "km", "미터": "metre", "metres": "metre", "meters": "metre",
    "metre": "metre", "meter": "metre", "마일": "mile", "miles": "mile", "mile": "mile",
    "달러": "usd", "dollars": "usd", "dollar": "usd", "usd": "usd",
    "원": "krw", "won": "krw", "krw": "krw", "엔": "jpy", "yen": "jpy",
    "유로": "eur", "euros": "eur", "euro": "eur", "위안": "cny", "yuan": "cny",
    "파운드": "gbp", "pounds": "gbp",
    "명": "person", "people": "person", "persons": "person",
    "곳": "place", "군데": "place", "locations": "place", "sites": "place",
    "개국": "country", "countries": "country", "개사": "company", "companies": "company",
    "개": "count", "가지": "count", "종": "count", "건": "case", "cases": "case",
    "대": "unit", "units": "unit",
    "배": "times", "times": "times", "fold": "times", "-fold": "times", "x": "times",
    "위": "rank", "번째": "rank", "째": "rank", "st": "rank", "nd": "rank", "rd": "rank",
    "th": "rank",
    "나노미터": "nm", "나노": "nm", "nm": "nm", "nanometers": "nm", "nanometer": "nm",
    "nanometres": "nm", "nanometre": "nm",
    "단": "layer", "layers": "layer", "세대": "generation", "인치": "inch", "inches": "inch",
    "gb": "gb", "tb": "tb", "gw": "gw", "mw": "mw", "kw": "kw", "gwh": "gwh", "mwh": "mwh",
    "kwh": "kwh", "gigawatts": "gw", "gigawatt": "gw", "megawatts": "mw", "megawatt": "mw",
    "kilowatts": "kw", "kilowatt": "kw", "기가와트": "gw", "메가와트": "mw", "킬로와트": "kw",
    "gigawatt hours": "gwh", "megawatt hours": "mwh", "kilowatt hours": "kwh",
    "기가와트시": "gwh", "메가와트시": "mwh", "킬로와트시": "kwh",
    "teu": "teu",
    "회": "occurrence", "차례": "occurrence", "번": "occurrence",
}
# Exact conversions to one base unit per dimension: (base unit, factor).
CONVERSIONS: dict[str, tuple[str, float]] = {
    "hour": ("day", 1 / 24), "week": ("day", 7.0), "year": ("month", 12.0),
    "bp": ("%p", 0.01), "km2": ("ha", 100.0), "m2": ("ha", 1e-4), "km": ("metre", 1000.0),
    "mw": ("kw", 1e3), "gw": ("kw", 1e6), "mwh": ("kwh", 1e3), "gwh": ("kwh", 1e6),
}
# Symbol units (㏊, ㎢, ㎞) are matched like Korean ones: no word boundary needed after them.
_KOREAN_UNITS = sorted((u for u in UNIT_ALIASES if re.search(r"[가-힣%\u3380-\u33ff]", u)),
                       key=len, reverse=True)
_LATIN_UNITS = sorted((u for u in UNIT_ALIASES if not re.search(r"[가-힣%\u3380-\u33ff]", u)),
                      key=len, reverse=True)
# Korean units never need a word boundary after them (particles follow); Latin units do.
# One-syllable units that also begin common words (엔비디아, 원래, 일본, 주가, 대표...).
_KOREAN_UNIT_GUARDS = {"엔": "(?!비|터|씨)", "원": "(?!래|자|전|장|인|칙|격|년|화)",
                       "일": "(?!본|부|반|자|정|단|시|각|대|어|으|었)",
                       "주": "(?!가|식|요|장|도|력|문|주|년)",
                       "대": "(?!표|한|형|만|기|학|비|상|응|규|통)", "번": "(?!역|호)",
                       "위": "(?!해|한|원|기|치|험)", "단": "(?!계|독|체|지|말)",
                       "배": "(?!터|포|경|제|송)", "회": "(?!사|의|장|원|계|복)"}
UNIT_RE = (r"(?:(?P<kunit>" + "|".join(re.escape(u) + _KOREAN_UNIT_GUARDS.get(u, "")
                                       for u in _KOREAN_UNITS) + r")"
           r"|(?P<lunit>" + "|".join(re.escape(u) for u in _LATIN_UNITS) + r")(?![a-z]))")

CURRENCY_SYMBOLS = {"$": "usd", "us$": "usd", "₩": "krw", "€": "eur", "£": "gbp", "¥": "jpy"}

KOREAN_NATIVE = {"한": 1, "하나": 1, "첫": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3,
                 "네": 4, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9,
                 "열": 10, "열한": 11, "열두": 12, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50}
# Counters that may follow a native numeral with or without a space.
KOREAN_COUNTERS_TIGHT = ("번째", "개월", "개국", "개사", "개", "배(?!터)", "곳", "명", "가지",
                         "군데", "차례", "마리")
# Counters that are also common word beginnings: only after a space (세 대, not 세대).
KOREAN_COUNTERS_SPACED = ("달", "해", "대", "건", "종", "번", "주", "째", "권", "장")
KOREAN_COUNTER_UNITS = {"달": "month", "해": "year"}

ENGLISH_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
# Verbs that state a multiplication: "doubled" = 2배.
MULTIPLIER_WORDS = {"double": 2.0, "doubled": 2.0, "doubles": 2.0, "doubling": 2.0,
                    "twice": 2.0, "triple": 3.0, "tripled": 3.0, "triples": 3.0,
                    "tripling": 3.0, "quadrupled": 4.0, "halved": 0.5, "halve": 0.5,
                    "halves": 0.5, "halving": 0.5}

_NATIVE_ALT = "|".join(sorted(KOREAN_NATIVE, key=len, reverse=True))
KOREAN_NATIVE_RE = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<num>{_NATIVE_ALT})"
    rf"(?:\s?(?P<tight>{'|'.join(KOREAN_COUNTERS_TIGHT)})|\s(?P<spaced>"
    rf"{'|'.join(KOREAN_COUNTERS_SPACED)})(?![가-힣]{{2}}))"
)
NUMERIC_RE = re.compile(
    r"(?<![\w.])(?P<cur>us\$|[$₩€£¥])?\s?"
    rf"(?P<amount>(?:(?:{NUMBER})\s?{KOREAN_MAGNITUDE}\s?)+(?:{NUMBER})?|(?:{NUMBER}))"
    rf"(?:\s?-?\s?(?P<emag>{ENGLISH_MAGNITUDE_RE})(?![a-z\d²]))?"
    # 여 after a Korean number is "some" (1만3000여 명 = 13,000-odd people): the unit follows it
    rf"(?:여(?=\s?[가-힣]))?(?:\s?-?\s?{UNIT_RE})?",
    re.IGNORECASE,
)
# A bare "m" after a number is metres in these contexts (a 19m yacht, the 100m final), million
# otherwise (8.2m passengers).
METRE_CONTEXT_RE = re.compile(
    r"[\s-]?(?:tall|long|high|wide|deep|away|above|below|under|underground|radius|sprint|race"
    r"|dash|hurdles|freestyle|final|metres?|meters?|yacht|wall|tower|statue)\b", re.IGNORECASE)
# 천 명, 만 명, 백만 원: a magnitude syllable alone is a number when a unit follows it after a
# space or 여 (written together it is a word or name: 천명하다, 백종원).
KOREAN_BARE_MAGNITUDE_RE = re.compile(
    rf"(?<![가-힣A-Za-z\d.,])(?P<amount>[십백천][만억조]?|만)(?:여\s?|\s){UNIT_RE}")
_ENGLISH_UNITS_ALT = "|".join(w for w, v in ENGLISH_NUMBER_WORDS.items() if v < 10)
_ENGLISH_SMALL_ALT = "|".join(w for w, v in sorted(ENGLISH_NUMBER_WORDS.items(),
                                                   key=lambda item: -len(item[0]))
                              if v < 100 and w != "dozen")
_ENGLISH_TENS_ALT = "|".join(w for w, v in ENGLISH_NUMBER_WORDS.items()
                             if v >= 20 and v % 10 == 0 and v < 100)
# twenty-five, two hundred, three hundred and twelve: one number, not several.
_ENGLISH_BELOW_100 = (rf"(?:(?:{_ENGLISH_TENS_ALT})[\s-](?:{_ENGLISH_UNITS_ALT})\b"
                      rf"|{_ENGLISH_SMALL_ALT})")
_ENGLISH_COMPOUND = (rf"(?:{_ENGLISH_BELOW_100}\s+hundred(?:\s+(?:and\s+)?{_ENGLISH_BELOW_100})?"
                     rf"|{_ENGLISH_BELOW_100}|hundred|dozen)")
ENGLISH_WORD_NUMBER_RE = re.compile(
    rf"\b(?P<word>{_ENGLISH_COMPOUND})"
    rf"(?:[\s-](?P<emag>{ENGLISH_MAGNITUDE_RE}))?"
    rf"(?:[\s-]?{UNIT_RE})?(?![a-z])",
    re.IGNORECASE,
)
ENGLISH_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
ORDINAL_RE = re.compile(
    rf"\b(?P<word>{'|'.join(ENGLISH_ORDINALS)})(?:[\s-](?P<unit>quarter|half|week|month|year|day"
    r"|place|largest|biggest|time|consecutive))?\b", re.IGNORECASE)
ORDINAL_UNITS = {"quarter": "quarter", "half": "half", "week": "week", "month": "month",
                 "year": "year", "day": "day"}
# 3분의 1 (one third); "a third", "one third".
FRACTION_RE = re.compile(r"(?P<den>\d+)\s?분의\s?(?P<num>\d+)"
                         r"|\b(?:a|one)[\s-](?P<word>half|third|quarter|fifth|tenth)\b(?!\s+of\s+a)",
                         re.IGNORECASE)
# "a quarter point", "half a percentage point": a fraction of a percentage point.
POINT_FRACTION_RE = re.compile(
    r"\b(?:(?:a|one)[\s-])?(?P<word>half|quarter)[\s-](?:a\s)?(?:percentage[\s-])?points?\b"
    r"|\bhalf\sa\s(?:percentage\s)?point\b", re.IGNORECASE)
FRACTION_WORDS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
# "the largest" is rank 1, so that it differs from "the second-largest" (rank 2).
SUPERLATIVE_RE = re.compile(r"\bthe\s+(?:largest|biggest)\b", re.IGNORECASE)
KOREAN_HALVES_RE = re.compile(r"(?P<which>[상하])반기")
HALF_YEAR_RE = re.compile(r"반년|half\s+a\s+year|six\s+months'?", re.IGNORECASE)
# "for a day", "within a week": the article is the number one. Only after words that introduce
# a length of time, so that rates ("$5bn a year", "twice a day") and "a year earlier" stay out.
A_PERIOD_RE = re.compile(
    r"\b(?:for|in|within|over|than|about|nearly|almost|just|only|last|lasts|lasted|lasting"
    r"|after|entire|whole)"
    r"\s(?P<unit>an?\s(?:hour|day|week|month|year))\b(?!\s(?:earlier|ago|before|later))",
    re.IGNORECASE)
A_PERIOD_UNITS = {"hour": "hour", "day": "day", "week": "week", "month": "month", "year": "year"}
# Native Korean day counts and 일주일 (one week).
KOREAN_DAYS = {"하루": (1.0, "day"), "이틀": (2.0, "day"), "사흘": (3.0, "day"),
               "나흘": (4.0, "day"), "닷새": (5.0, "day"), "엿새": (6.0, "day"),
               "열흘": (10.0, "day"), "보름": (15.0, "day"),
               "일주일": (1.0, "week")}
KOREAN_DAYS_RE = re.compile(rf"(?<![가-힣])(?P<word>{'|'.join(KOREAN_DAYS)})(?!빨리|하루|살이|달)")
MULTIPLIER_RE = re.compile(rf"\b(?P<word>{'|'.join(MULTIPLIER_WORDS)})\b", re.IGNORECASE)
# Latin identifiers with digits are names, not quantities: HBM3E, S24, GPT-4, H100, 01.AI.
# (Not after a Korean magnitude: 2만4000TEU is 24,000 TEU, not a name "4000TEU".)
IDENTIFIER_RE = re.compile(
    r"(?<![A-Za-z0-9.만억조천백십])(?:[A-Za-z]+-?\d[A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*|\d+\.[A-Za-z]+"
    r"|\d+[A-Za-z][A-Za-z0-9]*)(?![A-Za-z0-9])"
)


# Cheap pre-checks (plain substring tests on the lowercased text) decide which of the patterns
# above can match at all: most claims hold digits and no number words, and each pattern is a
# scan of the whole text.
_DIGIT_RE = re.compile(r"\d")
_HANGUL_SYLLABLE_RE = re.compile(r"[가-힣]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_NUMBER_WORDS = tuple(ENGLISH_NUMBER_WORDS)
_ORDINAL_WORDS = tuple(ENGLISH_ORDINALS)
_MULTIPLIER_WORDS = tuple(MULTIPLIER_WORDS)
_FRACTION_MARKS = ("분의", *FRACTION_WORDS)


def _mentions(lowered: str, words: tuple[str, ...]) -> bool:
    return any(word in lowered for word in words)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its canonical unit ("" when it has none) and the text it was read from."""

    value: float
    unit: str
    text: str

    @property
    def base(self) -> tuple[float, str]:
        """(value, unit) in the base unit of its dimension: 24 hours -> (1, "day")."""
        base_unit, factor = CONVERSIONS.get(self.unit, (self.unit, 1.0))
        return self.value * factor, base_unit

    @property
    def key(self) -> str:
        """Compact token for indexes, in the base unit: "7month", "0.03%p", "4900000000usd";
        "1year" is "12month" and "24hour" is "1day", so equal durations share a token."""
        value, unit = self.base
        return f"{_format_value(value)}{unit}"


def _format_value(value: float) -> str:
    value = float(f"{value:.12g}")  # 0.1 * 3 and 0.3 give one key
    if value == int(value):
        return str(int(value))
    return f"{value:.6g}"


def _parse_number(raw: str) -> float:
    return float(raw.replace(",", ""))


def parse_korean_amount(raw: str) -> float:
    """'2조4000억' -> 2.4e12, '4천억' -> 4e11, '1만' -> 1e4, '3,000' -> 3000."""
    total = 0.0
    section = 0.0  # the part below the current 만/억/조 group
    for number, small, big in re.findall(r"(\d[\d,]*(?:\.\d+)?)?\s?([십백천]?)([만억조]?)",
                                         raw.replace(" ", "")):
        if not (number or small or big):
            continue
        value = _parse_number(number) if number else 1.0
        if small:
            value *= KOREAN_MAGNITUDE_VALUES[small]
        if big:
            total += (section + value) * KOREAN_MAGNITUDE_VALUES[big]
            section = 0.0
        else:
            section += value
    return total + section


def _english_number(words: str) -> float:
    """'three hundred and twelve' -> 312, 'twenty-five' -> 25, 'dozen' -> 12."""
    total = 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "hundred":
            total = max(total, 1.0) * 100
        elif word != "and":
            total += ENGLISH_NUMBER_WORDS[word]
    return total


def _magnitude_word(raw: str) -> str:
    word = raw.lower()
    if word in ENGLISH_MAGNITUDE_VALUES:
        return word
    for canonical in ("trillion", "billion", "million"):
        if word[:2] == canonical[:2] and word.endswith("on"):
            return canonical
    return word


def _unit_of(match: re.Match[str]) -> str:
    unit = match.group("kunit") or match.group("lunit") or ""
    return UNIT_ALIASES.get(unit.lower(), UNIT_ALIASES.get(unit, "")) if unit else ""


def extract_quantities(text: str) -> tuple[list[Quantity], str, list[str]]:
    """Quantities in reading order, the text with their spans blanked, identifier tokens."""
    placed, rest, identifiers = extract_placed_quantities(text)
    return [q for _, q in placed], rest, [ident for _, ident in identifiers]


def extract_placed_quantities(text: str
                              ) -> tuple[list[tuple[int, Quantity]], str, list[tuple[int, str]]]:
    """`extract_quantities` with where each quantity and identifier starts in `text` (the blanked
    text keeps every position, so the structural alignment can put them back in reading order)."""
    spans: list[tuple[int, int, Quantity | None]] = []
    lowered = text.lower()
    digits = _DIGIT_RE.search(text) is not None
    hangul = _HANGUL_SYLLABLE_RE.search(text) is not None
    number_words = _mentions(lowered, _NUMBER_WORDS)
    ordinals = _mentions(lowered, _ORDINAL_WORDS)
    multipliers = _mentions(lowered, _MULTIPLIER_WORDS)
    fractions = _mentions(lowered, _FRACTION_MARKS)
    half_year = "반년" in text or "half" in lowered or "six" in lowered
    halves = "반기" in text
    superlative = "largest" in lowered or "biggest" in lowered
    a_period = " a " in lowered or " an " in lowered
    if not (digits or hangul or number_words or ordinals or multipliers or fractions
            or half_year or halves or superlative or a_period):
        return [], text, []

    def overlaps(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e, _ in spans)

    def claim(start: int, end: int) -> bool:
        return not overlaps(start, end)

    identifiers: list[tuple[int, str]] = []
    for m in IDENTIFIER_RE.finditer(text) if digits and _LATIN_RE.search(text) else ():
        ident = m.group(0)
        # "3nm", "12GB", "4.9bn" are quantities, not names.
        if NUMERIC_RE.fullmatch(ident) and re.match(r"\d", ident):
            continue
        measure = re.fullmatch(r"(\d+(?:\.\d+)?)([A-Za-z]+)", ident)
        if measure:
            # 4400mAh, 5G: a number with an unknown unit, compared as a quantity
            if claim(m.start(), m.end()):
                spans.append((m.start(), m.end(),
                              Quantity(float(measure.group(1)), measure.group(2).lower(), ident)))
            continue
        if claim(m.start(), m.end()):
            identifiers.append((m.start(), ident))
            spans.append((m.start(), m.end(), None))

    for m in KOREAN_HALVES_RE.finditer(text) if halves else ():
        # 상반기 = first half, 하반기 = second half (as "second half" reads in English)
        if claim(m.start(), m.end()):
            spans.append((m.start(), m.end(),
                          Quantity(1.0 if m.group("which") == "상" else 2.0, "half", m.group(0))))

    for m in HALF_YEAR_RE.finditer(text) if half_year else ():
        if claim(m.start(), m.end()):
            spans.append((m.start(), m.end(), Quantity(6.0, "month", m.group(0))))

    for m in POINT_FRACTION_RE.finditer(text) if fractions else ():
        value = FRACTION_WORDS[(m.group("word") or "half").lower()]
        if claim(m.start(), m.end()):
            spans.append((m.start(), m.end(), Quantity(value, "%p", m.group(0))))

    for m in FRACTION_RE.finditer(text) if fractions else ():
        if m.group("word"):
            value = FRACTION_WORDS[m.group("word").lower()]
        else:
            value = int(m.group("num")) / max(1, int(m.group("den")))
        if claim(m.start(), m.end()):
            spans.append((m.start(), m.end(), Quantity(value, "ratio", m.group(0))))

    for m in ORDINAL_RE.finditer(text) if ordinals else ():
        follower = (m.group("unit") or "").lower()
        if follower == "time":
            continue  # "for the first time" is not a rank
        unit = ORDINAL_UNITS.get(follower, "rank")
        end = m.end() if follower in ORDINAL_UNITS else m.end("word")
        if claim(m.start(), end):
            spans.append((m.start(), end,
                          Quantity(float(ENGLISH_ORDINALS[m.group("word").lower()]), unit,
                                   text[m.start():end])))

    for m in A_PERIOD_RE.finditer(text) if a_period else ():
        unit = A_PERIOD_UNITS[m.group("unit").split()[-1].lower()]
        if claim(m.start("unit"), m.end("unit")):
            spans.append((m.start("unit"), m.end("unit"), Quantity(1.0, unit, m.group("unit"))))

    for m in KOREAN_DAYS_RE.finditer(text) if hangul else ():
        value, unit = KOREAN_DAYS[m.group("word")]
        if claim(m.start(), m.end()):
            spans.append((m.start(), m.end(), Quantity(value, unit, m.group(0))))

    for m in KOREAN_BARE_MAGNITUDE_RE.finditer(text) if hangul else ():
        if claim(m.start(), m.end()):
            spans.append((m.start(), m.end(),
                          Quantity(parse_korean_amount(m.group("amount")), _unit_of(m),
                                   m.group(0))))

    for m in KOREAN_NATIVE_RE.finditer(text) if hangul else ():
        counter = m.group("tight") or m.group("spaced") or ""
        counter = "배" if counter.startswith("배") else counter
        unit = KOREAN_COUNTER_UNITS.get(counter) or UNIT_ALIASES.get(counter, "count")
        if claim(m.start(), m.end()):
            spans.append((m.start(), m.end(),
                          Quantity(float(KOREAN_NATIVE[m.group("num")]), unit, m.group(0))))

    for m in NUMERIC_RE.finditer(text) if digits else ():
        amount = m.group("amount").strip()
        value = parse_korean_amount(amount) if re.search("[십백천만억조]", amount) \
            else _parse_number(amount)
        emag = _magnitude_word(m.group("emag") or "")
        currency = CURRENCY_SYMBOLS.get((m.group("cur") or "").lower(), "")
        metres = False
        if emag == "m" and not currency and METRE_CONTEXT_RE.match(text, m.end("emag")):
            # "a 19m yacht": metres, not a magnitude
            emag, metres = "", True
        end = m.end()
        if emag:
            value *= ENGLISH_MAGNITUDE_VALUES[emag]
        unit = _unit_of(m) or currency or ("metre" if metres else "")
        if m.group("lunit") == "BP" and text[m.start("lunit") - 1].isspace():
            # "in 2024 BP said": the oil company, not basis points
            unit = currency
        if unit == currency and not metres and not m.group("emag"):
            end = m.start("amount") + len(m.group("amount").rstrip())
        if claim(m.start(), end):
            spans.append((m.start(), end, Quantity(value, unit, text[m.start():end].strip())))

    for m in ENGLISH_WORD_NUMBER_RE.finditer(text) if number_words else ():
        value = _english_number(m.group("word"))
        emag = _magnitude_word(m.group("emag") or "")
        if emag:
            value *= ENGLISH_MAGNITUDE_VALUES[emag]
        if claim(m.start(), m.end()):
            spans.append((m.start(), m.end(), Quantity(value, _unit_of(m), m.group(0))))

    for m in SUPERLATIVE_RE.finditer(text) if superlative else ():
        if not overlaps(m.start(), m.end()):
            # zero-width: the words stay for the lexical comparison
            spans.append((m.start(), m.start(), Quantity(1.0, "rank", m.group(0))))

    for m in MULTIPLIER_RE.finditer(text) if multipliers else ():
        if not overlaps(m.start(), m.end()):
            # the word stays in the text: it is also a direction word
            spans.append((m.start(), m.start(),
                          Quantity(MULTIPLIER_WORDS[m.group("word").lower()], "times",
                                   m.group(0))))

    spans.sort(key=lambda s: s[0])
    placed = [(start, q) for start, _, q in spans if q is not None]
    pieces: list[str] = []
    position = 0
    for start, end, _ in spans:
        if end > start:
            pieces.append(text[position:start])
            pieces.append(" " * (end - start))
            position = end
    pieces.append(text[position:])
    return placed, "".join(pieces), identifiers
