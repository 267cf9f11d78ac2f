"""Outside text (claims, titles, names) as inert `rich.text.Text`: never parsed as markup,
control characters made visible, so a claim cannot restyle or break the screen."""

from __future__ import annotations

from rich.text import Text

from factcheck.text import one_line, strip_controls, when

__all__ = ["cell", "plain", "when"]


def plain(value: object, style: str = "") -> Text:
    """Multi-line text shown literally (wrapping is left to the widget)."""
    return Text(strip_controls(str(value)) if value is not None else "", style=style)


def cell(value: object, style: str = "", limit: int | None = None) -> Text:
    """One line for a table cell: literal, single-line, cut with an ellipsis."""
    text = one_line(str(value), limit) if value is not None else ""
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")
