"""The desk overview (`o`): claims by status, verdicts by rating, reviewers, articles and
outlets, throughput per day as a sparkline, time to approval and the reviewers' agreement.
The figures are SQL aggregates (services/stats.py), loaded in a worker."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar

from rich import box
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Sparkline, Static

from factcheck.services.stats import Overview, describe_agreement, describe_seconds
from factcheck.text import counted, one_line
from factcheck.tui.messages import ActionFailed
from factcheck.tui.session import ReviewSession


def _table(title: str, rows: Iterable[tuple[str, ...]], *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                  padding=(0, 1), pad_edge=False, show_edge=False)
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i == 0 else "right",
                         no_wrap=True, overflow="ellipsis")
    for row in rows:
        # Names, titles and outlets come from outside: Text, never markup.
        table.add_row(*(Text(cell) for cell in row))
    return table


class OverviewScreen(Screen[None]):
    CSS_PATH = "overview.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,o", "close", "Back to the claims"),
    ]

    def __init__(self, session: ReviewSession, *, days: int = 28,
                 today: date | None = None) -> None:
        super().__init__()
        self.session = session
        self.days = days
        # (fixed by tests and snapshots; else today, UTC)
        self.today = today

    def compose(self) -> ComposeResult:
        yield Static(Text("Desk overview", style="bold"), id="title")
        yield LoadingIndicator(id="loading")
        with Vertical(id="figures"):
            with Horizontal(id="top"):
                yield Static(id="status")
                yield Static(id="ratings")
                yield Static(id="reviewers")
            with Horizontal(id="middle"):
                yield Static(id="articles")
                yield Static(id="outlets")
            yield Static(id="chart-label")
            yield Sparkline([], id="chart")
            yield Static(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#figures").display = False
        self._load()

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def _load(self) -> None:
        try:
            view = self.session.service.stats.overview(days=self.days, today=self.today)
        except Exception as exc:  # shown in the app's one error place
            self.post_message(ActionFailed(exc))
            self.app.call_from_thread(self.dismiss)
            return
        self.app.call_from_thread(self.show, view)

    def show(self, view: Overview) -> None:
        states = [(k, str(v)) for k, v in view.by_status.items()]
        states += [(f"· {k}", str(v)) for k, v in view.review_states.items()]
        states.append(("returns ever", str(view.returns_ever)))
        self.query_one("#status", Static).update(
            _table("Claims", states, "status", "n"))
        self.query_one("#ratings", Static).update(
            _table("Verdicts", ((k, str(v)) for k, v in view.by_rating.items()), "rating", "n"))
        self.query_one("#reviewers", Static).update(_table(
            "Reviewers", ((one_line(r.name, 18), str(r.verdicts), str(r.approvals),
                           str(r.returns), str(r.assigned)) for r in view.by_reviewer[:9]),
            "name", "verd", "appr", "ret", "asgn"))
        self.query_one("#articles", Static).update(_table(
            "Articles (most claims)",
            ((one_line(a.title or a.ref or f"#{a.article_id}", 40), str(a.claims),
              str(a.verdicts)) for a in view.by_article[:5]),
            "article", "claims", "rated"))
        self.query_one("#outlets", Static).update(_table(
            "Outlets", ((one_line(o.outlet, 24) or "(none)", str(o.claims), str(o.verdicts))
                        for o in view.by_outlet[:5]), "outlet", "claims", "rated"))
        per_day = [d.verdicts for d in view.days]
        first, last = view.days[0].day, view.days[-1].day
        approvals = sum(d.approvals for d in view.days)
        self.query_one("#chart-label", Static).update(Text(
            f"Verdicts per day {first:%d %b} – {last:%d %b %Y}: {sum(per_day)} "
            f"(max {max(per_day)}/day), {counted(approvals, 'approval')}"))
        self.query_one("#chart", Sparkline).data = per_day
        self.query_one("#summary", Static).update(Text(
            f"Median import → approval: {describe_seconds(view.median_seconds_to_approval)} "
            f"({view.approved_claims} approved)\n{describe_agreement(view.agreement)}"))
        self.query_one("#loading").display = False
        self.query_one("#figures").display = True

    def action_close(self) -> None:
        self.dismiss()
