"""Help: every key of the screen it was opened from, the app's keys, and the verdict keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HelpSection = tuple[str, Sequence[tuple[str, str]]]


def render_help(sections: Sequence[HelpSection]) -> Text:
    text = Text()
    # One key column for all sections, wide enough for the longest ("escape / backspace").
    width = max([14, *(len(key) + 2 for _, keys in sections for key, _ in keys)])
    for title, keys in sections:
        text.append(f"{title}\n", style="bold underline")
        for key, description in keys:
            text.append(f"  {key:<{width}}", style="bold cyan")
            text.append(f"{description}\n")
        text.append("\n")
    text.append("Every change is saved at once; undo (u) adds a history entry, never deletes.",
                style="dim")
    return text


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "close", "Close help"),
    ]

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(render_help(self.sections))

    def action_close(self) -> None:
        self.dismiss()
