"""Compare view: a claim (A) beside one of its matches (B), with what differs between them.

Keys: y confirms the pair as the same claim, x rejects it (never suggested again), c reuses
the earlier verdict (B's onto A, or A's onto B when only A has one), b attaches B, when it is
another publisher's earlier fact-check, as a source of A; n / p step through A's other
matches. Also `render_matches`, the block the detail view shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Static

from factcheck.services import ClaimDetail
from factcheck.services.earlier import EarlierReviewInfo
from factcheck.services.matching import ClaimMatch, DuplicatePair, EarlierVerdict
from factcheck.text import one_line
from factcheck.tui.messages import PairJudged, SourceChosen, VerdictReuseChosen
from factcheck.tui.render import plain, when
from factcheck.tui.screens.base import ReviewScreen
from factcheck.tui.session import ReviewSession, SourceChoice
from factcheck.tui.widgets.review_header import ReviewHeader
from factcheck.vocabulary import Stance

_LEVEL_STYLE = {"same": "bold green", "suggested": "bold yellow", "related": "magenta"}
_STATUS_STYLE = {"confirmed": "green", "rejected": "red", "auto": "", "open": "yellow"}


def render_matches(matches: list[ClaimMatch], offer: EarlierVerdict | None,
                   earlier: list[EarlierReviewInfo] | None = None) -> Text:
    """The detail view's block: other publishers' earlier fact-checks of the claim, then the
    matching claims with score, level, status and differences."""
    text = Text()
    text.append("Matches", style="bold underline")
    text.append(f" ({len(matches)})")
    for index, check in enumerate(earlier or []):
        text.append("\n")
        text.append_text(earlier_check_line(check))
        if index == 0:
            text.append("  press b to attach it as a source", style="dim")
    if offer is not None:
        text.append("\n")
        text.append_text(plain(one_line(offer.describe()), style="bold cyan"))
        text.append("  press m, then c to reuse", style="dim")
    if not matches:
        text.append("\nno similar claim stored", style="dim")
        return text
    for match in matches:
        text.append("\n")
        text.append(f"{match.score:>3.0f} ", style="bold")
        # Padded past the longest word ("suggested", "confirmed") so they never run together.
        text.append(f"{match.level:<10}", style=_LEVEL_STYLE.get(match.level, ""))
        text.append(f"{match.status:<10}", style=_STATUS_STYLE.get(match.status, ""))
        if match.decided_by:
            text.append_text(plain(f"by {one_line(match.decided_by, 20)} ", style="dim"))
        text.append_text(plain(one_line(match.other.label, 30), style="dim"))
        text.append("  ")
        text.append_text(plain(one_line(match.other.text, 90)))
        if match.differences:
            text.append("\n    differs in: ", style="yellow")
            text.append_text(plain(one_line("; ".join(match.differences), 100)))
    if matches:
        text.append("\npress m to compare side by side", style="dim")
    return text


def earlier_check_line(check: EarlierReviewInfo) -> Text:
    """ "checked before by <publisher>: <rating>, <date> (<url>)", escaped like all outside
    text (the publisher, its rating and URL come from an imported file)."""
    return plain(one_line(check.line(), 200), style="bold cyan")


def earlier_check_source(check: EarlierReviewInfo) -> SourceChoice | None:
    """The earlier fact-check as a source of a claim it matches: its page, the stance its
    rating takes, and what it found as the note; None when it has no URL."""
    if not check.review_url:
        return None
    return SourceChoice(url=check.review_url, stance=Stance(check.stance),
                        note=check.line().replace(f" ({check.review_url})", ""))


@dataclass(frozen=True)
class CompareData:
    a: ClaimDetail
    b: ClaimDetail
    link: DuplicatePair | None
    matches: list[ClaimMatch]
    # B as another publisher's earlier fact-check (None: B is one of the desk's claims).
    earlier: EarlierReviewInfo | None = None


def _claim_block(title: str, detail: ClaimDetail) -> Text:
    row = detail.row
    text = Text()
    text.append(f"{title}  #{row.id}", style="bold underline")
    text.append("\n")
    text.append_text(plain(row.text))
    text.append("\n\n")
    for label, value in (("article", row.article_title or row.article_ref),
                         ("outlet", row.outlet), ("published", row.published),
                         ("ref", f"{row.article_ref or '-'} / {row.claim_ref or '-'}"),
                         ("speaker", row.speaker), ("language", row.language),
                         ("status", row.status)):
        text.append(f"{label:<10}", style="dim")
        text.append_text(plain(one_line(str(value)) if value not in (None, "") else "-"))
        text.append("\n")
    text.append(f"{'verdict':<10}", style="dim")
    if row.verdict_hidden:
        text.append("hidden (blind review)", style="italic magenta")
    else:
        text.append(row.verdict or "-", style="bold")
    if row.verdict and row.reviewer:
        text.append_text(plain(f"  by {one_line(row.reviewer, 30)}, {when(row.reviewed_at)}",
                               style="dim"))
    if row.rationale:
        text.append("\n")
        text.append_text(plain(one_line(row.rationale), style="italic"))
    return text


def _link_line(data: CompareData) -> Text:
    text = Text()
    link = data.link
    if link is None:
        text.append("not linked by the matcher", style="dim")
    else:
        text.append(f"score {link.score:.0f}  ", style="bold")
        text.append(link.level, style=_LEVEL_STYLE.get(link.level, ""))
        text.append("  status ")
        text.append(link.status, style=_STATUS_STYLE.get(link.status, ""))
        if link.differences:
            text.append("\ndiffers in: ", style="bold yellow")
            text.append_text(plain(one_line("; ".join(link.differences), 200)))
    position = next((i for i, m in enumerate(data.matches) if m.other.id == data.b.row.id),
                    None)
    if data.earlier is not None:
        text.append("\n")
        text.append_text(earlier_check_line(data.earlier))
        text.append("  b attaches it as a source of A", style="dim")
    if position is not None and len(data.matches) > 1:
        text.append(f"\nmatch {position + 1} of {len(data.matches)} (n / p for the others)",
                    style="dim")
    return text


class CompareScreen(ReviewScreen):
    CSS_PATH = "compare.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back"),
        Binding("y", "confirm", "Same claim"),
        Binding("x", "reject", "Not the same"),
        Binding("c", "reuse", "Reuse verdict"),
        Binding("b", "attach_earlier", "Attach earlier check as source"),
        Binding("n", "step(1)", "Next match"),
        Binding("p", "step(-1)", "Previous match"),
    ]

    def __init__(self, session: ReviewSession, claim_id: int,
                 other_id: int | None = None) -> None:
        super().__init__(session)
        self.claim_id = claim_id
        self.other_id = other_id
        self.data: CompareData | None = None

    def compose(self) -> ComposeResult:
        yield ReviewHeader(id="header")
        yield Static(id="link", classes="link")
        with Horizontal(id="sides"):
            with VerticalScroll(id="side-a", classes="side"):
                yield Static(id="claim-a")
            with VerticalScroll(id="side-b", classes="side"):
                yield Static(id="claim-b")
        yield Footer()

    def on_mount(self) -> None:
        header = self.query_one(ReviewHeader)
        header.reviewer = self.session.reviewer or ""
        header.title = "compare claims"
        self._load()

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _load(self) -> None:
        service = self.session.service
        matches = service.matching.matches_of(self.claim_id)
        other_id = self.other_id
        if other_id is None:
            if not matches:
                self.app.call_from_thread(self._nothing_to_compare)
                return
            other_id = matches[0].other.id
        viewer = self.session.reviewer  # blind review hides verdicts from their second reviewer
        data = CompareData(a=service.claim_detail(self.claim_id, viewer=viewer),
                           b=service.claim_detail(other_id, viewer=viewer),
                           link=service.matching.link_between(self.claim_id, other_id),
                           matches=matches,
                           earlier=service.earlier.of_claims([other_id]).get(other_id))
        progress = service.progress()
        self.app.call_from_thread(self._show, data, progress.reviewed, progress.total)

    def _nothing_to_compare(self) -> None:
        self.notify(f"Claim #{self.claim_id} has no matching claim to compare.",
                    severity="warning", markup=False)
        self.dismiss()

    def _show(self, data: CompareData, reviewed: int, total: int) -> None:
        self.data = data
        self.other_id = data.b.row.id
        header = self.query_one(ReviewHeader)
        header.reviewed, header.total = reviewed, total
        self.query_one("#link", Static).update(_link_line(data))
        self.query_one("#claim-a", Static).update(_claim_block("A", data.a))
        self.query_one("#claim-b", Static).update(_claim_block("B", data.b))

    def data_changed(self, claim_id: int | None) -> None:
        if claim_id is None or claim_id in (self.claim_id, self.other_id):
            self._load()

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.dismiss()

    def action_step(self, delta: int) -> None:
        if not self.data or len(self.data.matches) < 2:
            return
        ids = [m.other.id for m in self.data.matches]
        current = ids.index(self.other_id) if self.other_id in ids else 0
        self.other_id = ids[(current + delta) % len(ids)]
        self._load()

    def action_confirm(self) -> None:
        if self.other_id is not None:
            self.post_message(PairJudged(self.claim_id, self.other_id, same=True))

    def action_reject(self) -> None:
        if self.other_id is not None:
            self.post_message(PairJudged(self.claim_id, self.other_id, same=False))

    def action_attach_earlier(self) -> None:
        if self.data is None:
            return
        if self.data.earlier is None:
            self.notify("B is not an earlier fact-check by another publisher.",
                        severity="warning")
            return
        choice = earlier_check_source(self.data.earlier)
        if choice is None:
            self.notify("This earlier fact-check has no URL to attach.", severity="warning")
            return
        self.post_message(SourceChosen(self.claim_id, choice))

    def action_reuse(self) -> None:
        if self.data is None:
            return
        a, b = self.data.a.row, self.data.b.row
        if b.verdict:
            target, source = a, b
        elif a.verdict:
            target, source = b, a
        else:
            self.notify("Neither claim has a verdict to reuse.", severity="warning")
            return
        self.post_message(VerdictReuseChosen(target.id, target.version, source.id))
