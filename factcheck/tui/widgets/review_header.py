"""One-line header: app name, reviewer, progress, and a busy sign while work runs."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from factcheck.text import one_line


class ReviewHeader(Static):
    DEFAULT_CSS = """
    ReviewHeader { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    reviewer: reactive[str] = reactive("")
    reviewed: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    busy: reactive[bool] = reactive(False)
    # What the running work is doing, when it says ("sentence vectors 256/1,000")
    activity: reactive[str] = reactive("")
    title: reactive[str] = reactive("claims")

    def render(self) -> Text:
        text = Text()
        text.append("factcheck", style="bold")
        text.append(f" · {self.title}", style="")
        text.append("   reviewer: ", style="dim")
        if self.reviewer:
            text.append(one_line(self.reviewer, 30), style="bold")
        else:
            text.append("not named yet", style="italic")
        text.append("   ")
        text.append(f"{self.reviewed:,} / {self.total:,} reviewed", style="bold green")
        if self.busy:
            text.append(f"   {one_line(self.activity, 40) or 'working…'}", style="italic yellow")
        return text
