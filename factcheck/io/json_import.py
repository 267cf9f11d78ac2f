"""Read and validate claim lists (JSON / JSONL) into plain records, without touching storage.

Every problem becomes one line naming the file, the place (a JSON path such as
`$.claims[3].text`, or line:column for malformed JSON) and what was expected. A file with any
problem yields no records, so the caller can refuse it whole.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from factcheck.errors import InputError
from factcheck.text import normalise_whitespace
from factcheck.urls import has_credentials, without_credentials

ARTICLE_KEYS = ("ref", "title", "url", "outlet", "language", "published")
CLAIM_KEYS = ("ref", "text", "speaker", "context", "language", "tags")
BUNDLE_KEYS = ("article", "claims")
TOP_KEYS = ("articles",)
# What `import` reads from a folder: claim lists, and earlier fact-checks (ClaimReview JSON-LD,
# Fact Check Tools API responses, saved pages with ClaimReview markup).
IMPORT_SUFFIXES = (".json", ".jsonl", ".html", ".htm")
TEXT_LIMIT = 20_000
MAX_PROBLEMS = 50

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def guess_language(text: str) -> str:
    """ko when the text has Hangul, else en: enough for the two languages the desk works in."""
    return "ko" if _HANGUL.search(text) else "en"


@dataclass
class ArticleIn:
    path: str
    ref: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    published: date | None = None

    def identity(self) -> tuple[str, ...]:
        if self.ref:
            return ("ref", self.ref)
        if self.url:
            return ("url", self.url)
        return ("title", self.title or "", self.outlet or "")


@dataclass
class ClaimIn:
    path: str
    text: str
    ref: str | None = None
    speaker: str | None = None
    context: str | None = None
    language: str | None = None
    tags: list[str] | None = None

    def identity(self) -> tuple[str, str]:
        return ("ref", self.ref) if self.ref else ("text", normalise_whitespace(self.text))


@dataclass
class Bundle:
    article: ArticleIn
    claims: list[ClaimIn] = field(default_factory=list)


class _Problems:
    def __init__(self, file_label: str) -> None:
        self.file_label = file_label
        self.lines: list[str] = []
        self.line_no: int | None = None

    def add(self, path: str, what: str) -> None:
        if len(self.lines) >= MAX_PROBLEMS:
            return
        where = self.file_label if self.line_no is None else f"{self.file_label}:{self.line_no}"
        self.lines.append(f"{where}: {path}: {what}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} (not valid JSON)".replace("nan", "NaN").replace("inf", "Infinity")
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _did_you_mean(key: str, allowed: tuple[str, ...]) -> tuple[str, str | None]:
    best = process.extractOne(key, allowed, scorer=fuzz.ratio, score_cutoff=50)
    hint = f'; did you mean "{best[0]}"?' if best else ""
    message = f'unknown key "{key}" (expected one of: {", ".join(allowed)}){hint}'
    return message, (best[0] if best else None)


def _check_keys(obj: dict[str, Any], allowed: tuple[str, ...], path: str,
                problems: _Problems) -> set[str]:
    """Report repeated and unknown keys; return the allowed keys unknown ones were suggested
    for."""
    for key in getattr(obj, "repeated", ()):
        problems.add(f"{path}.{key}", f'key "{key}" appears more than once in this object '
                                      "(which value is meant?)")
    suggested: set[str] = set()
    for key in obj:
        if key not in allowed:
            message, best = _did_you_mean(key, allowed)
            problems.add(f"{path}.{key}", message)
            if best:
                suggested.add(best)
    return suggested


def _missing(obj: dict[str, Any], key: str, path: str, problems: _Problems,
             suggested: set[str]) -> bool:
    """True when `key` is absent; said once: a misspelling of it was already reported."""
    if key in obj:
        return False
    if key not in suggested:
        problems.add(path, f'missing required key "{key}"')
    return True


def _optional_text(obj: dict[str, Any], key: str, path: str, problems: _Problems) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        problems.add(f"{path}.{key}", f"expected a string, got {_kind(value)}")
        return None
    value = value.strip()
    if len(value) > TEXT_LIMIT:
        problems.add(f"{path}.{key}", f"expected at most {TEXT_LIMIT} characters")
        return None
    return value or None


def _excerpt(value: str, limit: int) -> str:
    """The start of a bad value, quoted as JSON: a newline or control character in it shows
    as an escape, so the error stays one line."""
    return json.dumps(value[:limit], ensure_ascii=False)


def _language(obj: dict[str, Any], path: str, problems: _Problems) -> str | None:
    value = _optional_text(obj, "language", path, problems)
    if value is not None and not _LANGUAGE.fullmatch(value):
        problems.add(f"{path}.language", f'expected a language code such as "ko" or "en", '
                                         f'got {_excerpt(value, 20)}')
        return None
    return value.lower() if value else None


def _published(obj: dict[str, Any], path: str, problems: _Problems) -> date | None:
    value = _optional_text(obj, "published", path, problems)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        problems.add(f"{path}.published", f'expected an ISO date such as "2025-03-26", '
                                          f'got {_excerpt(value, 40)}')
        return None


def _article(value: Any, path: str, problems: _Problems) -> ArticleIn | None:
    if not isinstance(value, dict):
        problems.add(path, f"expected an object with article keys, got {_kind(value)}")
        return None
    _check_keys(value, ARTICLE_KEYS, path, problems)
    article = ArticleIn(
        path=path,
        ref=_optional_text(value, "ref", path, problems),
        title=_optional_text(value, "title", path, problems),
        url=_optional_text(value, "url", path, problems),
        outlet=_optional_text(value, "outlet", path, problems),
        language=_language(value, path, problems),
        published=_published(value, path, problems),
    )
    if article.url and not re.fullmatch(r"https?://\S+", article.url):
        problems.add(f"{path}.url", f"expected an http(s) URL, got {_excerpt(article.url, 60)}")
    elif article.url and has_credentials(article.url):
        # It would be stored, exported and shown; the secret itself is not repeated here.
        problems.add(f"{path}.url", "expected a URL without a user name or password, got "
                                    f"{_excerpt(without_credentials(article.url), 60)} with "
                                    "them (take them out)")
    if not (article.ref or article.url or article.title):
        problems.add(path, "expected at least one of ref, url or title to identify the article")
    return article


def _claim(value: Any, path: str, problems: _Problems) -> ClaimIn | None:
    if not isinstance(value, dict):
        problems.add(path, f"expected a claim object, got {_kind(value)}")
        return None
    suggested = _check_keys(value, CLAIM_KEYS, path, problems)
    text = value.get("text")
    if _missing(value, "text", path, problems, suggested):
        return None
    if not isinstance(text, str):
        problems.add(f"{path}.text", f"expected a non-empty string, got {_kind(text)}")
        return None
    if not text.strip():
        problems.add(f"{path}.text", "expected a non-empty string, got an empty one")
        return None
    if len(text) > TEXT_LIMIT:
        problems.add(f"{path}.text", f"expected at most {TEXT_LIMIT} characters")
        return None
    tags_value = value.get("tags")
    tags: list[str] | None = None
    if tags_value is not None:
        bad = (None if not isinstance(tags_value, list)
               else next((i for i, t in enumerate(tags_value) if not isinstance(t, str)), None))
        if not isinstance(tags_value, list):
            problems.add(f"{path}.tags", f"expected an array of strings, got {_kind(tags_value)}")
        elif bad is not None:
            problems.add(f"{path}.tags", f"expected an array of strings, got "
                                         f"{_kind(tags_value[bad])} at [{bad}]")
        else:
            tags = [t.strip() for t in tags_value if t.strip()] or None
    return ClaimIn(
        path=path,
        text=text.strip(),
        ref=_optional_text(value, "ref", path, problems),
        speaker=_optional_text(value, "speaker", path, problems),
        context=_optional_text(value, "context", path, problems),
        language=_language(value, path, problems),
        tags=tags,
    )


def _bundle(value: Any, path: str, problems: _Problems) -> Bundle | None:
    if not isinstance(value, dict):
        problems.add(path, f'expected an object with "article" and "claims", got {_kind(value)}')
        return None
    suggested = _check_keys(value, BUNDLE_KEYS, path, problems)
    _missing(value, "article", path, problems, suggested)
    _missing(value, "claims", path, problems, suggested)
    article = _article(value.get("article"), f"{path}.article", problems) \
        if "article" in value else None
    claims_value = value.get("claims")
    claims: list[ClaimIn] = []
    if "claims" in value:
        if not isinstance(claims_value, list):
            problems.add(f"{path}.claims", f"expected an array of claims, got "
                                           f"{_kind(claims_value)}")
        else:
            for index, item in enumerate(claims_value):
                claim = _claim(item, f"{path}.claims[{index}]", problems)
                if claim is not None:
                    claims.append(claim)
    if article is None:
        return None
    if article.language:
        for claim in claims:
            claim.language = claim.language or article.language
    for claim in claims:
        claim.language = claim.language or guess_language(claim.text)
    return Bundle(article=article, claims=claims)


def _document(value: Any, problems: _Problems, path: str = "$") -> list[Bundle]:
    """A document is a bundle, a list of bundles, or {"articles": [bundle, ...]}."""
    if isinstance(value, list):
        items = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
    elif isinstance(value, dict) and "articles" in value and "article" not in value:
        _check_keys(value, TOP_KEYS, path, problems)
        articles = value["articles"]
        if not isinstance(articles, list):
            problems.add(f"{path}.articles", f"expected an array, got {_kind(articles)}")
            return []
        items = [(f"{path}.articles[{i}]", v) for i, v in enumerate(articles)]
    elif isinstance(value, dict):
        items = [(path, value)]
    else:
        problems.add(path, 'expected an object {"article": ..., "claims": [...]}, a list of '
                           f'them, or {{"articles": [...]}}; got {_kind(value)}')
        return []
    bundles = []
    for item_path, item in items:
        bundle = _bundle(item, item_path, problems)
        if bundle is not None:
            bundles.append(bundle)
    return bundles


def _merge_and_check_duplicates(bundles: list[Bundle], problems: _Problems) -> list[Bundle]:
    """One bundle per article identity; a claim identity may appear once per article."""
    merged: dict[tuple[str, ...], Bundle] = {}
    for bundle in bundles:
        key = bundle.article.identity()
        if key in merged:
            merged[key].claims.extend(bundle.claims)
        else:
            merged[key] = Bundle(article=bundle.article, claims=list(bundle.claims))
    for bundle in merged.values():
        seen: dict[tuple[str, str], str] = {}
        for claim in bundle.claims:
            identity = claim.identity()
            if identity in seen:
                what = f'ref "{claim.ref}"' if claim.ref else "text"
                problems.add(claim.path, f"duplicate claim {what} in the same article "
                                         f"(first at {seen[identity]})")
            else:
                seen[identity] = claim.path
    return list(merged.values())


# Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_OTHER_UNICODE = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                  (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def _decode(raw: bytes, label: str) -> str:
    # (UTF-16 without a byte-order mark is valid UTF-8 when its text is ASCII: it is told
    # by its zero bytes, which JSON text never holds, before decoding.)
    encoding = _other_unicode(raw)
    if encoding:
        raise InputError([f"{label}: the file is {encoding} text; expected UTF-8 (save it "
                          "as UTF-8)"])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([f"{label}: byte {exc.start}: expected UTF-8 text"]) from None


def _other_unicode(raw: bytes) -> str | None:
    """UTF-16 or UTF-32, by its byte-order mark or, without one, by the zero bytes that ASCII
    characters such as `{` and `"` carry in those encodings."""
    for mark, encoding in _OTHER_UNICODE:
        if raw.startswith(mark):
            return encoding
    head = raw[:64]
    if b"\x00" not in head:
        return None
    if len(head) >= 4 and head.count(0) * 4 >= len(head) * 3 - 4:
        return "UTF-32"
    if len(head) >= 2 and (head[1::2].count(0) * 2 >= len(head) // 2
                           or head[0::2].count(0) * 2 >= len(head) // 2):
        return "UTF-16"
    return None


_INVALID = object()


class _ObjectWithRepeats(dict[str, Any]):
    """A JSON object in which a key occurred more than once: json keeps the last value
    silently; the validator reports the repeat with its JSON path instead."""

    repeated: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    repeats = _ObjectWithRepeats(obj)
    seen: set[str] = set()
    repeats.repeated = []
    for key, _ in pairs:
        if key in seen and key not in repeats.repeated:
            repeats.repeated.append(key)
        seen.add(key)
    return repeats


def _json_reason(msg: str) -> str:
    """json's messages end in "... at" when they point at a position; ours gives it up front
    (line:column), so finish the sentence instead of leaving it dangling."""
    msg = msg[0].lower() + msg[1:] if msg else "malformed"
    return msg[: -len(" at")] + " here" if msg.endswith(" at") else msg


def _loads(text: str, problems: _Problems, line_offset: int = 0, *,
           jsonl: bool = False) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        line = exc.lineno + line_offset
        problems.lines.append(f"{problems.file_label}:{line}:{exc.colno}: malformed JSON: "
                              f"{_json_reason(exc.msg)}")
    except RecursionError:
        where = f"{problems.file_label}:{line_offset + 1}" if jsonl else problems.file_label
        problems.lines.append(f"{where}: malformed JSON: nested too deeply")
    return _INVALID


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1_048_576:.1f} MB" if n_bytes >= 104_858 else f"{n_bytes:,} bytes"


def parse_claim_file(path: Path, *, label: str | None = None,
                     limit_bytes: int | None = None) -> list[Bundle]:
    """Parse one .json or .jsonl claim list; raise InputError listing every problem."""
    label = label or str(path)
    return parse_claim_text(read_import_text(path, label=label, limit_bytes=limit_bytes),
                            label=label, jsonl=path.suffix.lower() == ".jsonl")


def read_import_text(path: Path, *, label: str, limit_bytes: int | None = None) -> str:
    """A file to import, as text: refused over the size limit (which holds while reading,
    too), decoded as UTF-8 (a BOM allowed; UTF-16/32 named as such)."""
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if limit_bytes is not None and size > limit_bytes:
                raise InputError([f"{label}: file is {_size(size)}, over the import limit of "
                                  f"{_size(limit_bytes)} (--max-mb or "
                                  "FACTCHECK_IMPORT_LIMIT_MB raise it)"])
            # The limit holds while reading too: a pipe, a device (/dev/zero) or a file
            # still growing says nothing true about its size up front.
            raw = stream.read() if limit_bytes is None else stream.read(limit_bytes + 1)
    except OSError as exc:
        raise InputError([f"{label}: cannot read file: {exc.strerror or exc}"]) from None
    if limit_bytes is not None and len(raw) > limit_bytes:
        raise InputError([f"{label}: the input goes on past the import limit of "
                          f"{_size(limit_bytes)} (--max-mb or FACTCHECK_IMPORT_LIMIT_MB raise "
                          "it)"])
    return _decode(raw, label)


def parse_claim_text(text: str, *, label: str, jsonl: bool = False) -> list[Bundle]:
    problems = _Problems(label)
    bundles: list[Bundle] = []
    if jsonl:
        for line_no, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            value = _loads(line, problems, line_offset=line_no - 1, jsonl=True)
            if value is _INVALID:
                continue
            problems.line_no = line_no
            bundles.extend(_document(value, problems))
            problems.line_no = None
    else:
        if not text.strip():
            raise InputError([f"{label}: empty file: expected a JSON claim list"])
        value = _loads(text, problems)
        if value is not _INVALID:
            bundles = _document(value, problems)
    if not problems.lines:
        bundles = _merge_and_check_duplicates(bundles, problems)
    if problems.lines:
        raise InputError(problems.lines)
    return bundles


def claim_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their *.json / *.jsonl files (sorted, recursive)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*")
                                if p.is_file() and p.suffix.lower() in IMPORT_SUFFIXES))
        else:
            found.append(path)
    return found
