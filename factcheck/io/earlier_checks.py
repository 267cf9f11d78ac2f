"""Earlier fact-checks in: schema.org ClaimReview (JSON-LD: one object, a list, `@graph`, a
DataFeed; or embedded in a saved HTML page) and the JSON of the Google Fact Check Tools API
`claims:search` response, read into `EarlierCheck` records without touching storage.

These are other publishers' reviews, never the desk's own verdicts: what they said (the
textual rating, the rating on their own scale) is kept as they said it, and a rating on our
scale is given only where it follows from theirs (a value on a stated scale, or their label
being one of our verdicts' labels).

As for our own claim lists, every problem is one line naming the file and the JSON path, and
a file with any problem yields nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from factcheck.errors import InputError
from factcheck.io.json_import import read_import_text
from factcheck.text import normalise_whitespace
from factcheck.urls import has_credentials
from factcheck.vocabulary import Rating, Stance

TEXT_LIMIT = 20_000
MAX_PROBLEMS = 50
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?")
_LABELS = {r.label.lower(): r for r in Rating} | {r.value: r for r in Rating}


@dataclass(frozen=True)
class EarlierCheck:
    """One earlier fact-check of one claim, by another publisher."""

    path: str  # where it was in its file (a JSON path), for messages
    claim_text: str
    publisher: str
    publisher_site: str | None = None
    review_url: str | None = None
    title: str | None = None
    textual_rating: str | None = None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    review_date: date | None = None
    language: str | None = None
    claimant: str | None = None
    claim_date: date | None = None
    appearance_url: str | None = None

    @property
    def rating(self) -> Rating | None:
        """Our verdict where theirs says it: a value on a stated scale, mapped onto 1..5
        (rounded), else their label when it is one of ours ("False", "Mostly true")."""
        if (self.rating_value is not None and self.best_rating is not None
                and self.worst_rating is not None and self.best_rating != self.worst_rating):
            share = (self.rating_value - self.worst_rating) / (self.best_rating -
                                                               self.worst_rating)
            if 0 <= share <= 1:
                value = 1 + round(share * 4)
                return next(r for r in Rating if r.value_number == value)
        if self.textual_rating:
            key = normalise_whitespace(self.textual_rating).lower()
            return _LABELS.get(key) or _LABELS.get(key.replace(" ", "-"))
        return None

    @property
    def stance(self) -> Stance:
        """As a source of a claim it matches: false-ish refutes, true-ish supports."""
        rating = self.rating
        value = rating.value_number if rating else None
        if value is not None and value <= 2:
            return Stance.REFUTES
        if value is not None and value >= 4:
            return Stance.SUPPORTS
        return Stance.CONTEXT

    @property
    def shown_rating(self) -> str:
        """The rating as the publisher gave it ("Falso", "4/5")."""
        if self.textual_rating:
            return self.textual_rating
        if self.rating_value is not None:
            scale = f"/{_number(self.best_rating)}" if self.best_rating is not None else ""
            return f"{_number(self.rating_value)}{scale}"
        return "no rating"

    def identity(self) -> str:
        """The review's identity: its URL, else the publisher and the claim's text."""
        if self.review_url:
            return self.review_url
        digest = hashlib.sha256(f"{self.publisher}\n{normalise_whitespace(self.claim_text)}"
                                .encode()).hexdigest()[:32]
        return f"urn:factcheck:earlier:{digest}"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class _Problems:
    def __init__(self, label: str) -> None:
        self.label = label
        self.lines: list[str] = []

    def add(self, path: str, what: str) -> None:
        if len(self.lines) < MAX_PROBLEMS:
            self.lines.append(f"{self.label}: {path}: {what}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {str(n).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names if isinstance(n, str)}


def is_claim_review_document(value: Any) -> bool:
    """JSON-LD (an object or a list of objects with @type, @graph or @context)."""
    nodes = value if isinstance(value, list) else [value]
    return bool(nodes) and all(isinstance(n, dict) for n in nodes) and any(
        "@type" in n or "@graph" in n or "@context" in n for n in nodes)


def is_fact_check_api_response(value: Any) -> bool:
    """A saved `claims:search` response: {"claims": [{"text", "claimReview": [...]}, ...]}
    (our own claim lists always name their article, so they never look like this)."""
    if not isinstance(value, dict) or "article" in value or "articles" in value:
        return False
    claims = value.get("claims")
    return isinstance(claims, list) and all(
        isinstance(c, dict) and ("claimReview" in c or "claimant" in c) for c in claims)


# What only earlier-check files hold near their start (JSON-LD keys, the API's claimReview):
# a claim list without them is parsed once, as a claim list.
_SNIFF = re.compile(r'"(@type|@context|@graph|claimReview)"\s*:')
SNIFF_CHARS = 4096


def read_earlier_checks(path: Path, *, label: str | None = None,
                        limit_bytes: int | None = None,
                        text: str | None = None) -> list[EarlierCheck] | None:
    """The earlier fact-checks of a file: a saved HTML page (its ClaimReview markup), a
    ClaimReview JSON-LD document or a saved Fact Check Tools API response. None when the
    file is none of these (a claim list of our own format, or malformed JSON, which the
    claim-list parser reports with its line and column). `text`: the file already read."""
    label = label or str(path)
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".json"):
        return None
    if text is None:
        text = read_import_text(path, label=label, limit_bytes=limit_bytes)
    if suffix != ".json":
        return claim_reviews(html_claim_reviews(text, label=label), label=label,
                             where="the page's ClaimReview markup")
    if not _SNIFF.search(text[:SNIFF_CHARS]):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if is_fact_check_api_response(value):
        return fact_check_api_reviews(value, label=label)
    if is_claim_review_document(value):
        return claim_reviews(value, label=label)
    return None


# ---------------------------------------------------------------------------- ClaimReview


def claim_reviews(value: Any, *, label: str, where: str = "$") -> list[EarlierCheck]:
    """The ClaimReviews of a JSON-LD document: an object, a list, `@graph`, a DataFeed
    (its dataFeedElement items, bare or in DataFeedItem), nested as deep as they come."""
    problems = _Problems(label)
    found: list[EarlierCheck] = []
    for node, path in _claim_review_nodes(value, "$"):
        check = _claim_review(node, path, problems)
        if check is not None:
            found.append(check)
    if not problems.lines and not found:
        problems.add(where, "no ClaimReview found (expected @type ClaimReview, in a list, "
                            "@graph or DataFeed)")
    if problems.lines:
        raise InputError(problems.lines)
    return found


def _claim_review_nodes(value: Any, path: str) -> list[tuple[dict[str, Any], str]]:
    out: list[tuple[dict[str, Any], str]] = []
    if isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(_claim_review_nodes(item, f"{path}[{i}]"))
    elif isinstance(value, dict):
        types = _types(value)
        if "ClaimReview" in types:
            out.append((value, path))
        for key in ("@graph", "dataFeedElement", "item"):
            if key in value:
                out.extend(_claim_review_nodes(value[key], f"{path}{_key(key)}"))
    return out


def _key(key: str) -> str:
    return f".{key}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else f'["{key}"]'


def _claim_review(node: dict[str, Any], path: str, problems: _Problems) -> EarlierCheck | None:
    before = len(problems.lines)
    text = _text(node.get("claimReviewed"), f"{path}.claimReviewed", problems, required=True)
    author = _first(node.get("author"))
    publisher = site = None
    if isinstance(author, dict):
        publisher = _text(author.get("name"), f"{path}.author.name", problems)
        site = _url(author.get("url"), f"{path}.author.url", problems)
    elif isinstance(author, str):
        publisher = author.strip() or None
    elif author is not None:
        problems.add(f"{path}.author", f"expected an object with a name, got {_kind(author)}")
    publisher = publisher or site
    if not publisher and len(problems.lines) == before:
        problems.add(f"{path}.author", "expected the publishing organisation (author.name)")
    rating = _first(node.get("reviewRating"))
    textual = value = best = worst = None
    if isinstance(rating, dict):
        textual = _text(rating.get("alternateName"), f"{path}.reviewRating.alternateName",
                        problems) or _text(rating.get("name"), f"{path}.reviewRating.name",
                                           problems)
        value = _number_at(rating.get("ratingValue"), f"{path}.reviewRating.ratingValue",
                           problems)
        best = _number_at(rating.get("bestRating"), f"{path}.reviewRating.bestRating",
                          problems)
        worst = _number_at(rating.get("worstRating"), f"{path}.reviewRating.worstRating",
                           problems)
    elif rating is not None:
        problems.add(f"{path}.reviewRating", f"expected a Rating object, got {_kind(rating)}")
    if textual is None and value is None and len(problems.lines) == before:
        problems.add(f"{path}.reviewRating", "expected a rating (alternateName or "
                                             "ratingValue)")
    item = _first(node.get("itemReviewed"))
    claimant = claim_date = appearance = None
    if isinstance(item, dict):
        speaker = _first(item.get("author"))
        if isinstance(speaker, dict):
            claimant = _text(speaker.get("name"), f"{path}.itemReviewed.author.name", problems)
        elif isinstance(speaker, str):
            claimant = speaker.strip() or None
        claim_date = _date(item.get("datePublished"), f"{path}.itemReviewed.datePublished",
                           problems)
        seen = _first(item.get("appearance")) or _first(item.get("firstAppearance"))
        if isinstance(seen, dict):
            appearance = _url(seen.get("url"), f"{path}.itemReviewed.appearance.url", problems)
        elif isinstance(seen, str):
            appearance = _url(seen, f"{path}.itemReviewed.appearance", problems)
    review_url = _url(node.get("url"), f"{path}.url", problems)
    review_date = _date(node.get("datePublished"), f"{path}.datePublished", problems)
    language = _language(node.get("inLanguage"), f"{path}.inLanguage", problems)
    if len(problems.lines) != before or text is None or publisher is None:
        return None
    return EarlierCheck(path=path, claim_text=text, publisher=publisher, publisher_site=site,
                        review_url=review_url, title=_text(node.get("name") or
                                                           node.get("headline"),
                                                           f"{path}.name", problems),
                        textual_rating=textual, rating_value=value, best_rating=best,
                        worst_rating=worst, review_date=review_date, language=language,
                        claimant=claimant, claim_date=claim_date, appearance_url=appearance)


# ---------------------------------------------------------------------------- the API


def fact_check_api_reviews(value: dict[str, Any], *, label: str) -> list[EarlierCheck]:
    """The reviews of a saved `claims:search` response: one per claimReview of each claim."""
    problems = _Problems(label)
    found: list[EarlierCheck] = []
    for i, claim in enumerate(value.get("claims") or []):
        path = f"$.claims[{i}]"
        before = len(problems.lines)
        text = _text(claim.get("text"), f"{path}.text", problems, required=True)
        claimant = _text(claim.get("claimant"), f"{path}.claimant", problems)
        claim_date = _date(claim.get("claimDate"), f"{path}.claimDate", problems)
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list) or not reviews:
            problems.add(f"{path}.claimReview", "expected a list of at least one review, got "
                                                f"{_kind(reviews)}")
            continue
        for j, review in enumerate(reviews):
            rpath = f"{path}.claimReview[{j}]"
            if not isinstance(review, dict):
                problems.add(rpath, f"expected an object, got {_kind(review)}")
                continue
            publisher = review.get("publisher")
            name = site = None
            if isinstance(publisher, dict):
                name = _text(publisher.get("name"), f"{rpath}.publisher.name", problems)
                site = _text(publisher.get("site"), f"{rpath}.publisher.site", problems)
            elif publisher is not None:
                problems.add(f"{rpath}.publisher", f"expected an object, got "
                                                   f"{_kind(publisher)}")
            if not (name or site):
                problems.add(f"{rpath}.publisher", "expected the publisher's name or site")
            url = _url(review.get("url"), f"{rpath}.url", problems)
            rating = _text(review.get("textualRating"), f"{rpath}.textualRating", problems)
            if rating is None:
                problems.add(f"{rpath}.textualRating", "expected the publisher's rating")
            reviewed = _date(review.get("reviewDate"), f"{rpath}.reviewDate", problems)
            language = _language(review.get("languageCode"), f"{rpath}.languageCode",
                                 problems)
            title = _text(review.get("title"), f"{rpath}.title", problems)
            if len(problems.lines) != before or text is None:
                continue
            found.append(EarlierCheck(
                path=rpath, claim_text=text, publisher=str(name or site),
                publisher_site=site, review_url=url, title=title, textual_rating=rating,
                review_date=reviewed, language=language, claimant=claimant,
                claim_date=claim_date))
    if not problems.lines and not found:
        problems.add("$.claims", "no claims in this response")
    if problems.lines:
        raise InputError(problems.lines)
    return found


# ---------------------------------------------------------------------------- HTML


def html_claim_reviews(html: str, *, label: str, base_url: str | None = None) -> list[Any]:
    """The JSON-LD and microdata objects of a saved HTML page (read with extruct), as one
    JSON-LD list for `claim_reviews`."""
    import extruct

    try:
        data = extruct.extract(html, base_url=base_url, syntaxes=["json-ld", "microdata"],
                               uniform=True, errors="strict")
    except Exception as exc:  # noqa: BLE001 - extruct raises what its parsers raise
        raise InputError([f"{label}: cannot read the page's structured data: "
                          f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                          ]) from None
    return [*data.get("json-ld", []), *data.get("microdata", [])]


# ---------------------------------------------------------------------------- fields


def _first(value: Any) -> Any:
    """schema.org allows one value or a list of them: the first."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(value: Any, path: str, problems: _Problems, *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(path, "expected a non-empty string" + (
                "" if value is None else ", got an empty one"))
        return None
    if not isinstance(value, str):
        problems.add(path, f"expected a string, got {_kind(value)}")
        return None
    text = value.strip()
    if len(text) > TEXT_LIMIT:
        problems.add(path, f"expected at most {TEXT_LIMIT} characters, got {len(text)}")
        return None
    return text


def _url(value: Any, path: str, problems: _Problems) -> str | None:
    text = _text(value, path, problems)
    if text is None:
        return None
    if not re.match(r"(?i)https?://[^/\s]+", text):
        problems.add(path, f"expected an http(s) URL, got {text[:60]!r}")
        return None
    if has_credentials(text):
        problems.add(path, "the URL carries a user name or password; refused")
        return None
    return text


def _number_at(value: Any, path: str, problems: _Problems) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        problems.add(path, "expected a number, got a boolean")
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    problems.add(path, f"expected a number, got {_kind(value)}")
    return None


def _date(value: Any, path: str, problems: _Problems) -> date | None:
    if value is None or value == "":
        return None
    match = _DATE.match(value) if isinstance(value, str) else None
    if match is None:
        problems.add(path, f"expected an ISO date (YYYY-MM-DD...), got {_kind(value)}"
                     + (f" {value[:30]!r}" if isinstance(value, str) else ""))
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        problems.add(path, f"not a real date: {value[:30]!r}")
        return None


def _language(value: Any, path: str, problems: _Problems) -> str | None:
    value = _first(value)
    if isinstance(value, dict):  # schema.org Language
        value = value.get("alternateName") or value.get("name")
    text = _text(value, path, problems)
    if text is None:
        return None
    if not _LANGUAGE.fullmatch(text):
        problems.add(path, f"expected a language code such as ko or en, got {text[:20]!r}")
        return None
    return text.lower().replace("_", "-").split("-")[0]
