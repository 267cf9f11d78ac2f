"""Sentence splitting: kiwipiepy for Korean, a rule-based splitter for English.

kiwipiepy is loaded lazily, once per process: its model takes seconds to load and importing the
core must stay light (tests/test_layering.py).
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

_kiwi: Kiwi | None = None
_kiwi_lock = threading.Lock()

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")


def kiwi() -> Kiwi:
    """The shared Kiwi analyser (loaded on first use)."""
    global _kiwi
    with _kiwi_lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            _kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
        return _kiwi


def detect_language(text: str) -> str:
    """"ko" when Hangul makes up a fair share of the letters, else "en".

    A ratio rather than "any Hangul": an English article quoting one Korean name stays English.
    """
    hangul = len(HANGUL.findall(text))
    latin = len(LATIN.findall(text))
    if hangul == 0:
        return "en"
    # A Hangul syllable carries about three Latin letters' worth of text.
    return "ko" if hangul * 3 >= latin * 0.5 else "en"


# A unit made only of a parenthesised credit, e.g. "(사진=연합뉴스)" or "(Photo: Reuters)",
# belongs to the sentence before it (it is the tail of a caption).
_PAREN_ONLY = re.compile(r"^[(\[（【][^()\[\]]{0,80}[)\]）】]\s*\.?$")
# "2026.3.12/뉴스1": a photo agency's date and name closing a caption.
_DATE_CREDIT = re.compile(r"^\d{4}\.\s?\d{1,2}\.\s?\d{1,2}\.?\s*/\s*[^\s/]{2,12}$")
# A sentence with a credit glued on by the splitter: "산업부는 밝혔다. (사진=연합뉴스)".
_GLUED_CREDIT = re.compile(r"^(.+?[.!?][\"”’')]*)\s+([(\[（【][^()\[\]=:]{0,30}[=:][^()\[\]]{0,60}"
                           r"[)\]）】]\s*\.?)$")


def split_sentences(paragraph: str, language: str) -> list[str]:
    """Split one paragraph into sentences; whitespace inside a sentence is kept as is."""
    paragraph = paragraph.strip()
    if not paragraph:
        return []
    if language == "ko":
        parts = _reattach_quoted_openings(
            [s.text.strip() for s in kiwi().split_into_sents(paragraph)])
    else:
        parts = split_english(paragraph)
    return _merge_trailing_credits([p for p in parts if p])


def split_korean_many(paragraphs: list[str]) -> list[list[str]]:
    """Korean splitting for many paragraphs at once (one call into Kiwi)."""
    results: list[list[str]] = []
    for paragraph, sents in zip(paragraphs, kiwi().split_into_sents(paragraphs), strict=True):
        del paragraph
        parts = _reattach_quoted_openings([s.text.strip() for s in sents if s.text.strip()])
        results.append(_merge_trailing_credits(parts))
    return results


# "... 밝혔다. '겨울 항구'" + "는 다음 달 ...": Kiwi reads a quotation opening a sentence as the
# end of the one before; the quoted name goes back to the sentence it opens.
_QUOTED_TAIL = re.compile(r"^(?P<head>.*[.!?…][\"”’')\]]*)\s+"
                          r"(?P<tail>[‘'“\"「『][^‘'“\"「『]{1,40}[’'”\"」』])$")


def _reattach_quoted_openings(parts: list[str]) -> list[str]:
    fixed: list[str] = []
    for part in parts:
        moved = _QUOTED_TAIL.match(fixed[-1]) if fixed and re.match(r"[가-힣]", part) else None
        if moved:
            fixed[-1] = moved.group("head")
            part = moved.group("tail") + part
        fixed.append(part)
    return fixed


def _merge_trailing_credits(parts: list[str]) -> list[str]:
    """A bare credit "(사진=...)" joins the caption it belongs to: the unit before it, unless
    that unit is a full Korean sentence ("...했다.") and more text follows, in which case the
    credit leads the caption after it ("(사진=연합뉴스) 27일 부산항에...")."""
    separated: list[str] = []
    for part in parts:
        glued = _GLUED_CREDIT.match(part)
        separated.extend([glued.group(1), glued.group(2)] if glued else [part])
    parts = separated
    merged: list[str] = []
    carry = ""
    for index, part in enumerate(parts):
        if merged and _DATE_CREDIT.match(part):
            merged[-1] = f"{merged[-1]} {part}"
            continue
        if _PAREN_ONLY.match(part):
            ends_sentence = bool(merged) and bool(re.search(r"다\.[\"”’')]*$", merged[-1]))
            if merged and not (ends_sentence and index + 1 < len(parts)):
                merged[-1] = f"{merged[-1]} {part}"
            else:
                carry = f"{carry}{part} "
            continue
        merged.append(f"{carry}{part}")
        carry = ""
    if carry:
        merged.append(carry.strip())
    return merged


# ---------------------------------------------------------------- English

# Words whose trailing full stop is an abbreviation, not a sentence end. Titles and other words
# that are normally followed by a capitalised name are never a boundary.
_TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "gov", "sen", "rep", "lt", "col",
    "capt", "sgt", "rev", "hon", "pres", "supt", "messrs", "mt", "ft", "no", "nos", "vs", "v",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "fig", "figs", "vol", "p", "pp", "ch", "art", "sec", "approx", "est", "dept", "univ", "cf",
    "al", "e.g", "i.e", "etc",
}
_OPEN_QUOTES = "\"“‘'«"
_CLOSERS = "\"”’')]»"
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]»]*(?=\s+)")
_NEXT_START = re.compile(r"\s+([\"“‘'(\[«]*)([A-Z0-9])")
_QUOTE_PAIRS = (("“", "”"), ("‘", "’"))


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of balanced quotations: a full stop inside a quotation does not end the sentence
    around it ("“We grew. We will grow more,” she said.")."""
    spans: list[tuple[int, int]] = []
    for opener, closer in _QUOTE_PAIRS:
        start = -1
        for i, ch in enumerate(text):
            if ch == opener and start < 0:
                start = i
            elif ch == closer and start >= 0:
                spans.append((start, i))
                start = -1
    # Straight double quotes pair up in order of appearance.
    positions = [i for i, ch in enumerate(text) if ch == '"']
    spans.extend(zip(positions[0::2], positions[1::2], strict=False))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < pos < end for start, end in spans)


def _word_before(text: str, end: int) -> str:
    """The token that ends right before the full stop at `end`."""
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _OPEN_QUOTES:
        start -= 1
    return text[start:end]


def _is_abbreviation(token: str) -> bool:
    bare = token.strip("(").lower()
    if bare in _TITLES:
        return True
    # Initials and dotted acronyms: "J." in "J. K. Rowling", "U.S" in "U.S. officials".
    if re.fullmatch(r"[A-Za-z]", bare) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", bare):
        return True
    return False


def split_english(paragraph: str) -> list[str]:
    """Split English text at ., ! and ? followed by a capitalised word, except after
    abbreviations, initials and inside quotations; decimals never split (no space follows)."""
    spans = _quoted_spans(paragraph)
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end()
        following = _NEXT_START.match(paragraph, end)
        if following is None:
            continue
        punct_at = match.start()
        # Inside a quotation only a stop that closes it can end the sentence:
        # 'called it "a decade’s best." Critics said' splits, '“We grew. We will”' does not.
        closes_quote = any(ch in "\"”’'" for ch in match.group().lstrip(".!?…"))
        if _inside(punct_at, spans) and not closes_quote:
            continue
        if paragraph[punct_at] == "." and match.group().startswith(".") and \
                not match.group().startswith("..."):
            if _is_abbreviation(_word_before(paragraph, punct_at)):
                continue
        sentences.append(paragraph[start:end].strip())
        start = end
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def tokens(sentences: list[str]) -> list[list[Any]]:
    """Kiwi morphemes for Korean sentences (form, tag, start, len), one list per sentence."""
    analyser = kiwi()
    return [list(result) for result in analyser.tokenize(sentences)]
