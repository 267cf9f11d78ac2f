"""Conflict modal: the claim changed since it was loaded; show the newer verdict and let the
reviewer overwrite it with theirs or keep it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from factcheck.errors import StaleVersionError
from factcheck.services import ClaimDetail
from factcheck.text import one_line
from factcheck.tui.render import plain
from factcheck.tui.session import VerdictChoice


class ConflictModal(ModalScreen[bool]):
    """Dismisses with True to overwrite with the reviewer's verdict, False to keep theirs."""

    CSS_PATH = "conflict.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "overwrite", "Overwrite with mine"),
        Binding("k,escape", "keep", "Keep theirs"),
    ]

    def __init__(self, mine: VerdictChoice, stale: StaleVersionError,
                 detail: ClaimDetail) -> None:
        super().__init__()
        self.mine = mine
        self.stale = stale
        self.detail = detail

    def compose(self) -> ComposeResult:
        row = self.detail.row
        with Vertical(id="dialog"):
            yield Label(Text(f"Claim #{row.id} changed while you were looking", style="bold"))
            yield Static(plain(one_line(row.text, 200)), id="claim-text")
            theirs = Text()
            theirs.append("Now: ", style="bold")
            theirs.append(row.verdict or "no verdict", style="bold yellow")
            if row.reviewer and row.verdict:
                theirs.append(f"  by {one_line(row.reviewer, 40)}")
            if row.rationale:
                theirs.append(f"\n     {one_line(row.rationale, 200)}", style="italic")
            theirs.append(f"\n     ({row.source_count} sources; version {self.stale.expected}"
                          f" → {self.stale.current})", style="dim")
            yield Static(theirs, id="theirs")
            mine = Text()
            mine.append("Yours: ", style="bold")
            mine.append(self.mine.rating.value, style="bold cyan")
            if self.mine.rationale:
                mine.append(f"\n     {one_line(self.mine.rationale, 200)}", style="italic")
            yield Static(mine, id="mine")
            with Horizontal(id="buttons"):
                yield Button("Overwrite with mine (o)", variant="warning", id="overwrite")
                yield Button("Keep theirs (k)", variant="primary", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#overwrite")
    def action_overwrite(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        self.dismiss(False)
