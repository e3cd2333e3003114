"""User-facing errors.

A user mistake (a broken pack, an invalid answer) is reported as a list of `Problem`s, one line
each, `file:line: where: what is wrong`. Anything else that escapes is a bug in Pivotpoint.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    where: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        where = f" {self.where}:" if self.where else ""
        return _one_line(f"{place}:{where} {self.message}")


def _one_line(text: str) -> str:
    """Values quoted from user input may hold line breaks; a problem stays on one line."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


class PivotpointError(Exception):
    """Base for errors caused by input, never by a bug; carries every problem found."""

    kind = "error"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ContentError(PivotpointError):
    """A questionnaire pack (questionnaire, rules, cases) is broken."""

    kind = "content"


class AnswerError(PivotpointError):
    """An answers file does not fit the questionnaire."""

    kind = "answers"
