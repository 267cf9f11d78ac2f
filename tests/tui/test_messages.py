"""What the reviewer did travels up to the app; the app's answers stop at each screen (one
that bubbled would come back to the app, which tells every screen again, without end)."""

from __future__ import annotations

from textual.message import Message

from factcheck.tui import messages
from factcheck.tui.messages import ClaimChanged


def _kinds(base: type[Message]) -> list[type[Message]]:
    found = [base]
    for sub in base.__subclasses__():
        found.extend(_kinds(sub))
    return found


def test_answers_do_not_bubble_and_choices_do() -> None:
    answers = _kinds(ClaimChanged)
    assert len(answers) > 5
    assert [kind.__name__ for kind in answers if kind.bubble] == []
    choices = [value for value in vars(messages).values()
               if isinstance(value, type) and issubclass(value, Message)
               and value.__module__ == messages.__name__ and value not in answers]
    assert {kind.__name__ for kind in choices} >= {"VerdictChosen", "PairJudged",
                                                   "ActionFailed", "WorkStateChanged"}
    assert [kind.__name__ for kind in choices if not kind.bubble] == []
