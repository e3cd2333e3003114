"""Free text in the report, bounded: whatever people typed, a comment takes a few lines, the
comments of a whole workshop take a few pages, and a name meant for one line stays one line.

The input caps comments too, but stored answers and imports from before that cap exist, so the
report bounds what it prints on its own: blank runs collapse, each comment is cut after
`MAX_CHARS` characters or `MAX_LINES` lines with a note saying so, and the comments part shows
at most `MAX_COMMENTS` comments and about `MAX_PRINTED_LINES` printed lines (three pages), then
says how many more the export holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHARS = 1_000
MAX_LINES = 15
MAX_COMMENTS = 40
MAX_PRINTED_LINES = 160
LINE_WIDTH = 60  # characters of wide letters a printed line holds (prose fits about 100)

_BLANK_RUN = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Comment:
    """A comment as printed: its text, and how many characters were kept if it was cut."""

    text: str
    cut_after: int | None = None


def tidy(text: str) -> str:
    """Line ends made plain, trailing spaces dropped, runs of blank lines collapsed to one."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()


def cut(text: str, max_chars: int = MAX_CHARS, max_lines: int = MAX_LINES) -> Comment:
    """`text` tidied and cut after `max_chars` characters or `max_lines` lines, at a space
    where one is near, with an ellipsis."""
    tidied = tidy(text)
    kept = "\n".join(tidied[:max_chars].split("\n")[:max_lines])
    if len(kept) == len(tidied):
        return Comment(tidied)
    space = max(kept.rfind(" "), kept.rfind("\n"))
    if space > len(kept) - 40:
        kept = kept[:space]
    kept = kept.rstrip()
    return Comment(f"{kept} …", cut_after=len(kept))


def one_line(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters, with an ellipsis if it was longer."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def printed_lines(comment: Comment) -> int:
    """About how many lines the comment takes on the page, its note and gap included."""
    lines = sum(max(1, -(-len(line) // LINE_WIDTH)) for line in comment.text.split("\n"))
    return lines + (2 if comment.cut_after is not None else 1)


def bound(
    comments: list[str],
    *,
    max_comments: int = MAX_COMMENTS,
    max_printed_lines: int = MAX_PRINTED_LINES,
) -> tuple[list[Comment], int]:
    """The comments to print, each cut, in the given order, and how many more were left out."""
    shown: list[Comment] = []
    used = 0
    for text in comments:
        comment = cut(text)
        if not comment.text:
            continue
        cost = printed_lines(comment)
        if len(shown) >= max_comments or used + cost > max_printed_lines:
            break
        shown.append(comment)
        used += cost
    more = sum(1 for text in comments if tidy(text)) - len(shown)
    return shown, more
