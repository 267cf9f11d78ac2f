"""One family of errors that the CLI prints as lines and the TUI shows as notifications."""

from __future__ import annotations


class FactcheckError(Exception):
    """An error meant for the user: its message is complete and needs no traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        return [self.message]


class InputError(FactcheckError):
    """Bad input: one line per problem, each naming the file and the place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else f"{len(problems)} problems")
        self.problems = problems

    def lines(self) -> list[str]:
        return list(self.problems)


class NotFoundError(FactcheckError):
    pass


class StaleVersionError(FactcheckError):
    """The claim changed since the caller loaded it; nothing was written."""

    def __init__(self, claim_id: int, expected: int, current: int, current_verdict: str | None,
                 current_reviewer: str | None) -> None:
        who = f" by {current_reviewer}" if current_reviewer else ""
        super().__init__(
            f"claim {claim_id} changed since it was loaded (version {expected} -> {current}); "
            f"its verdict is now {current_verdict or 'none'}{who}"
        )
        self.claim_id = claim_id
        self.expected = expected
        self.current = current
        self.current_verdict = current_verdict
        self.current_reviewer = current_reviewer
