"""Text from outside (articles, claims, page titles) is data: make it safe to display.

Two kinds of characters never reach a screen or a JSON document as they are:
- controls (C0 but tab and newline, DEL, C1): they could move the cursor or restyle a
  terminal; shown as `\\xNN`;
- invisible format characters (Unicode category Cf: bidi embeddings, overrides and isolates,
  zero-width spaces and joiners, the BOM, soft hyphens...) and the line and paragraph
  separators (Zl, Zp): a right-to-left override makes a claim read differently from what is
  stored; shown as `\\uNNNN`.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

_WHITESPACE = re.compile(r"\s+")

# C0 controls except tab and newline, DEL, and C1 controls (which include CSI, 0x9b).
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Every character of categories Cf, Zl and Zp (Unicode 15; tests/test_text.py checks this
# list against unicodedata, so a newer Python's additions are noticed).
INVISIBLE_CHARACTERS = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
              "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd"
              "\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
              "\U000e0001\U000e0020-\U000e007f")
_UNSAFE = re.compile(f"[{_CONTROLS}{INVISIBLE_CHARACTERS}]")
# In JSON output: what json.dumps leaves raw (it escapes C0 already).
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{INVISIBLE_CHARACTERS}]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def strip_controls(text: str, *, keep_newlines: bool = True) -> str:
    """Replace control and invisible format characters by a visible escape (\\x1b,
    \\u202e)."""
    text = _UNSAFE.sub(_visible, text)
    if not keep_newlines:
        text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return text


def one_line(text: str | None, limit: int | None = None) -> str:
    """Control-free single line, shortened with an ellipsis past `limit` characters."""
    if not text:
        return ""
    flat = " ".join(strip_controls(text, keep_newlines=False).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


def normalise_whitespace(text: str) -> str:
    """Runs of whitespace (line breaks included) as one space, stripped: the form in which
    two wordings of a claim count as the same text."""
    return _WHITESPACE.sub(" ", text).strip()


def safe_json(value: Any, *, indent: int | None = 2) -> str:
    """JSON for output, UTF-8 as it is except controls and invisible format characters,
    which become \\u escapes (the same string once parsed; inert in a terminal)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: json.dumps(m.group())[1:-1], text)


def when(value: date | datetime | None) -> str:
    """Locale-independent, minute-precision UTC stamp for history lines (CLI and TUI)."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """"1 pair", "3 pairs": a count with its noun in the right number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
