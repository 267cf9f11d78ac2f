"""Detail view of one claim: full text, its review trail (second review), article, speaker
and context, sources, history."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from factcheck.models import ReviewState
from factcheck.services import ClaimDetail, ClaimRow, SourceInfo
from factcheck.services.candidates import ClaimChangeInfo
from factcheck.services.earlier import EarlierReviewInfo
from factcheck.services.second_review import Disagreement, TrailStep, trail_seen_by
from factcheck.text import one_line
from factcheck.tui.messages import SourceChosen
from factcheck.tui.render import plain, when
from factcheck.tui.screens.candidates import render_changes
from factcheck.tui.screens.claim_actions import (
    ACCEPT,
    APPROVE,
    COMPARE,
    DISCARD,
    EDIT_TEXT,
    RETURN,
    SOURCE,
    VERDICT,
    ClaimActionsScreen,
)
from factcheck.tui.screens.compare import earlier_check_source, render_matches
from factcheck.tui.session import ReviewSession
from factcheck.tui.widgets.review_header import ReviewHeader


def _section(title: str) -> Text:
    return Text(title, style="bold underline")


def _field(text: Text, label: str, value: object) -> None:
    text.append(f"{label:<10}", style="dim")
    text.append_text(plain(one_line(str(value)) if value not in (None, "") else "-"))
    text.append("\n")


def source_check_line(source: SourceInfo) -> Text:
    """What the link check found: DEAD with the reason, or status, final URL and page title
    (the title is outside text: shown escaped and on one line)."""
    if source.checked_at is None:
        return Text()  # not checked (yet, or checks are off): nothing to say
    line = Text("\n  ")
    if source.dead:
        line.append("✗ DEAD ", style="bold red")
        line.append_text(plain(one_line(source.error or f"HTTP {source.http_status}", 120),
                               style="red"))
    else:
        line.append(f"✓ {source.http_status or ''} ", style="green")
        if source.final_url and source.final_url != source.url:
            line.append("→ ", style="dim")
            line.append_text(plain(one_line(source.final_url, 80), style="dim"))
            line.append(" ")
        if source.title:
            line.append_text(plain(f"“{one_line(source.title, 100)}”"))
        if source.error:
            line.append_text(plain(f" ({one_line(source.error, 80)})", style="dim"))
    line.append(f"  checked {when(source.checked_at)}", style="dim")
    return line


def render_detail(detail: ClaimDetail, *, second_review: bool = False) -> list[Text]:
    """The blocks of the detail view, as inert Text (claim data is never markup);
    second_review: the verdict's review state is said next to it."""
    row = detail.row
    claim = Text()
    claim.append_text(_section(f"Claim #{row.id}"))
    claim.append(f"   {row.status}   ", style="dim")
    if row.verdict_hidden:
        claim.append("verdict: hidden (blind review: press v to give yours first)",
                     style="italic magenta")
    else:
        claim.append(f"verdict: {row.verdict or '-'}", style="bold")
        if row.review_state and second_review:
            claim.append(f" ({row.review_state})", style="dim")
    claim.append("\n")
    claim.append_text(plain(row.text))
    article = Text()
    article.append_text(_section("Article"))
    article.append("\n")
    _field(article, "title", row.article_title)
    _field(article, "outlet", row.outlet)
    _field(article, "url", row.article_url)
    _field(article, "published", row.published)
    _field(article, "ref", f"{row.article_ref or '-'} / {row.claim_ref or '-'}")
    _field(article, "speaker", row.speaker)
    _field(article, "language", row.language)
    if detail.tags:
        _field(article, "tags", ", ".join(detail.tags))
    article.append("context   ", style="dim")
    article.append_text(plain(row.context or "-"))
    article.append("\nimported  ", style="dim")
    article.append_text(plain(detail.imported_line()))
    sources = Text()
    sources.append_text(_section(f"Sources ({len(detail.sources)})"))
    if not detail.sources:
        sources.append("\nnone yet: press s to add one", style="dim")
    for source in detail.sources:
        sources.append("\n• ")
        sources.append(f"{source.stance:<9}", style="bold")
        sources.append_text(plain(one_line(source.url)))
        sources.append_text(source_check_line(source))
        if source.note:
            sources.append("\n  ")
            sources.append_text(plain(one_line(source.note), style="italic"))
        sources.append(f"\n  added by {one_line(source.added_by, 30)}, {when(source.added_at)}",
                       style="dim")
    for source in detail.retracted_sources:
        sources.append("\n× ", style="dim")
        sources.append_text(plain(one_line(source.url), style="dim strike"))
        sources.append(f"\n  added by {one_line(source.added_by, 30)}, retracted by "
                       f"{one_line(source.retracted_by or '?', 30)}, "
                       f"{when(source.retracted_at)}", style="dim")
    history = Text()
    history.append_text(_section(f"Verdict history ({len(detail.history)})"))
    if row.verdict_hidden:
        history.append("\nhidden until you give your own verdict (blind review)",
                       style="italic dim")
    elif not detail.history:
        history.append("\nno verdict yet: press v to set one", style="dim")
    for entry in reversed(detail.history):
        history.append(f"\n{when(entry.created_at)}  ", style="dim")
        history.append(one_line(entry.reviewer, 30), style="bold")
        history.append("  ")
        if entry.undoes_verdict_id is not None:
            history.append("undo → ", style="yellow")
        history.append(entry.rating or "(no verdict)", style="bold")
        if entry.rationale:
            history.append("\n    ")
            history.append_text(plain(one_line(entry.rationale), style="italic"))
    if detail.changes:
        history.append("\n")
        history.append_text(_section(f"Changes ({len(detail.changes)})"))
    for change in reversed(detail.changes):
        history.append(f"\n{when(change.changed_at)}  ", style="dim")
        history.append(one_line(change.changed_by, 30), style="bold")
        history.append(f"  {change.field}: ")
        history.append_text(plain(f"{one_line(change.old_value, 60)} → "
                                  f"{one_line(change.new_value, 60)}"))
    return [claim, article, sources, history]


_STEP_STYLE = {"approved": "green", "returned": "yellow", "disputed": "bold magenta"}


def render_review(trail: list[TrailStep], disagreement: Disagreement | None, *,
                  hidden: bool = False) -> RenderableType:
    """The claim's review trail under second review, oldest first (each verdict and each
    decision, with its comment); a disputed claim's two sides in two columns below it.
    hidden: blind review keeps the first verdict's steps from this viewer."""
    block = Text()
    block.append_text(_section(f"Review trail ({len(trail)})"))
    if hidden:
        block.append("\nthe first verdict's steps are hidden until you give your own (v)",
                     style="italic dim")
    for step in trail:
        block.append(f"\n{when(step.at)}  ", style="dim")
        block.append(one_line(step.who, 30), style="bold")
        block.append("  ")
        if step.kind == "verdict":
            block.append(f"verdict {step.rating or '(withdrawn)'}")
        else:
            block.append(step.kind, style=_STEP_STYLE.get(step.kind, ""))
            if step.rating:
                block.append(f" (their rating {step.rating})")
        if step.text:
            block.append("\n    ")
            block.append_text(plain(one_line(step.text), style="italic"))
    if disagreement is None:
        return block
    sides = Table(title=Text("Disputed: both verdicts, for a decision (y approves the first, "
                             "v gives a new one)", style="bold magenta"),
                  title_justify="left", expand=True)
    for side in (disagreement.first, disagreement.second):
        sides.add_column(Text(f"{one_line(side.who, 30)}: {side.rating or '-'}"),
                         ratio=1, overflow="fold")
    sides.add_row(plain(one_line(disagreement.first.rationale or "(no rationale)", 2000)),
                  plain(one_line(disagreement.second.rationale or "(no rationale)", 2000)))
    return Group(block, sides)


class DetailScreen(ClaimActionsScreen):
    CSS_PATH = "detail.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back"),
        VERDICT,
        SOURCE,
        COMPARE,
        ACCEPT,
        DISCARD,
        EDIT_TEXT,
        APPROVE,
        RETURN,
        Binding("b", "attach_earlier", "Attach earlier check as source", show=False),
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
    ]

    def __init__(self, session: ReviewSession, claim_id: int) -> None:
        super().__init__(session)
        self.claim_id = claim_id
        self.detail: ClaimDetail | None = None
        self.earlier: list[EarlierReviewInfo] = []

    def compose(self) -> ComposeResult:
        yield ReviewHeader(id="header")
        with VerticalScroll(id="body"):
            for block in ("claim", "review", "matches", "article", "sources", "history"):
                yield Static(id=f"block-{block}", classes="block")
        yield Footer()

    def on_mount(self) -> None:
        header = self.query_one(ReviewHeader)
        header.reviewer = self.session.reviewer or ""
        header.title = "claim detail"
        self.query_one("#body").focus()
        self._load(self.claim_id)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load(self, claim_id: int) -> None:
        service = self.session.service
        viewer = self.session.reviewer
        detail = service.claim_detail(claim_id, viewer=viewer)
        trail = trail_seen_by(service.second_review.trail(claim_id), detail.row, viewer)
        progress = service.progress()
        changes = service.claim_changes(claim_id)
        # Under second review (or once anyone decided on a verdict) the trail is shown.
        decided = any(step.kind != "verdict" for step in trail)
        review: RenderableType | None = None
        if decided or service.desk.values().second_review:
            disagreement = (service.second_review.disagreement(claim_id)
                            if detail.row.review_state == ReviewState.DISPUTED.value else None)
            review = render_review(trail, disagreement, hidden=detail.row.verdict_hidden)
        self.app.call_from_thread(self._show, detail, progress.reviewed, progress.total,
                                  changes, review)

    def _show(self, detail: ClaimDetail, reviewed: int, total: int,
              changes: list[ClaimChangeInfo] | None = None,
              review: RenderableType | None = None) -> None:
        self.detail = detail
        header = self.query_one(ReviewHeader)
        header.reviewed, header.total = reviewed, total
        blocks = render_detail(detail, second_review=review is not None)
        if changes:  # earlier wordings and accept/discard steps, kept for good
            blocks[-1].append_text(render_changes(changes))
        for name, block in zip(("claim", "article", "sources", "history"), blocks, strict=True):
            self.query_one(f"#block-{name}", Static).update(block)
        review_block = self.query_one("#block-review", Static)
        review_block.update(review if review is not None else "")
        review_block.display = review is not None
        self._load_matches(detail.row.id, has_verdict=bool(detail.row.verdict))

    @work(thread=True, exclusive=True, group="detail-matches", exit_on_error=False)
    def _load_matches(self, claim_id: int, *, has_verdict: bool) -> None:
        matching = self.session.service.matching
        matches = matching.matches_of(claim_id)
        offer = None if has_verdict else matching.earlier_verdict(claim_id)
        earlier = self.session.service.earlier.linked_to(claim_id)
        self.app.call_from_thread(self._show_matches, render_matches(matches, offer, earlier),
                                  earlier)

    def _show_matches(self, block: Text, earlier: list[EarlierReviewInfo]) -> None:
        self.earlier = earlier
        self.query_one("#block-matches", Static).update(block)

    def action_attach_earlier(self) -> None:
        """The best-matching earlier fact-check becomes a source of this claim."""
        if not self.earlier:
            self.notify("No earlier fact-check by another publisher matches this claim.",
                        severity="warning")
            return
        choice = earlier_check_source(self.earlier[0])
        if choice is None:
            self.notify("This earlier fact-check has no URL to attach.", severity="warning")
            return
        self.post_message(SourceChosen(self.claim_id, choice))

    def data_changed(self, claim_id: int | None) -> None:
        if claim_id in (None, self.claim_id):
            self._load(self.claim_id)

    @property
    def selected(self) -> ClaimRow | None:
        return self.detail.row if self.detail else None

    def claim_for_action(self) -> ClaimRow | None:
        return self.selected  # None only in the moment before the claim has loaded

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll_down(self) -> None:
        self.query_one("#body", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#body", VerticalScroll).scroll_up()
