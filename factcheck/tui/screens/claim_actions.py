"""Asking the reviewer about one claim: each dialog's answer is posted as a message
(`VerdictChosen`, ...) from the node that asked; the app makes the write."""

from __future__ import annotations

from textual.dom import DOMNode

from factcheck.services import ClaimRow
from factcheck.tui.messages import SourceChosen, VerdictChosen, WordingChosen
from factcheck.tui.screens.candidates import EditTextModal
from factcheck.tui.screens.source import SourceModal
from factcheck.tui.screens.verdict import VerdictModal
from factcheck.tui.session import SourceChoice, VerdictChoice


def ask_verdict(node: DOMNode, row: ClaimRow) -> None:
    """Open the verdict dialog for `row`; `node` posts the reviewer's choice (VerdictChosen)."""

    def chosen(choice: VerdictChoice | None) -> None:
        if choice is not None:
            node.post_message(VerdictChosen(row.id, row.version, choice))

    node.app.push_screen(VerdictModal(row), chosen)


def ask_source(node: DOMNode, row: ClaimRow) -> None:
    """Open the source dialog for `row`; `node` posts what was entered (SourceChosen)."""

    def chosen(choice: SourceChoice | None) -> None:
        if choice is not None:
            node.post_message(SourceChosen(row.id, choice))

    node.app.push_screen(SourceModal(row), chosen)


def ask_wording(node: DOMNode, row: ClaimRow) -> None:
    """Open the wording dialog for `row`; a changed wording is posted (WordingChosen)."""

    def chosen(text: str | None) -> None:
        if text is not None and text.strip() and text.strip() != row.text.strip():
            node.post_message(WordingChosen(row.id, row.version, text))

    node.app.push_screen(EditTextModal(row), chosen)
