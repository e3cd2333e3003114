"""How long a questionnaire takes: one estimate, used wherever a length is promised.

The start page promises it, the survey counts down with it, and `validate` holds the pack's
stated `minutes` to it, so that the promise and the survey never disagree. A respondent reads
what is shown (titles, section notes, questions, help, choices) at `WORDS_PER_MINUTE` and takes
`SECONDS_PER_ANSWER` to choose; a shared choice set (the practice scale, say) is read once, not
under every question that uses it. Optional notes are not counted: they are optional.
"""

from __future__ import annotations

from collections.abc import Iterable

from assessment.content.model import Pack
from assessment.content.schema.questionnaire import Question

WORDS_PER_MINUTE = 200
SECONDS_PER_ANSWER = 8


def _words(text: str | None) -> int:
    return len((text or "").split())


def seconds(pack: Pack, questions: Iterable[Question]) -> float:
    """Reading and answering `questions` (those that count), with their sections' notes."""
    asked = [q for q in questions if q.counts]
    sections = {pack.section_of[q.id] for q in asked}
    words = sum(
        _words(s.title) + _words(s.intro) for s in pack.questionnaire.sections if s.id in sections
    )
    sets_read: set[str] = set()
    for q in asked:
        words += _words(q.text) + _words(q.help) + _words(q.quote)
        words += sum(_words(p.label) for p in q.points or [])
        if isinstance(q.choices, str):
            if q.choices in sets_read:
                continue
            sets_read.add(q.choices)
        words += sum(_words(c.label) + _words(c.help) for c in pack.choices(q))
    return words / WORDS_PER_MINUTE * 60 + len(asked) * SECONDS_PER_ANSWER


def minutes(pack: Pack, questions: Iterable[Question]) -> int:
    """`seconds` in whole minutes, at least one."""
    return max(1, round(seconds(pack, questions) / 60))


def longest(pack: Pack) -> int:
    """The minutes of the whole questionnaire: an organisation shown every question."""
    return minutes(pack, pack.questions.values())
