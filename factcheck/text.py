"""Text from outside (articles, claims, page titles) is data: make it safe to display."""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s+")

# C0 controls except tab and newline, DEL, and C1 controls (which include CSI, 0x9b):
# any of them could move the cursor or restyle a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def strip_controls(text: str, *, keep_newlines: bool = True) -> str:
    """Replace control characters by a visible \\xNN escape."""
    text = _CONTROL.sub(_visible, text)
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
