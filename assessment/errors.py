"""User-facing errors.

A user mistake (a broken pack, an invalid answer) is reported as a list of `Problem`s, one line
each, `file:line: where: what is wrong`. Anything else that escapes is a bug in Pivotpoint.

Messages quote what the user wrote only as a short, escaped `excerpt`, every line is capped at
`MAX_LINE` characters and an error carries at most `MAX_PROBLEMS` problems (then one line saying
how many more there are), so no input, however crafted, turns into pages of output or echoes a
file it should not have read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXCERPT = 60  # characters of a user's value quoted in a message
MAX_WHERE = 160  # characters of a breadcrumb (it may hold user-written keys)
MAX_LINE = 600  # characters of one whole problem line
MAX_PROBLEMS = 100  # problems one error reports before "and N more"


def excerpt(value: Any, limit: int = EXCERPT) -> str:
    """`value` quoted for a message: at most `limit` characters of it, control characters and
    line breaks escaped, and an ellipsis when it was cut. Lists and mappings are named, not
    shown, since they can be arbitrarily large."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= limit else text[:limit] + "…"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping"
    text = value if isinstance(value, str) else type(value).__name__
    quoted = repr(text[:limit])
    return quoted[:-1] + "…" + quoted[-1] if len(text) > limit else quoted


def escape(text: str, limit: int = EXCERPT) -> str:
    """`text` unquoted, at most `limit` characters, control characters escaped, an ellipsis
    when it was cut: for keys and messages shown inside a line."""
    cut = _one_line(text[:limit])
    return cut + "…" if len(text) > limit else cut


def _one_line(text: str) -> str:
    """Values quoted from user input may hold line breaks; a problem stays on one line."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def _cap(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, as fields a caller reads (never parses back from the text): the file,
    the line where there is one, the breadcrumb `where`, the message, and for an answer the
    `question` id it is about (the key as given, for an unknown question), else None."""

    file: str
    line: int | None
    where: str
    message: str
    # not compared: the same problem about the same place is one problem, and None never has to
    # be ordered against an id
    question: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        place = f"{_cap(self.file, MAX_WHERE)}:{self.line}" if self.line else self.file
        where = f" {_cap(_one_line(self.where), MAX_WHERE)}:" if self.where else ""
        return _cap(_one_line(f"{_cap(place, MAX_WHERE)}:{where} {self.message}"), MAX_LINE)


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """The first `limit` problems, then one saying how many were left out."""
    if len(problems) <= limit:
        return list(problems)
    more = len(problems) - limit
    last = problems[limit - 1]
    return [
        *problems[:limit],
        Problem(
            last.file,
            None,
            "",
            f"and {more} more problem{'s' if more != 1 else ''} not shown; fix these and run again",
        ),
    ]


class PivotpointError(Exception):
    """Base for errors caused by input, never by a bug; carries the problems found (at most
    `MAX_PROBLEMS` of them, then one line saying how many more; `total` counts them all)."""

    kind = "error"

    def __init__(self, problems: list[Problem]) -> None:
        self.total = len(problems)
        self.problems = capped(list(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class ContentError(PivotpointError):
    """A questionnaire pack (questionnaire, rules, cases) is broken."""

    kind = "content"


class AnswerError(PivotpointError):
    """An answers file does not fit the questionnaire."""

    kind = "answers"

    @property
    def questions(self) -> list[str]:
        """The question ids the problems are about, each once, in the problems' order."""
        return list(dict.fromkeys(p.question for p in self.problems if p.question is not None))


def closest(word: str, options: list[str], cutoff: float = 0.5) -> str | None:
    """The closest of `options` to `word`, or None if none is close. An option that shares the
    first word ("team_count" -> "teams") beats a longer one that merely shares more letters
    ("patterns_comment")."""
    import difflib

    head = word.split("_")[0]
    same_start = [o for o in options if o.split("_")[0].startswith(head) or head.startswith(o)]
    close = difflib.get_close_matches(word, same_start, n=1, cutoff=0.4) or (
        difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    )
    return close[0] if close else None


def did_you_mean(word: str, options: list[str], cutoff: float = 0.5) -> str:
    """ "; did you mean 'x'?" for the `closest` of `options`, or "" if none is close."""
    match = closest(word, options, cutoff)
    return f"; did you mean '{match}'?" if match is not None else ""
