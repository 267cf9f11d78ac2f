"""schema.org ClaimReview out: the JSON-LD that Google's Fact Check Explorer, the Fact Check
Tools API and Data Commons read (https://schema.org/ClaimReview, Google's "Fact check
(ClaimReview) structured data" guide).

Pure: the service hands over what to publish (`ReviewedClaim`, `Publisher`); this module
builds the objects, the feed around them, and the warnings for Google's rules, and writes
the file whole or not at all.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from factcheck.io.csv_export import write_export
from factcheck.vocabulary import RATING_VALUES, Rating

SCHEMA_CONTEXT = "https://schema.org"
BEST_RATING, WORST_RATING = 5, 1
# Google: "Try to keep this less than 75 characters to minimize wrapping when displayed on a
# mobile device."
CLAIM_REVIEWED_LIMIT = 75

# Which speakers are organisations: a structural rule on the word that names the kind of body
# ("Ministry of Finance", "Nvidia Corp."), not a list of known speakers. Everyone else is a
# Person.
_ORGANISATION_WORDS = re.compile(
    r"(?i)\b(inc|ltd|llc|plc|corp|corporation|company|group|ministry|department|agency|"
    r"office|bureau|council|committee|commission|police|court|government|university|"
    r"institute|association|party|union|bank|foundation|administration|authority|"
    r"board|organi[sz]ation)\b\.?")
# Korean bodies end in the word for their kind. A personal name is two to four syllables and
# may end in one of the one-syllable kinds (박지원 ends in 원), so those count from five
# syllables on, or from three for 부/청/처 (a ministry, an agency, an office: 통계청), which
# hardly end a name.
_KOREAN_BODIES = ("위원회", "공사", "공단", "은행", "대학교", "정부", "경찰", "법원", "협회",
                  "재단", "그룹", "전자", "연구원", "연구소", "검찰", "회의소")
_KOREAN_MINISTRY_ENDINGS = ("부", "청", "처")
_KOREAN_LONG_NAME_ENDINGS = ("원", "회", "사", "당")


@dataclass(frozen=True)
class Publisher:
    """The organisation that publishes the desk's fact-checks (the ClaimReview author)."""

    name: str
    url: str


@dataclass(frozen=True)
class Appearance:
    """Where the claim was made: an article (its URL, headline, outlet, date)."""

    url: str | None = None
    headline: str | None = None
    outlet: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class ReviewedClaim:
    """One reviewed claim as it is published."""

    claim_id: int
    text: str
    rating: Rating
    reviewed_at: datetime
    review_url: str
    speaker: str | None = None
    language: str | None = None
    appearances: tuple[Appearance, ...] = field(default_factory=tuple)
    # Not approved by a second reviewer yet (exported only when asked for): marked Draft.
    draft: bool = False


def speaker_type(name: str) -> str:
    """"Organization" when the name names a body (its last word: a ministry, a police, a
    company), else "Person"."""
    cleaned = name.strip()
    if _ORGANISATION_WORDS.search(cleaned):
        return "Organization"
    last = cleaned.split()[-1] if cleaned.split() else cleaned
    if not re.fullmatch(r"[\uac00-\ud7a3]+", last):
        return "Person"
    if last.endswith(_KOREAN_BODIES) and len(last) > 2 or last in _KOREAN_BODIES:
        return "Organization"
    if len(last) >= 3 and last.endswith(_KOREAN_MINISTRY_ENDINGS):
        return "Organization"
    if len(last) >= 5 and last.endswith(_KOREAN_LONG_NAME_ENDINGS):
        return "Organization"
    return "Person"


def rating_object(rating: Rating) -> dict[str, Any]:
    """A schema.org Rating: the graded verdicts on the 1-5 scale, every one with its label;
    misleading, unproven and not-checkable are not on the scale and carry the label only."""
    out: dict[str, Any] = {"@type": "Rating"}
    value = RATING_VALUES.get(rating)
    if value is not None:
        out.update(ratingValue=value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    out["alternateName"] = rating.label
    return out


def _appearance(item: Appearance) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "CreativeWork"}
    if item.url:
        out["url"] = item.url
    if item.headline:
        out["headline"] = item.headline
    if item.outlet:
        out["publisher"] = {"@type": "Organization", "name": item.outlet}
    if item.published:
        out["datePublished"] = item.published.isoformat()
    return out


def claim_review(claim: ReviewedClaim, publisher: Publisher) -> dict[str, Any]:
    """One ClaimReview object (without @context: the document carries it)."""
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.speaker:
        item["author"] = {"@type": speaker_type(claim.speaker), "name": claim.speaker}
    appearances = [_appearance(a) for a in claim.appearances if a.url or a.headline]
    if appearances:
        item["appearance"] = appearances if len(appearances) > 1 else appearances[0]
    dates = [a.published for a in claim.appearances if a.published]
    if dates:
        item["datePublished"] = min(dates).isoformat()
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": claim.review_url,
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": publisher.name, "url": publisher.url},
        "reviewRating": rating_object(claim.rating),
        "datePublished": _as_utc(claim.reviewed_at).date().isoformat(),
    }
    if claim.language:
        review["inLanguage"] = claim.language
    if claim.draft:
        review["creativeWorkStatus"] = "Draft"
    return review


def claim_review_list(claims: Sequence[ReviewedClaim],
                      publisher: Publisher) -> list[dict[str, Any]]:
    """A JSON-LD list: one ClaimReview per claim, each with its @context."""
    return [{"@context": SCHEMA_CONTEXT, **claim_review(c, publisher)} for c in claims]


def claim_review_feed(claims: Sequence[ReviewedClaim], publisher: Publisher, *,
                      now: datetime | None = None) -> dict[str, Any]:
    """A schema.org DataFeed (the shape Data Commons collects): one DataFeedItem per
    ClaimReview, dated by its review."""
    stamp = _as_utc(now or datetime.now(UTC)).isoformat(timespec="seconds")
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "DataFeed",
        "name": f"{publisher.name}: fact-checks",
        "url": publisher.url,
        "dateModified": stamp,
        "dataFeedElement": [
            {"@type": "DataFeedItem",
             "dateCreated": _as_utc(c.reviewed_at).isoformat(timespec="seconds"),
             "item": [claim_review(c, publisher)]}
            for c in claims
        ],
    }


def rule_warnings(claims: Sequence[ReviewedClaim], publisher: Publisher) -> list[str]:
    """Google's rules for ClaimReview, one line per claim that breaks one (a warning: the
    export is written all the same, the desk decides)."""
    out: list[str] = []
    org_host = _host(publisher.url)
    url_counts = Counter(c.review_url for c in claims)
    for c in claims:
        if len(c.text) > CLAIM_REVIEWED_LIMIT:
            out.append(f"claim {c.claim_id}: claimReviewed is {len(c.text)} characters; Google "
                       f"asks for at most {CLAIM_REVIEWED_LIMIT} (a short summary of the claim)")
        host = _host(c.review_url)
        if org_host and host and not (host == org_host or host.endswith("." + org_host)):
            out.append(f"claim {c.claim_id}: url {c.review_url} is outside the organisation's "
                       f"domain ({org_host}); Google reads a ClaimReview on the publisher's "
                       "own pages")
        if _names_rating(c.text, c.rating):
            out.append(f"claim {c.claim_id}: claimReviewed names the verdict "
                       f'("{c.rating.label}"); it should state the claim, not the rating')
        if url_counts[c.review_url] > 1:
            out.append(f"claim {c.claim_id}: url {c.review_url} is shared with "
                       f"{url_counts[c.review_url] - 1} other ClaimReview(s); each review "
                       "needs a page of its own")
    return out


def _names_rating(text: str, rating: Rating) -> bool:
    words = {rating.label.lower(), rating.value.replace("-", " ")}
    lowered = text.lower().replace("-", " ")
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lowered) for w in words)


def _host(url: str) -> str | None:
    host = urlsplit(url).hostname
    if not host:
        return None
    return host.lower().removeprefix("www.")


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def write_json(path: Path, document: Any) -> None:
    """Write the document as an export: whole or not at all (see `write_export`)."""
    def fill(out: TextIO) -> int:
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 1

    write_export(path, fill, suffix=".json")
