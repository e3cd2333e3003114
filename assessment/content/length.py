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
from assessment.content.schema.conditions import Condition, Not
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


def _condition(pack: Pack, q: Question) -> Condition | None:
    """When `q` is asked, as far as one condition says: its own, else its section's."""
    if q.visible_if is not None:
        return q.visible_if
    sections = {s.id: s for s in pack.questionnaire.sections}
    return sections[pack.section_of[q.id]].visible_if


def most_asked(pack: Pack) -> list[Question]:
    """The questions that count, as the organisation shown the most of them meets them: a
    question asked only where another is not (its condition is `not` that question's
    condition, as the regulator's auditability question is asked only where pivot point 3's
    audit trail question is not) is left out, since nobody is asked both."""
    counted = [q for q in pack.questions.values() if q.counts]
    conditions = [c for q in counted if (c := _condition(pack, q)) is not None]
    return [
        q
        for q in counted
        if not (isinstance(q.visible_if, Not) and q.visible_if.not_ in conditions)
    ]


def longest(pack: Pack) -> int:
    """The minutes of the whole questionnaire, for the organisation shown the most questions."""
    return minutes(pack, most_asked(pack))
