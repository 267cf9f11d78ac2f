"""Verdict modal: keys 1-8 pick from the rating scale in order, then a rationale; enter saves,
escape cancels."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from factcheck.models import RATING_SCALE, Rating
from factcheck.services import ClaimRow
from factcheck.text import one_line
from factcheck.tui.render import plain
from factcheck.tui.screens.base import ClaimDialog
from factcheck.tui.session import VerdictChoice


def _option(number: int, rating: Rating, chosen: bool) -> Option:
    label = Text()
    label.append(f" {number} ", style="bold reverse" if chosen else "bold")
    label.append(f"  {rating.value}")
    if chosen:
        label.append("  ✓", style="bold green")
    return Option(label, id=rating.value)


class VerdictModal(ClaimDialog):
    CSS_PATH = "verdict.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(number), f"pick({number})", f"Rate {rating.value}", show=False)
          for number, rating in enumerate(RATING_SCALE, start=1)),
    ]

    def __init__(self, row: ClaimRow) -> None:
        super().__init__(row)
        self.rating: Rating | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Label(Text(f"Verdict for claim #{self.row.id}", style="bold"), id="title")
            yield Static(plain(one_line(self.row.text, 240)), id="claim-text")
            current = self.row.verdict or "none"
            yield Label(Text(f"current verdict: {current}   ·   press 1-8 to choose",
                             style="dim"))
            yield OptionList(*(_option(n, r, False) for n, r in enumerate(RATING_SCALE, 1)),
                             id="ratings")
            yield Input(placeholder="rationale: why this verdict (optional)", id="rationale")
            yield Label(Text("enter saves · escape cancels", style="dim"), id="hint")

    def on_mount(self) -> None:
        ratings = self.query_one("#ratings", OptionList)
        if self.row.verdict in {r.value for r in RATING_SCALE}:
            ratings.highlighted = [r.value for r in RATING_SCALE].index(self.row.verdict or "")
        ratings.focus()

    def action_pick(self, number: int) -> None:
        self._choose(RATING_SCALE[number - 1])

    def _choose(self, rating: Rating) -> None:
        self.rating = rating
        ratings = self.query_one("#ratings", OptionList)
        index = RATING_SCALE.index(rating)
        for n, option_rating in enumerate(RATING_SCALE, start=1):
            ratings.replace_option_prompt_at_index(
                n - 1, _option(n, option_rating, option_rating == rating).prompt)
        ratings.highlighted = index
        self.query_one("#rationale", Input).focus()

    @on(OptionList.OptionSelected, "#ratings")
    def _picked_from_list(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(RATING_SCALE[event.option_index])

    @on(Input.Submitted, "#rationale")
    def _save(self, event: Input.Submitted) -> None:
        event.stop()
        if self.rating is None:
            self.notify("Pick a rating first: keys 1-8.", severity="warning")
            self.query_one("#ratings", OptionList).focus()
            return
        self.dismiss(VerdictChoice(self.rating, event.value.strip() or None))

